package generator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"wuxiao/generator/headless"
)

// The accessibility and phone test: every kind of page at 320, 375 and 1280 px in headless
// Chromium, measured as its users meet it. Set WUXIAO_SCREENSHOTS=DIR to keep a PNG of
// each page at 375 and 1280 px.

// pageTypes are one page of each kind in the demo site (2025 final, 2026 in 公示).
func pageTypes() [][2]string {
	return [][2]string{
		{"home", "/"}, {"year-notice", "/2026/"}, {"year-final", "/2025/"},
		{"awards-final", "/2025/awards/"}, {"awards-notice", "/2026/awards/"}, {"notice", "/2026/notice/"},
		{"result-notice", "/2026/results/yuxian-hospital/xiangzhen-xindian/"},
		{"result-final", "/2025/results/chengqu-heating/huanrezhan-wurenzhishou/"},
		{"browse", "/browse/"}, {"facet", "/browse/category/improvement/"},
		{"units", "/units/"}, {"unit", "/units/yuxian/"},
		{"cases", "/cases/"}, {"case", "/2025/cases/wasi-fangshuiqi/"},
		{"bulletins", "/bulletins/"}, {"bulletin", "/2026/bulletins/2026-01/"},
		{"page-guide", "/pages/guide/"}, {"stats", "/stats/"}, {"year-stats", "/2026/stats/"},
		{"search", "/search/?q=" + url.QueryEscape("皮带")}, {"submit", "/submit/"}, {"404", "/404.html"},
		{"certificates", "/office/" + url.PathEscape("荣誉证书2025.html")}, {"decision-final", "/2025/decision/"}, {"decision-notice", "/2026/decision/"},
	}
}

// measureJS reports what the test asserts about the page as it is laid out now, besides
// its text (headless.TextProblems) and its words (headless.BrokenWords).
const measureJS = `(() => {
  const de = document.documentElement, out = {scroll: [de.scrollWidth, de.clientWidth, document.body.scrollWidth], classes: de.className, taps: []};
  for (const a of document.querySelectorAll('.nav a, .read-bar button')) {
    const r = a.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.height < 43.5 || r.width < 43.5) out.taps.push(a.textContent.trim() + ' ' + Math.round(r.width) + '×' + Math.round(r.height));
  }
  return out;
})()`

type measure struct {
	Scroll  []int    `json:"scroll"` // the page's and the body's scroll widths, the window's width
	Classes string   `json:"classes"`
	Taps    []string `json:"taps"`
	headless.Text
}

func TestBrowserAccessibility(t *testing.T) {
	headless.Path(t)
	out, srv := builtDemo(t)
	// Its tabs keep a storage of their own: they see the site as a first visit does, with
	// none of the reading settings other tests choose (TestBrowserNoHorizontalScroll
	// measures the largest font).
	browser := browser.PrivateTab(t, 5*time.Minute)
	shots := os.Getenv("WUXIAO_SCREENSHOTS")
	axeCounts := map[string]int{}
	var mu sync.Mutex // axeCounts
	// Three page types at a time, in three tabs: on a busy machine the browser's share of
	// the CPU, not the pages, is what takes the time. A tab loads its page types one after
	// another: opening a tab cost Chromium 156 about 0.9 s of processor time, a page
	// loaded in a tab open already 0.14 s, and each page type is a page loaded afresh.
	jobs := make(chan [2]string)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			tab, cancelTab := chromedp.NewContext(browser)
			defer cancelTab()
			if err := chromedp.Do(tab); err != nil { // opens the tab, which lives until cancelTab
				t.Errorf("opening a tab: %v", err)
				for range jobs {
				}
				return
			}
			for pt := range jobs {
				checkAccessibility(t, tab, srv.URL, out, shots, pt, &mu, axeCounts)
			}
		})
	}
	for _, pt := range pageTypes() {
		jobs <- pt
	}
	close(jobs)
	wg.Wait()
	report, _ := json.Marshal(axeCounts)
	t.Logf("axe-core serious+critical violations per page type (375 and 1280 px): %s", report)
}

