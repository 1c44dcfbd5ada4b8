package generator

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"wuxiao/generator/content"
	"wuxiao/generator/headless"
	"wuxiao/generator/scaffold"
	"wuxiao/generator/testtree"
)

// openFormDemo copies the demo content and adds next year's competition whose organize
// phase holds today, so that the 申报表 is open; it builds that tree (now: today) for a
// server of its own and returns the root, the server and the year.
func openFormDemo(t *testing.T, today content.Date) (string, *httptest.Server, int) {
	t.Helper()
	root, year := openFormTree(t, today)
	out := filepath.Join(t.TempDir(), "public")
	srv := httptest.NewServer(serveSite(out))
	t.Cleanup(srv.Close)
	diags, _, err := Build(Config{Root: root, Now: today}, BuildOptions{Out: out, BaseURL: srv.URL + "/"})
	if err != nil {
		if diags != nil {
			t.Logf("diagnostics:\n%s", diags.Text())
		}
		t.Fatalf("build of the demo content with an open competition: %v", err)
	}
	return root, srv, year
}

// openFormTree copies the demo content and adds next year's competition whose organize
// phase holds today; it returns the root and that year.
func openFormTree(t *testing.T, today content.Date) (string, int) {
	t.Helper()
	root := testtree.Demo(t)
	year := today.Year() + 1
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	data, err := os.ReadFile("../content/2026/competition.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "2026", fmt.Sprint(year)), "\n")
	for i, l := range lines {
		for key, span := range map[string]string{"organize": day(-10) + ", to: " + day(60), "review": day(61) + ", to: " + day(90), "award": day(91) + ", to: " + day(120)} {
			if strings.HasPrefix(strings.TrimSpace(l), key+":") {
				lines[i] = "  " + key + ": {from: " + span + "}"
			}
		}
	}
	dir := filepath.Join(root, "content", fmt.Sprint(year))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "competition.yaml"), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, year
}

// fillFormJS sets what SendKeys cannot type reliably (a select, dates, a long body) and
// tells the page, as a browser does after a choice. %s: the started and completed days.
const fillFormJS = `(() => {
  const f = document.getElementById("submit-form");
  const set = (name, v) => { const el = f.elements[name]; el.value = v; el.dispatchEvent(new Event("change", {bubbles: true})); };
  set("unit", "shizhi-cdc");
  set("started", %q);
  set("completed", %q);
  set("body", "## 解决的问题\n\n疾控中心的疫苗冷藏库和冷链车过去靠值班人员每两小时查看一次温度计，夜间和节假日容易漏查，超温发现不及时会使整批疫苗失效。\n\n" +
    "## 做法\n\n我们用通用温度传感器和短信模块做成监测报警装置，温度超出范围时立即向值班人员发短信，并自动记录温度曲线备查。\n\n" +
    "## 效果\n\n装置投入使用后已覆盖全部冷藏库和六辆冷链车，再未发生疫苗超温失效。\n");
  return true;
})()`

