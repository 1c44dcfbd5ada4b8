package generator

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wuxiao/generator/content"
	"wuxiao/generator/headless"
	"wuxiao/generator/scaffold"
)

// fillFormJS sets what SendKeys cannot type reliably (a select, dates, a long body) and
// tells the page, as a browser does after a choice.
const fillFormJS = `(() => {
  const f = document.getElementById("submit-form");
  const set = (name, v) => { const el = f.elements[name]; el.value = v; el.dispatchEvent(new Event("change", {bubbles: true})); };
  set("year", "2026");
  set("unit", "shizhi-cdc");
  set("submitted", "2026-09-10");
  set("started", "2026-01-05");
  set("completed", "2026-06-30");
  set("body", "## 解决的问题\n\n疾控中心的疫苗冷藏库和冷链车过去靠值班人员每两小时查看一次温度计，夜间和节假日容易漏查，超温发现不及时会使整批疫苗失效。\n\n" +
    "## 做法\n\n我们用通用温度传感器和短信模块做成监测报警装置，温度超出范围时立即向值班人员发短信，并自动记录温度曲线备查。\n\n" +
    "## 效果\n\n装置今年6月投入使用，已覆盖全部冷藏库和六辆冷链车，再未发生疫苗超温失效。\n");
  return true;
})()`

// formChecker compiles the form's checker (cmd/wuxiao-wasm) with Go's wasm_exec.js, as
// static files for BuildOptions.Static. The build never compiles it: a caller that wants
// the checker on the 申报表 page brings it, as this test does.
func formChecker(t *testing.T) content.MemFS {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-trimpath", "-o", filepath.Join(dir, "checker.wasm"), "./cmd/wuxiao-wasm")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/wuxiao-wasm: %v\n%s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := os.ReadFile(filepath.Join(dir, "checker.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	return content.MemFS{"static/checker.wasm": wasm, "static/wasm_exec.js": js}
}

// TestBrowserSubmitForm fills the 申报表, given the form's checker, in headless Chromium;
// the file text it produces, placed in the tree with its commendations, passes check.
func TestBrowserSubmitForm(t *testing.T) {
	headless.Path(t) // skip early when there is no browser
	_, srv := builtDemoWith(t, formChecker(t))
	base, _ := url.Parse(srv.URL)
	rec := &recorder{host: base.Host}
	tab, cancel := chromedp.NewContext(browser.Tab(t, 4*time.Minute), chromedp.WithListener(rec.listen))
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
	step("打开申报表", chromedp.Navigate(srv.URL+"/submit/"))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`typeof window.wuxiaoForm === "function"`)); err != nil {
		t.Fatalf("检查程序没有加载：%v %v", err, rec.take())
	}
	step("填写项目名称", chromedp.SendKeys(chromedp.CSS(`input[name="title"]`), "疫苗冷链温度自动报警装置"))
	step("选择类别", chromedp.Click(chromedp.CSS(`input[name="category"][value="小发明"]`)))
	step("选择创新类型", chromedp.Click(chromedp.CSS(`input[name="innovation"][value="技术创新"]`)))
	step("填写简介", chromedp.SendKeys(chromedp.CSS(`textarea[name="summary"]`), "在疫苗冷藏库和冷链车上加装温度监测报警装置，超温时自动短信报警。"))
	step("填写经济效益", chromedp.SendKeys(chromedp.CSS(`input[name="economic"]`), "8.5"))
	step("填写完成人", chromedp.SendKeys(chromedp.CSS(`#authors input[data-k="name"]`), "赵明"))
	step("添加完成人", chromedp.Click(chromedp.CSS(`#add-author`)))
	step("填写第二位完成人", chromedp.SendKeys(chromedp.CSS(`#authors li:nth-child(2) input[data-k="name"]`), "钱芳"))
	step("填写联系人", chromedp.SendKeys(chromedp.CSS(`input[name="contact_name"]`), "赵明"))
	step("填写联系电话", chromedp.SendKeys(chromedp.CSS(`input[name="contact_phone"]`), "13903530099"))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fillFormJS)); err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Poll[string](
		`document.getElementById("checker-status").textContent.startsWith("检查通过") && document.getElementById("file-text").value.includes("钱芳") && document.getElementById("checker-status").textContent`,
		chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		problems, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("checker-status").textContent + "\n" + document.getElementById("problems").innerText`))
		t.Fatalf("申报表没有通过检查：%v\n%s", err, problems)
	}
	text, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#file-text`)))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#file-path`)))
	link, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#new-file`), "href"))
	group, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[name="group"]:checked').value`))
	t.Logf("%s；%s\n%s", status, p, text)
	if !strings.Contains(text, "  phone: \"13903530099\"\n") {
		t.Errorf("文件中没有联系电话")
	}
	if group != "职工" {
		t.Errorf("选了事业单位，组别应自动为职工，而不是 %q", group)
	}
	for _, problem := range rec.take() {
		t.Errorf("页面出错：%s", problem)
	}
	wantLink := "https://github.com/yq-union/wuxiao/new/main/content/2026/submissions/shizhi-cdc/?filename="
	if u, err := url.Parse(link.Value); err != nil || !strings.HasPrefix(link.Value, wantLink) || u.Query().Get("value") != text {
		t.Errorf("新建文件的链接不对：%.200s", link.Value)
	}

	// The text, placed in the tree with the two commendations it needs, passes check.
	root := copyDemo(t)
	now, _ := content.ParseDate("2026-09-15")
	before := errorSet(t, root, now)
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
	id := "shizhi-cdc/" + strings.TrimSuffix(filepath.Base(p), ".md")
	for _, issuer := range []string{"shizhi-cdc", "shizhi"} {
		f, err := scaffold.CommendationStub(tree, 2026, issuer, id)
		if err != nil {
			t.Fatal(err)
		}
		filled := strings.NewReplacer("doc: "+content.Placeholder, "doc: 疾控工会发〔2026〕2号",
			"date: "+content.Placeholder, "date: 2026-08-01", "award: "+content.Placeholder, "award: 一等奖").Replace(string(f.Data))
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(f.Path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, f.Path), []byte(filled), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for e := range errorSet(t, root, now) {
		if !before[e] {
			t.Errorf("申报表生成的文件未通过检查：%s", e)
		}
	}
}