// checkAccessibility loads one page type in tab and measures it at 320, 375 and 1280 px.
func checkAccessibility(t *testing.T, tab context.Context, site, out, shots string, pt [2]string, mu *sync.Mutex, axeCounts map[string]int) {
	name, p := pt[0], pt[1]
	file := strings.SplitN(p, "?", 2)[0]
	if !strings.HasSuffix(file, ".html") {
		file += "index.html"
	}
	if rest, ok := strings.CutPrefix(file, "/office/"); ok { // builtDemo: wuxiao ledger's output
		out, file = filepath.Join(filepath.Dir(out), "office"), "/"+rest
		file, _ = url.PathUnescape(file)
	}
	if !exists(filepath.Join(out, filepath.FromSlash(file))) {
		t.Errorf("%s: %s was not built", name, p)
		return
	}
	// The page loaded once: the widths are the same page laid out again (media queries
	// follow the viewport), and axe-core is loaded once (AxeViolations finds it there).
	tab, cancel := context.WithTimeout(tab, 90*time.Second)
	defer cancel()
	var shownAt375 string // which elements the page shows at 375 px, where axe runs every rule
	for i, width := range []int64{320, 375, 1280} {
		opts := []chromedp.EmulateViewportOption{}
		if width < 600 {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
		}
		err := chromedp.Do(tab, chromedp.EmulateViewport(width, 800, opts...))
		if err == nil && i == 0 {
			err = chromedp.Do(tab, chromedp.Navigate(site+p))
			if err == nil && name == "search" {
				err = chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`#search-results li`)))
			}
		}
		var m measure
		var cut []string
		if err == nil {
			m, err = chromedp.Run(tab, chromedp.Evaluate[measure](measureJS))
		}
		if err == nil {
			cut, err = chromedp.Run(tab, chromedp.Evaluate[[]string](placeholdersCutJS))
		}
		var broken []string
		if err == nil {
			broken, err = headless.BrokenWords(tab)
		}
		if err == nil {
			m.Text, err = headless.TextProblems(tab)
		}
		// axe at 375 px, every rule; at 1280 px the rules whose outcome depends on layout,
		// when the page shows the same elements as at 375 px (the other rules see the same
		// then), else every rule again. Colours and names do not change at 320 px.
		var violations []string
		var shown string
		if err == nil && width != 320 {
			shown, err = headless.Shown(tab)
		}
		switch {
		case err != nil || width == 320:
		case width == 375:
			shownAt375 = shown
			violations, err = headless.AxeViolations(tab)
		case shown == shownAt375:
			violations, err = headless.AxeLayoutViolations(tab)
		default:
			t.Logf("%s shows other elements at %d px than at 375 px: axe runs every rule again", name, width)
			violations, err = headless.AxeViolations(tab)
		}
		if err == nil && shots != "" && width != 320 {
			var png []byte
			if png, err = chromedp.Run(tab, chromedp.FullScreenshot(100)); err == nil {
				err = os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%d.png", name, width)), png, 0o644)
			}
		}
		if err != nil {
			t.Errorf("%s at %d px: %v", name, width, err)
			break
		}
		at := fmt.Sprintf("%s (%s) at %d px", name, p, width)
		if p := m.scrollProblem(); p != "" {
			t.Errorf("%s %s", at, p)
		}
		if settings := m.readingSettings(); settings != "" {
			t.Errorf("%s: the page has reading settings %q, want none (a first visit's)", at, settings)
		}
		if len(cut) > 0 {
			t.Errorf("%s: placeholders cut by their boxes: %q", at, cut)
		}
		if len(broken) > 0 {
			t.Errorf("%s: words broken over lines: %s", at, strings.Join(first(broken, 5), "; "))
		}
		if len(m.Small) > 0 {
			t.Errorf("%s: text under 12 px: %s", at, strings.Join(first(m.Small, 5), "; "))
		}
		if len(m.Tight) > 0 {
			t.Errorf("%s: line spacing under 1.3: %s", at, strings.Join(first(m.Tight, 5), "; "))
		}
		if len(m.Taps) > 0 {
			t.Errorf("%s: navigation tap targets under 44 px: %s", at, strings.Join(first(m.Taps, 5), "; "))
		}
		mu.Lock()
		axeCounts[name] += len(violations)
		mu.Unlock()
		for _, v := range violations {
			t.Errorf("%s: axe %s", at, v)
		}
	}
}

// scrollProblem says how the page measured scrolls sideways, or "" when it does not.
func (m measure) scrollProblem() string {
	if len(m.Scroll) != 3 {
		return fmt.Sprintf("has scroll widths %v", m.Scroll)
	}
	if wide := max(m.Scroll[0], m.Scroll[2]); wide > m.Scroll[1] {
		return fmt.Sprintf("scrolls sideways: %d px wide in a %d px window", wide, m.Scroll[1])
	}
	return ""
}

// readingSettings are the classes read.js keeps for the reader's settings on the page
// measured ("fs-2 hc"), without its own "js".
func (m measure) readingSettings() string {
	return strings.Join(slices.DeleteFunc(strings.Fields(m.Classes), func(c string) bool { return c == "js" }), " ")
}

