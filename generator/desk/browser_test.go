package desk

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"wuxiao/generator/headless"
)

var screenshots = flag.Bool("screenshots", false, "write each role's main page at 375 px to .github/screenshots/")

// serve runs the fixture's desk on a loopback port and returns its base URL.
func serveFixture(t *testing.T, today string) (*fixture, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	f := newFixtureAt(t, today, base)
	srv := &http.Server{Handler: headless.WithAxe(f.s)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return f, base
}

// phone sets a 375 px wide phone screen and signs the tab in as login.
func phone(f *fixture, base, login string) chromedp.Action[chromedp.Void] {
	c := f.as(login)
	return chromedp.Steps(chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			if _, err := cdp.Call(ctx, t, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, t, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: base})
			return err
		}))
}

// noScript switches script off in the tab, as a browser with JavaScript disabled.
func noScript() chromedp.Action[chromedp.Void] { return scripts(false) }

// scripts switches the page's script on or off.
func scripts(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	})
}

// phoneProblems is layoutProblems, the words the page breaks over lines
// (headless.BrokenWords) and its text too small or too tight (headless.TextProblems).
func phoneProblems(ctx context.Context) ([]string, error) {
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](layoutProblems))
	if err != nil {
		return nil, err
	}
	broken, err := headless.BrokenWords(ctx)
	if err != nil {
		return nil, err
	}
	text, err := headless.TextProblems(ctx)
	for _, s := range text.Small {
		problems = append(problems, "text under 12 px: "+s)
	}
	for _, s := range text.Tight {
		problems = append(problems, "line spacing under 1.3: "+s)
	}
	return append(problems, broken...), err
}

// layoutProblems lists what a phone user would trip on: a page wider than the screen,
// tap targets under 44 px high. phoneProblems adds the words and the text.
const layoutProblems = `(() => {
  const out = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push("page wider than the screen: " + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll("main button, main .button, main input:not([type=checkbox]):not([type=radio]):not([type=hidden]), main label.check, main select, header button")) {
    const r = el.getBoundingClientRect();
    if (r.height < 44) out.push((el.name || el.textContent.trim()) + " is " + Math.round(r.height) + " px high");
  }
  return out;
})()`

// rolePage is a main page of one role of the desk, on a day it has work.
type rolePage struct{ name, today, login, path, want string }

func rolePages() []rolePage {
	return []rolePage{
		{"unit", "2026-09-20", "mine1-admin", "unit/kuangqu-mine1/", "待县区推荐"},
		{"declare", "2026-09-15", "mine1-admin", "unit/kuangqu-mine1/declare", "项目名称"},
		{"draft", "2026-09-15", "mine1-admin", "unit/kuangqu-mine1/declare?draft=", "在情况说明中显示这张照片"}, // with a photo shown
		{"county", "2026-09-20", "kuangqu-union", "county/kuangqu/", "井下皮带自动张紧装置"},
		{"expert", "2023-10-15", "expert3", "expert/", "创新性"},
		{"city", "2023-12-20", "yq-union", "city/", "覆盖率"},
		{"bulletin", "2026-09-20", "kuangqu-union", "county/kuangqu/bulletin", "期号"},
	}
}

