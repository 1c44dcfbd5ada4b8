package search_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"wuxiao/generator/headless"
	"wuxiao/generator/search"
	"wuxiao/generator/testtree"
)

// TestBrowserSearchDemo searches the demo content: names, units, words and random
// substrings, every answer checked against a scan of the pages.
func TestBrowserSearchDemo(t *testing.T) {
	headless.Path(t) // skip early when there is no browser
	s := buildSite(t, "../..")
	browser := chromium.Tab(t, 20*time.Minute)
	tab := s.tab(t, browser, "")
	queries := []string{"皮带", "温室", "工会", "一", "小发明", "PLC", "ＰＬＣ", "无此词语组合", "创新 工作室"}
	for _, d := range s.docs {
		if d.Kind == search.KindResult {
			queries = append(queries, d.Authors[0], d.Unit, d.Title)
			break
		}
	}
	queries = append(queries, substrings(rand.New(rand.NewPCG(1, 1)), s.docs, 60)...)
	s.checkRecall(t, tab, queries)
	if len(s.rec.failed) > 0 {
		t.Errorf("failed requests: %q", s.rec.failed)
	}
}

// screen is the first screen of results as the page shows it.
type screen struct {
	Status string   `json:"status"`
	Links  []string `json:"links"`
	Marks  []string `json:"marks"`
	More   bool     `json:"more"`
	Since  float64  `json:"since"` // ms from navigation to now
	Last   struct {
		Q        string  `json:"q"`
		MS       float64 `json:"ms"`
		Bytes    int     `json:"bytes"`
		Requests int     `json:"requests"`
		Total    int     `json:"total"`
	} `json:"last"`
}

const screenJS = `({
  status: document.getElementById('search-status').textContent,
  links: Array.prototype.map.call(document.querySelectorAll('#search-results .ri-title a'), function (a) { return a.getAttribute('href'); }),
  marks: Array.prototype.map.call(document.querySelectorAll('#search-results mark'), function (m) { return m.textContent; }),
  more: !document.getElementById('search-more').hidden,
  since: performance.now(),
  last: window.wuxiaoSearch.last || {}
})`

// waitScreen waits until the page has answered and reads what it shows.
func waitScreen(t *testing.T, tab context.Context) screen {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, time.Minute)
	defer cancel()
	for { // a navigation under way replaces the page's context: try again in the new one
		err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`(function () {
		  var s = document.getElementById('search-status');
		  return !!s && /^(找到|没有|请输入)/.test(s.textContent);
		})()`))
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("waiting for the results: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	sc, err := chromedp.Run(ctx, chromedp.Evaluate[screen](screenJS))
	if err != nil {
		t.Fatalf("waiting for the results: %v", err)
	}
	return sc
}

