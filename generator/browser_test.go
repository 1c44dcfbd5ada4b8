package generator

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"wuxiao/generator/content"
	"wuxiao/generator/headless"
)

// The browser tests build the repository's demo content, serve it on a local port
// and open every page in headless Chromium. Set WUXIAO_SCREENSHOTS=DIR to keep the
// screenshots of the home and a result page at phone and desktop widths.

// serveSite serves dir like a static host: folders by their index.html, 404.html for the
// rest; and axe-core beside it (headless.AxePath) for the accessibility checks.
func serveSite(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return headless.WithAxe(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		if info, err := os.Stat(p); err != nil || (info.IsDir() && !exists(filepath.Join(p, "index.html"))) {
			data, _ := os.ReadFile(filepath.Join(dir, "404.html"))
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write(data)
			return
		}
		files.ServeHTTP(w, r)
	}))
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// builtDemoWith builds the demo content, with static files added to the site
// (BuildOptions.Static), for a server of its own.
func builtDemoWith(t *testing.T, static fs.FS) (string, *httptest.Server) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	srv := httptest.NewServer(serveSite(out))
	t.Cleanup(srv.Close)
	now, _ := content.ParseDate("2026-11-25")
	diags, _, err := Build(Config{Root: "..", Now: now}, BuildOptions{Out: out, BaseURL: srv.URL + "/", Static: static})
	if err != nil {
		if diags != nil {
			t.Logf("diagnostics:\n%s", diags.Text())
		}
		t.Fatalf("build of the demo content: %v", err)
	}
	return out, srv
}

// recorder keeps what a tab saw that a page must not do.
type recorder struct {
	mu       sync.Mutex
	host     string
	problems []string
}

func (r *recorder) listen(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			p = "console." + string(ev.Type)
		}
	case *runtime.EventExceptionThrown:
		p = "exception: " + ev.ExceptionDetails.Text
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p = "console error: " + ev.Entry.Text + " " + ev.Entry.URL
		}
	case *network.EventRequestWillBeSent:
		if u, err := url.Parse(ev.Request.URL); err == nil && u.Scheme != "data" && u.Host != r.host {
			p = "request to another host: " + ev.Request.URL
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			p = "HTTP " + itoa64(ev.Response.Status) + " for " + ev.Response.URL
		}
	}
	if p != "" {
		r.mu.Lock()
		r.problems = append(r.problems, p)
		r.mu.Unlock()
	}
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.problems
	r.problems = nil
	return out
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// htmlPages lists the site's pages as URL paths.
func htmlPages(t *testing.T, out string) []string {
	var pages []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		u := "/" + filepath.ToSlash(rel)
		pages = append(pages, strings.TrimSuffix(u, "index.html"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pages)
	return pages
}

// linksJS lists every URL a page links to or loads.
const linksJS = `Array.from(document.querySelectorAll('a[href],link[href],img[src],script[src],source[src]'), e => e.href || e.src)`

func TestBrowserEveryPage(t *testing.T) {
	headless.Path(t) // skip early when there is no browser
	out, srv := builtDemo(t)
	base, _ := url.Parse(srv.URL)
	browser := browser.Tab(t, 4*time.Minute)
	pages := htmlPages(t, out)
	if len(pages) < 20 {
		t.Fatalf("only %d pages built", len(pages))
	}
	jobs := make(chan string)
	var mu sync.Mutex
	var failures []string
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Go(func() {
			rec := &recorder{host: base.Host}
			tab, cancel := chromedp.NewContext(browser, chromedp.WithListener(rec.listen))
			defer cancel()
			if err := chromedp.Do(tab); err != nil { // opens the tab
				mu.Lock()
				failures = append(failures, "opening a tab: "+err.Error())
				mu.Unlock()
				return
			}
			for p := range jobs {
				for _, f := range checkPage(tab, rec, srv.URL+p, base.Host, out) {
					mu.Lock()
					failures = append(failures, p+": "+f)
					mu.Unlock()
				}
			}
		})
	}
	for _, p := range pages {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
	sort.Strings(failures)
	for _, f := range failures {
		t.Error(f)
	}
	t.Logf("%d pages opened in Chromium", len(pages))
}

// checkPage opens u and reports console errors, failed or foreign requests and broken links.
func checkPage(tab context.Context, rec *recorder, u, host, out string) []string {
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	rec.take()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		return []string{"navigate: " + err.Error()}
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](linksJS))
	if err != nil {
		return []string{"reading links: " + err.Error()}
	}
	problems := rec.take()
	if strings.HasSuffix(u, "/404.html") {
		problems = slicesDeleteHTTP404(problems)
	}
	for _, l := range links {
		lu, err := url.Parse(l)
		if err != nil {
			problems = append(problems, "bad link "+l)
			continue
		}
		if lu.Host != host || lu.Scheme == "mailto" {
			continue
		}
		p := lu.Path
		if strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		if !exists(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(p, "/")))) {
			problems = append(problems, "broken link "+lu.Path)
		}
	}
	return problems
}

// slicesDeleteHTTP404 drops the 404 status of the 404 page itself, served for a missing path.
func slicesDeleteHTTP404(ps []string) []string {
	var out []string
	for _, p := range ps {
		if !strings.HasPrefix(p, "HTTP 404 for ") || !strings.HasSuffix(p, "/404.html") {
			out = append(out, p)
		}
	}
	return out
}

