package search_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"wuxiao/generator"
	"wuxiao/generator/content"
	"wuxiao/generator/render"
	"wuxiao/generator/search"
)

// The browser tests build a site with `wuxiao build`'s own code, serve it on a local
// port and search it in headless Chromium through the real search page and its
// scripts, comparing every answer with a scan of the published pages' text.

// site is a built site being served, with the documents its index holds.
type site struct {
	out  string
	srv  *httptest.Server
	docs []search.Doc
	rec  *recorder
	// hold, when set, is called with each request's path before it is answered: a test
	// delays a file with it, to see what the page asks for meanwhile.
	hold func(path string)
}

// buildSite builds the content under root into a temporary folder and serves it
// like a static host, letting the browser cache what it fetched.
func buildSite(t *testing.T, root string) *site {
	t.Helper()
	s := &site{out: filepath.Join(t.TempDir(), "public"), rec: &recorder{}}
	files := http.FileServer(http.Dir(s.out))
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.hold != nil {
			s.hold(r.URL.Path)
		}
		w.Header().Set("Cache-Control", "max-age=600")
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	now, _ := content.ParseDate("2026-11-25")
	cfg := generator.Config{Root: root, Now: now}
	diags, _, err := generator.Build(cfg, generator.BuildOptions{Out: s.out, BaseURL: s.srv.URL + "/"})
	if err != nil {
		if diags != nil {
			t.Logf("diagnostics:\n%s", diags.Text())
		}
		t.Fatalf("build of %s: %v", root, err)
	}
	tree, _, err := content.Load(os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	s.docs, _ = search.FromSite(render.NewSite(tree, "", now), tree)
	return s
}

// recorder keeps the failed requests a tab saw.
type recorder struct {
	mu     sync.Mutex
	failed []string
}

func (r *recorder) listen(ev any) {
	if ev, ok := ev.(*network.EventResponseReceived); ok && ev.Response.Status >= 400 {
		r.mu.Lock()
		r.failed = append(r.failed, ev.Response.URL)
		r.mu.Unlock()
	}
}

// tab opens the search page in a new tab.
func (s *site) tab(t *testing.T, browser context.Context, query string) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser, chromedp.WithListener(s.rec.listen))
	t.Cleanup(cancel)
	if err := chromedp.Do(tab, chromedp.Navigate(s.srv.URL+"/search/"+query)); err != nil {
		t.Fatal(err)
	}
	return tab
}

// answer is what the page's reader gave for one query.
type answer struct {
	Err   string   `json:"err"`
	URLs  []string `json:"urls"`
	Exact bool     `json:"exact"`
	Total int      `json:"total"`
}

// allJS answers a query with every result, through the page's own reader.
const allJS = `new Promise(function (done) {
  var S = window.wuxiaoSearch, f = {year: -1, kind: -1, cat: -1, award: -1};
  (function wait() {
    if (!S.index) { setTimeout(wait, 10); return; }
    S.index.run(%s, f, function (err, s) {
      if (err) { done({err: String(err)}); return; }
      if (!s) { done({urls: []}); return; }
      (function more() {
        if (!s.done) { s.more(500, function (err) { if (err) done({err: String(err)}); else more(); }); return; }
        done({urls: s.results.map(function (r) { return r.rec[0]; }), exact: s.exact, total: s.total});
      })();
    });
  })();
})`

func searchAll(ctx context.Context, q string) (answer, error) {
	js, _ := json.Marshal(q)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[answer](strings.Replace(allJS, "%s", string(js), 1),
		chromedp.EvalAwaitPromise))
}

// level is the best field of d that holds a term: 2 title, 1 unit or authors, 0 the rest; -1 for none.
func level(d *search.Doc, terms []string) int {
	best := -1
	for _, term := range terms {
		lv := -1
		for i, f := range d.Fields() {
			if strings.Contains(search.Fold(f), term) {
				lv = 2 - i
				break
			}
		}
		if lv < 0 {
			return -1
		}
		best = max(best, lv)
	}
	return best
}

// checkRecall searches every query in the page and compares with a scan of the docs:
// every page containing the query is found, nothing else is, title and author
// matches come first.
func (s *site) checkRecall(t *testing.T, tab context.Context, queries []string) {
	t.Helper()
	byURL := map[string]*search.Doc{}
	for i := range s.docs {
		byURL[s.docs[i].URL] = &s.docs[i]
	}
	for _, q := range queries {
		ans, err := searchAll(tab, q)
		if err != nil || ans.Err != "" {
			t.Fatalf("query %q: %v %s", q, err, ans.Err)
		}
		got := map[string]bool{}
		for _, u := range ans.URLs {
			got[u] = true
		}
		terms := search.Terms(q)
		want := 0
		for i := range s.docs {
			d := &s.docs[i]
			if lv := level(d, terms); lv >= 0 {
				want++
				if !got[d.URL] {
					t.Errorf("query %q: %s contains it but was not found", q, d.URL)
				}
			}
		}
		if want != len(ans.URLs) {
			t.Errorf("query %q: %d results, %d pages contain it", q, len(ans.URLs), want)
		}
		if ans.Exact && ans.Total != len(ans.URLs) {
			t.Errorf("query %q: said exactly %d, gave %d", q, ans.Total, len(ans.URLs))
		}
		prev := 2
		for _, u := range ans.URLs {
			d := byURL[u]
			if d == nil {
				t.Fatalf("query %q: result %s is no published page", q, u)
			}
			lv := level(d, terms)
			if lv > prev {
				t.Errorf("query %q: %s (a match in field %d) comes after a weaker match", q, u, 2-lv)
				break
			}
			prev = lv
		}
	}
}

// substrings picks n random substrings of 2 to 6 characters from the docs' fields,
// within one line (a paragraph, a name list), not all spaces.
func substrings(r *rand.Rand, docs []search.Doc, n int) []string {
	var out []string
	for len(out) < n {
		f := []rune(docs[r.IntN(len(docs))].Fields()[r.IntN(3)])
		l := 2 + r.IntN(5)
		if len(f) < l {
			continue
		}
		i := r.IntN(len(f) - l + 1)
		q := string(f[i : i+l])
		if !strings.ContainsRune(q, '\n') && len(search.Terms(q)) > 0 {
			out = append(out, q)
		}
	}
	return out
}