// TestBrowserSearchPage drives the page as a reader does: the header's box on the
// home page, the search page's form and filters, the "more" button.
func TestBrowserSearchPage(t *testing.T) {
	headless.Path(t) // skip early when there is no browser
	s := buildSite(t, "../..")
	browser := chromium.Tab(t, 20*time.Minute)
	tab, cancel := chromedp.NewContext(browser)
	defer cancel()
	q := "工会"
	err := chromedp.Do(tab, chromedp.Navigate(s.srv.URL+"/"),
		chromedp.SetValue(chromedp.CSS(".site-search input[name=q]"), q),
		chromedp.Submit(chromedp.CSS(".site-search input[name=q]")))
	if err != nil {
		t.Fatal(err)
	}
	sc := waitScreen(t, tab)
	loc, _ := chromedp.Run(tab, chromedp.Location())
	if u, _ := url.Parse(loc); u.Path != "/search/" || u.Query().Get("q") != q {
		t.Errorf("the header's box went to %s", loc)
	}
	if !strings.HasPrefix(sc.Status, "找到") || len(sc.Links) == 0 || len(sc.Marks) == 0 {
		t.Fatalf("%q: %+v", q, sc)
	}
	for _, m := range sc.Marks {
		if search.Fold(m) != q {
			t.Errorf("highlighted %q for %q", m, q)
		}
	}
	all, err := searchAll(tab, q)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sc.Links, prefix("../", all.URLs[:len(sc.Links)])) {
		t.Errorf("first screen %q, head of all results %q", sc.Links, all.URLs)
	}
	if len(all.URLs) > len(sc.Links) != sc.More {
		t.Errorf("%d results, %d shown, more button shown: %v", len(all.URLs), len(sc.Links), sc.More)
	}

	// a filter narrows the results to its year, and the URL keeps it
	year := ""
	for _, u := range all.URLs {
		if y, _, ok := strings.Cut(u, "/"); ok && len(y) == 4 {
			year = y
		}
	}
	if err := chromedp.Do(tab, chromedp.SetValue(chromedp.CSS("#search-form select[name=year]"), year),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#search-form select[name=year]').onchange()`)); err != nil {
		t.Fatal(err)
	}
	sc = waitScreen(t, tab)
	for _, l := range sc.Links {
		if !strings.HasPrefix(l, "../"+year+"/") {
			t.Errorf("year %s filter shows %s", year, l)
		}
	}
	if loc, _ := chromedp.Run(tab, chromedp.Location()); !strings.Contains(loc, "year="+year) {
		t.Errorf("the filter is not in the URL: %s", loc)
	}
}

func prefix(p string, list []string) []string {
	var out []string
	for _, s := range list {
		out = append(out, p+s)
	}
	return out
}