func TestPhonePagesOfEachRole(t *testing.T) {
	ctx := chromium.PrivateTab(t, 2*time.Minute)
	for _, c := range rolePages() {
		f, base := serveFixture(t, c.today)
		if c.name == "unit" || c.name == "county" {
			addPending(t, f.root)
		}
		if c.name == "draft" {
			c.path += draftWithPhoto(t, f)
		}
		if err := chromedp.Do(ctx, phone(f, base, c.login), chromedp.Navigate(base+c.path)); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		problems, err := phoneProblems(ctx)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		violations, err := headless.AxeViolations(ctx)
		if err != nil {
			t.Fatalf("%s: axe: %v", c.name, err)
		}
		for _, v := range violations {
			t.Errorf("%s: axe-core %s", c.name, v)
		}
		if c.name == "draft" { // the proofs, where its photo's box is
			if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(".proof"))); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
		if !strings.Contains(text, c.want) {
			t.Errorf("%s: page lacks %q:\n%s", c.name, c.want, text)
		}
		for _, p := range problems {
			t.Errorf("%s at 375 px: %s", c.name, p)
		}
		if *screenshots { // a PNG is Chromium's work of a frame and a compression: only when kept
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			saveScreenshot(t, "desk-"+c.name+".png", png)
		}
	}
	// The city's dashboard on a desktop screen, whole: the counties' table, the checks, the
	// award proposal and the results' status form.
	f, base := serveFixture(t, "2023-12-20")
	err := chromedp.Do(ctx, phone(f, base, "yq-union"), chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"city/"))
	var text string
	if err == nil {
		text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	}
	if err != nil {
		t.Fatalf("city at 1280 px: %v", err)
	}
	if !strings.Contains(text, "全市总览") {
		t.Errorf("city at 1280 px: the dashboard lacks 全市总览:\n%s", text)
	}
	if *screenshots {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("city at 1280 px: %v", err)
		}
		saveScreenshot(t, "desk-city-wide.png", png)
	}
}

// TestReadingSettingsOnTheDesk: the desk has the public site's reading settings (适老化):
// the header's bar sets the largest font and high contrast, they stay from page to page,
// and every role's page still fits a 375 px phone with them, its tap targets large and its
// text in contrast enough (axe-core's contrast rules).
func TestReadingSettingsOnTheDesk(t *testing.T) {
	ctx := chromium.PrivateTab(t, 2*time.Minute)
	const fontPx = `parseFloat(getComputedStyle(document.querySelector('main p, main li, main label')).fontSize)`
	const bg = `getComputedStyle(document.body).backgroundColor`
	f, base := serveFixture(t, "2026-09-20")
	if err := chromedp.Do(ctx, phone(f, base, "mine1-admin"), chromedp.Navigate(base+"unit/kuangqu-mine1/")); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.site-header #read-bar button').length`))
	if err != nil || n != 4 {
		t.Fatalf("the desk's header has %d reading buttons (%v), want the site's four (标准 大 特大 高对比度)", n, err)
	}
	before, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](fontPx))
	bgBefore, _ := chromedp.Run(ctx, chromedp.Evaluate[string](bg))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#read-bar [data-fs=fs-2]`)), chromedp.Click(chromedp.CSS(`#read-bar [data-hc]`))); err != nil {
		t.Fatal(err)
	}
	after, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](fontPx))
	if after < before*1.3 {
		t.Errorf("text is %.1f px after choosing the largest size, %.1f px before", after, before)
	}
	if b, _ := chromedp.Run(ctx, chromedp.Evaluate[string](bg)); b == bgBefore {
		t.Errorf("high contrast did not change the background (%s)", b)
	}
	// Each role's page below is served from another port: another origin, with storage of
	// its own. The settings are stored there before the page's own scripts run, as the
	// reader's earlier visit left them, instead of on the page and the page loaded again.
	err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument,
			cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: `localStorage.setItem('wuxiao-read', 'fs-2 hc')`})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rolePages() {
		f, base := serveFixture(t, c.today)
		if c.name == "unit" || c.name == "county" {
			addPending(t, f.root)
		}
		err := chromedp.Do(ctx, phone(f, base, c.login), chromedp.Navigate(base+c.path))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		classes, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.className`))
		if !strings.Contains(classes, "fs-2") || !strings.Contains(classes, "hc") {
			t.Fatalf("%s: the page has reading settings %q, want fs-2 hc", c.name, classes)
		}
		problems, err := phoneProblems(ctx)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, p := range problems {
			t.Errorf("%s at 375 px, largest font and high contrast: %s", c.name, p)
		}
		for _, p := range headless.HighContrastProblems(t, ctx) {
			t.Errorf("%s, largest font and high contrast: %s", c.name, p)
		}
		if *screenshots && c.name == "unit" {
			if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
				saveScreenshot(t, "desk-unit-large.png", png)
			}
		}
	}
}

// saveScreenshot writes a screenshot for the README.
func saveScreenshot(t *testing.T, name string, png []byte) {
	dir := filepath.Join("..", "..", ".github", "screenshots")
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fillDeclaration fills the declaration form with v as a person does: the text fields a
// story's declaration has, and more, typed; its choices and dates set.
func fillDeclaration(v url.Values, more ...string) []chromedp.Action[chromedp.Void] {
	var steps []chromedp.Action[chromedp.Void]
	for _, k := range append([]string{"title", "author_name_0", "author_role_0", "summary", "economic", "social", "body", "contact_name", "commend_doc", "proof_title"}, more...) {
		steps = append(steps, chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`[name=%q]`, k)), v.Get(k)))
	}
	for _, k := range []string{"category", "innovation", "commend_award", "started", "completed", "submitted", "commend_date"} {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`[name=%q]`, k)), v.Get(k)))
	}
	return steps
}

// TestDeclareWithJavaScriptOff fills and submits the declaration form, proof included, in a
// browser that runs no script at all.
func TestDeclareWithJavaScriptOff(t *testing.T) {
	ctx := chromium.PrivateTab(t, 2*time.Minute)
	f, base := serveFixture(t, "2026-09-15")
	proofFile := filepath.Join(t.TempDir(), "应用证明.pdf")
	os.WriteFile(proofFile, pdf("应用证明"), 0o644)
	v := declaration2026()
	var actions []chromedp.Action[chromedp.Void]
	actions = append(actions, phone(f, base, "mine1-admin"), noScript(), chromedp.Navigate(base+"unit/kuangqu-mine1/declare"))
	actions = append(actions, fillDeclaration(v, "author_name_1")...)
	actions = append(actions, chromedp.SetUploadFiles(chromedp.CSS(`#proof`), []string{proofFile}),
		chromedp.Click(chromedp.CSS(`button[value=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.items`)))
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	got := f.forge("mine1-admin").proposed
	if len(got) != 1 || !strings.Contains(text, "合并请求 #1") {
		t.Fatalf("no pull request from the form without script (%d):\n%s", len(got), text)
	}
	n := 0
	for p := range got[0].Files {
		if strings.Contains(p, "/attachments/") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d proofs in the pull request", n)
	}
}