// TestBrowserNoHorizontalScroll: no page scrolls sideways or cuts a placeholder at phone
// width with the largest font and high contrast (适老化: the setting an elderly reader
// chooses must not cut lines off). TestBrowserAccessibility measures the same at 320, 375
// and 1280 px with the settings as a first visit has them. Its tab keeps its own storage:
// the settings other tests choose are not its.
func TestBrowserNoHorizontalScroll(t *testing.T) {
	headless.Path(t) // skip early when there is no browser
	out, srv := builtDemo(t)
	browser := browser.PrivateTab(t, 4*time.Minute)
	result := firstResultPage(t, out)
	shots := os.Getenv("WUXIAO_SCREENSHOTS")
	year := strings.Join(strings.SplitN(result, "/", 3)[:2], "/") + "/"
	pages := []struct{ name, path string }{
		{"home", "/"}, {"result", result}, {"year", year}, {"awards", year + "awards/"},
		{"stats", year + "stats/"}, {"units", "/units/"}, {"browse", "/browse/category/improvement/"},
		{"search", "/search/"}, {"submit", "/submit/"},
	}
	settings := []struct {
		name, classes string // the name in messages and screenshots; what read.js keeps
		widths        []int64
	}{
		{"large", "fs-2 hc", []int64{320, 375}},
	}
	// Each page at each width is loaded afresh, with the width set before it loads, in the
	// one tab: opening a tab for each cost Chromium 156 about 0.9 s of processor time, a
	// page loaded in a tab open already 0.14 s.
	if err := chromedp.Do(browser, chromedp.Navigate(srv.URL+"/")); err != nil { // the site's origin, where read.js keeps the settings
		t.Fatal(err)
	}
	for _, set := range settings {
		if _, err := chromedp.Run(browser, chromedp.Evaluate[any](`localStorage.setItem('wuxiao-read', '`+set.classes+`')`)); err != nil {
			t.Fatal(err)
		}
		for _, page := range pages {
			if !exists(filepath.Join(out, filepath.FromSlash(page.path), "index.html")) {
				continue
			}
			for _, width := range set.widths {
				name := strings.TrimSuffix(page.name+" "+set.name, " ")
				opts := []chromedp.EmulateViewportOption{}
				if width < 600 {
					opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
				}
				err := chromedp.Do(browser, chromedp.EmulateViewport(width, 800, opts...), chromedp.Navigate(srv.URL+page.path))
				if err != nil {
					t.Fatalf("%s at %d px: %v", name, width, err)
				}
				m, err := chromedp.Run(browser, chromedp.Evaluate[measure](measureJS))
				if err != nil {
					t.Fatal(err)
				}
				if got := m.readingSettings(); got != set.classes {
					t.Fatalf("%s at %d px: the page has reading settings %q, want %q", name, width, got, set.classes)
				}
				if p := m.scrollProblem(); p != "" {
					t.Errorf("%s at %d px %s", name, width, p)
				}
				cut, err := chromedp.Run(browser, chromedp.Evaluate[[]string](placeholdersCutJS))
				if err != nil {
					t.Fatal(err)
				}
				if len(cut) > 0 {
					t.Errorf("%s at %d px: placeholders cut by their boxes: %q", name, width, cut)
				}
				broken, err := headless.BrokenWords(browser)
				if err != nil {
					t.Fatal(err)
				}
				if len(broken) > 0 {
					t.Errorf("%s at %d px: words broken over lines: %s", name, width, strings.Join(broken, "; "))
				}
				if strings.Contains(set.classes, "hc") && width == 375 {
					for _, p := range headless.HighContrastProblems(t, browser) {
						t.Errorf("%s at %d px: %s", name, width, p)
					}
				}
				if shots != "" {
					png, err := chromedp.Run(browser, chromedp.FullScreenshot(100))
					if err == nil {
						err = os.WriteFile(filepath.Join(shots, strings.ReplaceAll(name, " ", "-")+"-"+itoa64(width)+".png"), png, 0o644)
					}
					if err != nil {
						t.Errorf("screenshot: %v", err)
					}
				}
			}
		}
	}
}

// placeholdersCutJS lists the visible inputs whose placeholder is wider than the room
// their box has for text (less the padding and, in a search box, the clear button the
// browser keeps room for): a hint cut in the middle of a word is no hint, and the largest
// font cuts most. The placeholder is put in as the value for a moment, where the input's
// scroll width measures it.
const placeholdersCutJS = `(() => {
  const out = [];
  for (const el of document.querySelectorAll('input[placeholder]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(el).visibility === 'hidden' || el.value) continue;
    el.value = el.placeholder;
    const need = el.scrollWidth, room = el.clientWidth;
    el.value = '';
    if (need > room) out.push((el.name || el.id) + ' "' + el.placeholder + '" ' + need + ' > ' + room);
  }
  return out;
})()`

// firstResultPage finds the first result page of the output.
func firstResultPage(t *testing.T, out string) string {
	var found []string
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(out, p)
		parts := strings.Split(filepath.ToSlash(rel), "/") // <year>/results/<unit>/<slug>/index.html
		if err == nil && !d.IsDir() && len(parts) == 5 && parts[1] == "results" && d.Name() == "index.html" {
			found = append(found, p)
		}
		return err
	})
	if len(found) == 0 {
		t.Fatal(errors.New("no result page built"))
	}
	sort.Strings(found)
	rel, _ := filepath.Rel(out, filepath.Dir(found[0]))
	return "/" + filepath.ToSlash(rel) + "/"
}