// TestBrowserSearch10k is the acceptance test on the 10,000-submission synthetic
// site: 200 random substrings of 2 to 6 characters, every containing page found.
// It also measures the first query of a fresh visit (bytes, time) and the index size.
// Set WUXIAO_SEARCH_10K=1 to run it; it builds the site (about a minute).
func TestBrowserSearch10k(t *testing.T) {
	if os.Getenv("WUXIAO_SEARCH_10K") == "" {
		t.Skip("set WUXIAO_SEARCH_10K=1 to search the 10,000-submission synthetic site in Chromium")
	}
	headless.Path(t) // skip early when there is no browser
	root := filepath.Join(os.TempDir(), "synth10k")
	testtree.Synth(t, 10000, root)
	start := time.Now()
	s := buildSite(t, root)
	t.Logf("built %d documents in %v; index %s", len(s.docs), time.Since(start).Round(time.Second), dirSize(t, filepath.Join(s.out, "search")))
	browser := timedChromium.Tab(t, 20*time.Minute)
	queries := substrings(rand.New(rand.NewPCG(10000, 200)), s.docs, 200)

	// First queries of fresh visits, nothing cached: what a reader downloads and waits.
	var bytes, ms, since []float64
	for _, q := range queries[:20] {
		tab, cancel := chromedp.NewContext(browser)
		if err := chromedp.Do(tab, noCache,
			chromedp.Navigate(s.srv.URL+"/search/?q="+url.QueryEscape(q))); err != nil {
			t.Fatal(err)
		}
		sc := waitScreen(t, tab)
		bytes, ms, since = append(bytes, float64(sc.Last.Total)), append(ms, sc.Last.MS), append(since, sc.Since)
		cancel()
	}
	t.Logf("first query of a visit (20 queries, cache off): index bytes fetched median %.0f, max %.0f; query to first screen median %.1f ms, max %.1f ms; navigation to first screen median %.0f ms",
		median(bytes), slices.Max(bytes), median(ms), slices.Max(ms), median(since))

	// Queries of fresh visits found only in bodies: what the query itself fetches (doc
	// files, and the pages it reads to verify its hits and show their snippets), as the
	// page counts it and gzipped, as a static host sends it.
	var qbytes, qgzip, qreqs []float64
	for _, q := range bodyOnly(rand.New(rand.NewPCG(5, 5)), s.docs, 10) {
		var mu sync.Mutex
		var fetched []string
		tab, cancel := chromedp.NewContext(browser, chromedp.WithListener(func(ev any) {
			if ev, ok := ev.(*network.EventRequestWillBeSent); ok && ev.Type == network.ResourceTypeXHR {
				mu.Lock()
				fetched = append(fetched, ev.Request.URL)
				mu.Unlock()
			}
		}))
		if err := chromedp.Do(tab, noCache,
			chromedp.Navigate(s.srv.URL+"/search/?q="+url.QueryEscape(q))); err != nil {
			t.Fatal(err)
		}
		sc := waitScreen(t, tab)
		if !strings.HasPrefix(sc.Status, "找到") || len(sc.Links) == 0 {
			t.Errorf("body-only query %q: %s", q, sc.Status)
		}
		mu.Lock()
		gz := s.gzipped(t, fetched, "/search/meta.json", "/search/fold.txt")
		mu.Unlock()
		qbytes, qgzip, qreqs = append(qbytes, float64(sc.Last.Bytes)), append(qgzip, float64(gz)), append(qreqs, float64(sc.Last.Requests))
		t.Logf("body-only %q: %s, %d B (%d gzipped) in %d requests", q, sc.Status, sc.Last.Bytes, gz, sc.Last.Requests)
		cancel()
	}
	t.Logf("body-only query of a visit (10 queries, cache off): bytes fetched by the query median %.0f (gzipped %.0f), max %.0f (%.0f), in median %.0f requests",
		median(qbytes), median(qgzip), slices.Max(qbytes), slices.Max(qgzip), median(qreqs))

	tab := s.tab(t, browser, "")
	start = time.Now()
	s.checkRecall(t, tab, queries)
	t.Logf("200 queries checked in %v", time.Since(start).Round(time.Second))

	// Later queries of a visit, typed into the form: new ones, and repeated ones
	// (nothing left to fetch: the time is the page's own work).
	for _, set := range []struct {
		name    string
		queries []string
	}{{"new", substrings(rand.New(rand.NewPCG(7, 7)), s.docs, 20)}, {"repeated", queries[:20]}} {
		ms = ms[:0]
		for _, q := range set.queries {
			js, _ := json.Marshal(q)
			if err := chromedp.Do(tab, chromedp.Evaluate[chromedp.Void](`(function () {
			  var f = document.getElementById('search-form');
			  f.elements.q.value = `+string(js)+`;
			  f.onsubmit();
			})()`)); err != nil {
				t.Fatal(err)
			}
			sc := waitScreen(t, tab)
			for sc.Last.Q != q {
				time.Sleep(10 * time.Millisecond)
				sc = waitScreen(t, tab)
			}
			ms = append(ms, sc.Last.MS)
		}
		t.Logf("%s queries later in the visit (20, through the form): query to first screen median %.1f ms, max %.1f ms", set.name, median(ms), slices.Max(ms))
	}
	if len(s.rec.failed) > 0 {
		t.Errorf("failed requests: %q", s.rec.failed[:min(5, len(s.rec.failed))])
	}
}

// noCache turns the browser's cache off for the tab, as on a first visit.
var noCache = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	_, err := cdp.Call(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
	return err
})

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func dirSize(t *testing.T, dir string) string {
	var n, files int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
			files++
		}
		return err
	})
	return strconv.FormatInt(files, 10) + " files, " + strconv.FormatInt(n>>10, 10) + " KiB"
}

// gzipped is the size of the files at urls, each gzipped (level 6, as nginx's default),
// but for the paths in skip.
func (s *site) gzipped(t *testing.T, urls []string, skip ...string) int {
	n := 0
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || slices.Contains(skip, u.Path) {
			continue
		}
		name := filepath.Join(s.out, filepath.FromSlash(u.Path))
		if strings.HasSuffix(u.Path, "/") {
			name = filepath.Join(name, "index.html")
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		w, _ := gzip.NewWriterLevel(&b, 6)
		w.Write(data)
		w.Close()
		n += b.Len()
	}
	return n
}