// TestFindingsKeepDatesWhole: the checker's findings beside the declaration's fields keep
// their dates on one line (dated), at every phone width from 320 to 428 px: its messages
// name dates such as the organising phase's (2026-03-01 至 2026-09-30).
func TestFindingsKeepDatesWhole(t *testing.T) {
	ctx := chromium.PrivateTab(t, 2*time.Minute)
	f, base := serveFixture(t, "2026-09-15")
	v := declaration2026()
	v.Set("submitted", "2026-02-20") // before the organising phase
	v.Set("commend_date", "2026-10-09")
	actions := []chromedp.Action[chromedp.Void]{phone(f, base, "mine1-admin"), chromedp.Navigate(base + "unit/kuangqu-mine1/declare")}
	actions = append(actions, fillDeclaration(v)...)
	actions = append(actions, chromedp.Click(chromedp.CSS(`button[value=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.problem`)))
	limit, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(limit, actions...); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "2026-09-30") {
		t.Fatalf("the findings name no date of the phase:\n%s", text)
	}
	for width := int64(320); width <= 428; width += 4 {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 812, chromedp.EmulateMobile, chromedp.EmulateScale(2))); err != nil {
			t.Fatal(err)
		}
		broken, err := headless.BrokenWords(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range broken {
			t.Errorf("at %d px: %s", width, b)
		}
	}
}
