package headless

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLoadAxe: axe-core loads into a page whose policy allows only its own site's scripts,
// is fetched once for the pages of a site (the next pages take it from the cache), and a
// server not wrapped in WithAxe gets an error that says so.
func TestLoadAxe(t *testing.T) {
	var fetched atomic.Int32
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "script-src 'self'")
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><html lang="zh-CN"><title>页</title><main><p>` + r.URL.Path + `</p></main>`))
	})
	counted := WithAxe(page)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == AxePath {
			fetched.Add(1)
		}
		counted.ServeHTTP(w, r)
	}))
	defer srv.Close()
	tab := browser.Tab(t, time.Minute)
	for _, p := range []string{"/first", "/second", "/third"} {
		if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+p)); err != nil {
			t.Fatal(err)
		}
		if err := LoadAxe(tab); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if err := LoadAxe(tab); err != nil { // there already
			t.Fatalf("%s, again: %v", p, err)
		}
		n, err := chromedp.Run(tab, chromedp.Evaluate[int](`axe.run(document, {runOnly: ['document-title', 'html-has-lang']}).then(r => r.passes.length)`, chromedp.EvalAwaitPromise))
		if err != nil || n != 2 {
			t.Errorf("%s: axe-core passed %d of the 2 rules run (%v)", p, n, err)
		}
	}
	if n := fetched.Load(); n != 1 {
		t.Errorf("axe-core was fetched %d times for three pages of one site, want once", n)
	}
	bare := httptest.NewServer(page)
	defer bare.Close()
	if err := chromedp.Do(tab, chromedp.Navigate(bare.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if err := LoadAxe(tab); err == nil || !strings.Contains(err.Error(), "WithAxe") {
		t.Errorf("LoadAxe from a server without WithAxe: %v, want an error naming WithAxe", err)
	}
}