// TestBrowserSubmitForm fills the 申报表 at phone width in headless Chromium: the browser's
// constraint validation refuses a bad field, the file text the page writes, placed in the
// tree with its commendations, passes check, and the page loads no WebAssembly. A
// competition whose organize phase is over offers no submission.
func TestBrowserSubmitForm(t *testing.T) {
	headless.Path(t) // skip early when there is no browser
	today := content.Today()
	root, srv, year := openFormDemo(t, today)
	base, _ := url.Parse(srv.URL)
	rec := &recorder{host: base.Host}
	var mu sync.Mutex
	var requested []string
	listen := func(ev any) {
		rec.listen(ev)
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requested = append(requested, ev.Request.URL)
			mu.Unlock()
		}
	}
	tab, cancel := chromedp.NewContext(browser.Tab(t, 3*time.Minute), chromedp.WithListener(listen))
	defer cancel()
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithTimeout(tab, 2*time.Minute)
	defer stop()
	step := func(what string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a); err != nil {
			t.Fatalf("%s：%v", what, err)
		}
	}
	eval := func(js string) bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	step("手机宽度", chromedp.EmulateViewport(375, 800, chromedp.EmulateMobile, chromedp.EmulateScale(2)))
	step("打开申报表", chromedp.Navigate(srv.URL+"/submit/"))
	step("等待生成按钮", chromedp.WaitVisible(chromedp.CSS(`#make-file`)))
	// The open form passes axe-core (no serious or critical violation) at phone width, as
	// every other page type does in TestBrowserAccessibility (where the demo's form is closed).
	if violations, err := headless.AxeViolations(ctx); err != nil || len(violations) > 0 {
		t.Errorf("申报表的无障碍问题（axe-core）：%v %s", err, strings.Join(violations, "\n"))
	}
	if eval(`document.body.innerText.includes("检查通过")`) {
		t.Error("申报表不应说“检查通过”")
	}
	if !eval(`document.getElementById("form-note").textContent.includes("合并请求")`) {
		t.Error("申报表没有说明完整检查在合并请求中进行")
	}
	step("填写项目名称", chromedp.SendKeys(chromedp.CSS(`input[name="title"]`), "疫苗冷链温度自动报警装置"))
	step("填写文件名（错误）", chromedp.SendKeys(chromedp.CSS(`input[name="slug"]`), "Lengjian Baojing"))
	step("选择类别", chromedp.Click(chromedp.CSS(`input[name="category"][value="小发明"]`)))
	step("选择创新类型", chromedp.Click(chromedp.CSS(`input[name="innovation"][value="技术创新"]`)))
	step("填写简介", chromedp.SendKeys(chromedp.CSS(`textarea[name="summary"]`), "在疫苗冷藏库和冷链车上加装温度监测报警装置，超温时自动短信报警。"))
	step("填写经济效益", chromedp.SendKeys(chromedp.CSS(`input[name="economic"]`), "8.5"))
	step("填写完成人", chromedp.SendKeys(chromedp.CSS(`#authors input[name="author_name"]`), "赵明"))
	step("添加完成人", chromedp.Click(chromedp.CSS(`#add-author`)))
	step("填写第二位完成人", chromedp.SendKeys(chromedp.CSS(`#authors li:nth-child(2) input[name="author_name"]`), "钱芳"))
	step("填写联系人", chromedp.SendKeys(chromedp.CSS(`input[name="contact_name"]`), "赵明"))
	step("填写联系电话", chromedp.SendKeys(chromedp.CSS(`input[name="contact_phone"]`), "13903530099"))
	started, completed := today.AddDate(0, 0, -200).Format("2006-01-02"), today.AddDate(0, 0, -30).Format("2006-01-02")
	if !eval(fmt.Sprintf(fillFormJS, started, completed)) {
		t.Fatal("填表脚本失败")
	}

	// An invalid file name: the browser's constraint validation flags it, no file is offered.
	if eval(`document.querySelector('input[name="slug"]').validity.valid`) {
		t.Error("文件名 “Lengjian Baojing” 不合规则，浏览器却认为有效")
	}
	step("生成（应被拦下）", chromedp.Click(chromedp.CSS(`#make-file`)))
	if !eval(`document.getElementById("submit-out").hidden`) {
		t.Error("文件名不合规则时仍然给出了申报文件")
	}
	step("改正文件名", chromedp.SetValue(chromedp.CSS(`input[name="slug"]`), "lengjian-baojing"))
	if invalid, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.prototype.filter.call(document.getElementById("submit-form").elements, e => e.willValidate && !e.validity.valid).map(e => e.name + ":" + e.validationMessage).join("; ")`)); invalid != "" {
		t.Fatalf("表格仍有无效项：%s", invalid)
	}
	step("生成申报文件", chromedp.Click(chromedp.CSS(`#make-file`)))
	step("等待申报文件", chromedp.WaitVisible(chromedp.CSS(`#file-text`)))
	text, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#file-text`)))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#file-path`)))
	link, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#new-file`), "href"))
	group, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[name="group"]:checked').value`))
	long := eval(`!document.getElementById("long-note").hidden`)
	t.Logf("%s（网址 %d 字符，过长 %v）\n%s", p, len(link.Value), long, text)
	if !strings.Contains(text, "  phone: \"13903530099\"\n") || !strings.Contains(text, "钱芳") {
		t.Errorf("文件中缺少联系电话或第二位完成人")
	}
	if group != "职工" {
		t.Errorf("选了事业单位，组别应自动为职工，而不是 %q", group)
	}
	wantLink := fmt.Sprintf("https://github.com/yq-union/wuxiao/new/main/content/%d/submissions/shizhi-cdc/?filename=lengjian-baojing.md&value=", year)
	u, err := url.Parse(link.Value)
	switch {
	case err != nil || !strings.HasPrefix(link.Value, wantLink):
		t.Errorf("新建文件的链接不对：%.200s", link.Value)
	case long && (u.Query().Get("value") != "" || len(link.Value) > 4000):
		t.Errorf("文件过长时链接只应带文件名：%.200s", link.Value)
	case !long && u.Query().Get("value") != text:
		t.Errorf("新建文件的链接没有带上文件内容：%.200s", link.Value)
	}
	if want := fmt.Sprintf("content/%d/submissions/shizhi-cdc/lengjian-baojing.md", year); p != want {
		t.Errorf("文件位置为 %q，应为 %q", p, want)
	}
	if !eval(`document.getElementById("download-file").download === "lengjian-baojing.md" && document.getElementById("download-file").href.startsWith("blob:")`) {
		t.Error("没有提供下载申报文件")
	}

	// A long file does not go into the address: the new-file page gets the name only and
	// the page says to paste the copied text.
	if !eval(`(() => { const b = document.querySelector('textarea[name="body"]'); b.value += "\n\n## 应用情况\n\n" + "装置在各冷藏库连续运行，报警及时准确，值班人员据此处置超温十余次。".repeat(20); b.dispatchEvent(new Event("input", {bubbles: true})); return document.getElementById("submit-out").hidden; })()`) {
		t.Error("改动表格后仍显示旧的申报文件")
	}
	step("再次生成", chromedp.Click(chromedp.CSS(`#make-file`)))
	step("等待长文件提示", chromedp.WaitVisible(chromedp.CSS(`#long-note`)))
	longLink, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#new-file`), "href"))
	if lu, err := url.Parse(longLink.Value); err != nil || len(longLink.Value) > 4000 || lu.Query().Get("filename") != "lengjian-baojing.md" || lu.Query().Get("value") != "" {
		t.Errorf("长文件的新建链接应只带文件名（%d 字符）：%.300s", len(longLink.Value), longLink.Value)
	}
	for _, problem := range rec.take() {
		t.Errorf("页面出错：%s", problem)
	}

	if !eval(`document.documentElement.scrollWidth <= window.innerWidth + 1`) {
		t.Error("申报表在 375 px 宽的手机上比屏幕宽")
	}

	// With the largest font and high contrast (适老化, the header's bar) the form still fits
	// the phone, and what is typed into it, its buttons and notes stay readable.
	step("特大字号和高对比度", chromedp.Steps(chromedp.Evaluate[chromedp.Void](`localStorage.setItem('wuxiao-read', 'fs-2 hc')`),
		chromedp.Navigate(srv.URL+"/submit/"), chromedp.WaitVisible(chromedp.CSS(`#make-file`))))
	for _, p := range headless.HighContrastProblems(t, ctx) {
		t.Errorf("申报表（特大字号、高对比度）：%s", p)
	}
	if !eval(`document.documentElement.className.includes('hc') && document.documentElement.scrollWidth <= window.innerWidth + 1`) {
		t.Error("申报表在特大字号、高对比度下比 375 px 的屏幕宽（或设置没有生效）")
	}
	step("恢复阅读设置", chromedp.Evaluate[chromedp.Void](`localStorage.removeItem('wuxiao-read')`))

	// Without JavaScript the form and the steps are still there.
	step("关闭脚本", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	step("无脚本打开申报表", chromedp.Navigate(srv.URL+"/submit/"))
	if !eval(`document.body.innerText.includes("wuxiao new submission") && document.querySelector('input[name="title"]').offsetHeight > 0 && document.getElementById("make-file").hidden`) {
		t.Error("关闭脚本时申报表应显示表格和申报步骤（且不显示无用的生成按钮）")
	}

	// The closed competition (the shared demo, built on 2026-11-25) offers no submission.
	_, closed := builtDemo(t)
	step("打开已截止的申报表", chromedp.Navigate(closed.URL+"/submit/"))
	if !eval(`document.getElementById("form-closed").textContent.includes("申报已截止") && !document.getElementById("submit-form") && !document.querySelector('script[src*="submit"]')`) {
		t.Error("申报已截止时页面仍提供申报")
	}
	mu.Lock()
	for _, r := range requested {
		if strings.Contains(r, ".wasm") || strings.Contains(r, "wasm_exec") {
			t.Errorf("申报表请求了 WebAssembly：%s", r)
		}
	}
	if len(requested) == 0 {
		t.Error("没有记录到任何请求，无法确认未加载 WebAssembly")
	}
	mu.Unlock()

	// The text, placed in the tree with the two commendations it needs, passes check.
	before := errorSet(t, root, today)
	if err := os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, p), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	tree, _, err := content.Load(content.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	id := "shizhi-cdc/lengjian-baojing"
	for _, issuer := range []string{"shizhi-cdc", "shizhi"} {
		f, err := scaffold.CommendationStub(tree, year, issuer, id)
		if err != nil {
			t.Fatal(err)
		}
		filled := strings.NewReplacer("doc: "+content.Placeholder, "doc: 疾控工会发〔2026〕2号",
			"date: "+content.Placeholder, "date: "+completed, "award: "+content.Placeholder, "award: 一等奖").Replace(string(f.Data))
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(f.Path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, f.Path), []byte(filled), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for e := range errorSet(t, root, today) {
		if !before[e] {
			t.Errorf("申报表生成的文件未通过检查：%s", e)
		}
	}
}