func first(list []string, n int) []string { return list[:min(n, len(list))] }

// The font-size switch and the high-contrast mode change the page, work from the keyboard,
// and are remembered on the next page (localStorage, no cookie).
func TestBrowserReadingSettings(t *testing.T) {
	headless.Path(t)
	_, srv := builtDemo(t)
	browser := browser.PrivateTab(t, 2*time.Minute) // the settings it chooses stay in its own storage, not the other tests'
	tab, cancel := chromedp.NewContext(browser)
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, 60*time.Second)
	defer cancelT()
	size := `parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)`
	bg := `getComputedStyle(document.body).backgroundColor`
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 800, chromedp.EmulateMobile, chromedp.EmulateScale(2)), chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#read-bar`))); err != nil {
		t.Fatal(err)
	}
	before, err := chromedp.Run(ctx, chromedp.Evaluate[float64](size))
	if err != nil {
		t.Fatal(err)
	}
	bgBefore, _ := chromedp.Run(ctx, chromedp.Evaluate[string](bg))
	steps, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-fs]').length`))
	if err != nil || steps < 3 {
		t.Fatalf("font-size switch: %d steps (%v), want at least 3", steps, err)
	}
	// read.js builds the bar (no page carries its markup): once, at the top of the header,
	// its group named by its label, every button saying whether it is on.
	shape, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function () {
  var bars = document.querySelectorAll('#read-bar'), b = bars[0], g, out = [];
  if (bars.length !== 1) return 'bars: ' + bars.length;
  if (b.parentNode !== document.querySelector('.site-header') || b.previousElementSibling) return 'not first in the header';
  if (b.hidden || b.offsetHeight === 0) return 'not shown';
  g = b.querySelector('[role=group]');
  if (!g || !document.getElementById(g.getAttribute('aria-labelledby'))) return 'group without its label';
  b.querySelectorAll('button').forEach(function (x) { out.push(x.textContent + '=' + x.getAttribute('aria-pressed')); });
  return out.join(' ');
})()`))
	if want := "标准=true 大=false 特大=false 高对比度=false"; err != nil || shape != want {
		t.Errorf("the reading bar: %q (%v), want %q", shape, err, want)
	}
	// Keyboard: focus the largest step and press Enter; then the contrast toggle with Space.
	if err := chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS(`[data-fs]:last-of-type`)), chromedp.KeyEvent("\r"),
		chromedp.Focus(chromedp.CSS(`[data-hc]`)), chromedp.KeyEvent(" "),
	); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		after, err := chromedp.Run(ctx, chromedp.Evaluate[float64](size))
		if err != nil {
			t.Fatal(err)
		}
		if after < before*1.3 {
			t.Errorf("%s: text is %.1f px, was %.1f px before choosing the largest size", when, after, before)
		}
		if b, _ := chromedp.Run(ctx, chromedp.Evaluate[string](bg)); b == bgBefore {
			t.Errorf("%s: high contrast did not change the background (%s)", when, b)
		}
		if c, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie`)); c != "" {
			t.Errorf("%s: the page set a cookie: %q", when, c)
		}
		w, _ := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
		if len(w) == 2 && w[0] > w[1] {
			t.Errorf("%s: the largest text makes the page scroll sideways (%d > %d)", when, w[0], w[1])
		}
	}
	check("after choosing")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/2026/results/yuxian-hospital/xiangzhen-xindian/"), chromedp.WaitVisible(chromedp.CSS(`#read-bar`))); err != nil {
		t.Fatal(err)
	}
	check("on the next page")
	// The bar read.js builds is in place before the first paint: the page does not shift.
	shift, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(function () {
  var o = new PerformanceObserver(function () {}), s = 0;
  o.observe({type: 'layout-shift', buffered: true});
  o.takeRecords().forEach(function (e) { s += e.value; });
  o.disconnect();
  return s;
})()`))
	if err != nil || shift > 0.01 {
		t.Errorf("the page shifts by %.3f as it loads (%v): the reading bar came after the first paint", shift, err)
	}
	if shots := os.Getenv("WUXIAO_SCREENSHOTS"); shots != "" {
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			_ = os.WriteFile(filepath.Join(shots, "reading-settings-375.png"), png, 0o644)
		}
	}
	pressed, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-hc]').getAttribute('aria-pressed')`))
	if pressed != "true" {
		t.Errorf("the contrast toggle does not say it is on: aria-pressed=%q", pressed)
	}
}

// The page of all a year's certificates (wuxiao ledger's, beside the ledger) prints as one
// PDF of one A4 landscape page per certificate (what the office gets choosing 另存为 PDF in
// the print dialog).
func TestBrowserPrintCertificates(t *testing.T) {
	headless.Path(t)
	out, srv := builtDemo(t)
	tab := browser.Tab(t, 2*time.Minute)
	ctx, cancelT := context.WithTimeout(tab, 90*time.Second)
	defer cancelT()
	// opened from the office's folder, as a file: it needs nothing of the site
	sheet := (&url.URL{Scheme: "file", Path: filepath.Join(filepath.Dir(out), "office", "荣誉证书2025.html")}).String()
	if err := chromedp.Do(ctx, chromedp.Navigate(sheet)); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('article.certificate').length`))
	if err != nil || n == 0 {
		t.Fatalf("%d certificates on the page (%v)", n, err)
	}
	pdf := printPDF(t, ctx)
	if pages := pdfPages(pdf); pages != n {
		t.Errorf("the certificates print on %d pages, want one each (%d)", pages, n)
	}
	if sizes := pdfPageSizes(pdf); len(sizes) == 0 || sizes[0][0] < sizes[0][1] {
		t.Errorf("pages are not landscape: %v", sizes)
	}
	if shots := os.Getenv("WUXIAO_SCREENSHOTS"); shots != "" {
		_ = os.WriteFile(filepath.Join(shots, "certificates-2025.pdf"), pdf, 0o644)
	}
	_ = srv
}

// A result page prints as the result, on portrait pages without its certificate; opened at
// #certificate (its link to the certificate) or printed with the 打印证书 button, it prints
// the certificate alone on one A4 landscape page.
func TestBrowserPrintResultCertificate(t *testing.T) {
	headless.Path(t)
	_, srv := builtDemo(t)
	browser := browser.Tab(t, 2*time.Minute)
	const res = "/2025/results/chengqu-heating/huanrezhan-wurenzhishou/"
	for _, c := range []struct {
		name, url, click string
		landscape        bool
		pages            int // 0: any
	}{
		{"result", res, "", false, 0},
		{"#certificate", res + "#certificate", "", true, 1},
		{"button", res, `document.querySelector('[data-print=cert]').click()`, true, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab, cancel := chromedp.NewContext(browser)
			defer cancel()
			ctx, cancelT := context.WithTimeout(tab, 60*time.Second)
			defer cancelT()
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+c.url)); err != nil {
				t.Fatal(err)
			}
			if c.click != "" {
				// window.print does nothing headless: keep the class the button sets.
				js := `window.print = function () {}; ` + c.click + `; document.documentElement.classList.contains('print-cert')`
				if on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil || !on {
					t.Fatalf("the print button did not ask for the certificate alone (%v)", err)
				}
			}
			pdf := printPDF(t, ctx)
			if pages := pdfPages(pdf); c.pages > 0 && pages != c.pages {
				t.Errorf("%d pages, want %d", pages, c.pages)
			}
			for _, size := range pdfPageSizes(pdf) {
				w, h := size[0], size[1]
				if (w > h) != c.landscape {
					t.Errorf("a page of %.0f×%.0f pt, want landscape=%v", w, h, c.landscape)
				}
			}
			if shots := os.Getenv("WUXIAO_SCREENSHOTS"); shots != "" {
				_ = os.WriteFile(filepath.Join(shots, "result-print-"+strings.TrimPrefix(c.name, "#")+".pdf"), pdf, 0o644)
			}
		})
	}
}

// printPDF prints the page in ctx as Chromium does, with the page's own CSS page size.
func printPDF(t *testing.T, ctx context.Context) []byte {
	t.Helper()
	css := true
	pdf, err := chromedp.Run(ctx, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &css})
		return res.Data, err
	}))
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

var (
	pdfPage     = regexp.MustCompile(`/Type\s*/Page[^s]`)
	pdfMediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)`)
)

// pdfPages counts the pages of a PDF Chromium printed.
func pdfPages(pdf []byte) int { return len(pdfPage.FindAll(pdf, -1)) }

// pdfPageSizes are the width and height, in points, of each media box in a PDF.
func pdfPageSizes(pdf []byte) [][2]float64 {
	var out [][2]float64
	for _, box := range pdfMediaBox.FindAllSubmatch(pdf, -1) {
		w, _ := strconv.ParseFloat(string(box[1]), 64)
		h, _ := strconv.ParseFloat(string(box[2]), 64)
		out = append(out, [2]float64{w, h})
	}
	return out
}
