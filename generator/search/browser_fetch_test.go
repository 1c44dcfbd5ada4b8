package search_test

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wuxiao/generator/headless"
)

// TestBrowserIndexAskedAtOnce: the search page asks for the index's first two files
// (meta.json and the folding table) as the page is read, both at once, not one after
// the other behind its scripts: on a phone each wait is a round trip, and a search's
// results waited for four of them in a row. The test server holds the scripts until
// meta.json is asked for, and meta.json until fold.txt is, each for a few seconds at
// most; a page that waits for one before asking for the next is seen waiting. Each is
// asked for once: the script takes what the page's head asked for.
func TestBrowserIndexAskedAtOnce(t *testing.T) {
	headless.Path(t) // skip early when there is no browser
	s := buildSite(t, "../..")
	const patience = 3 * time.Second
	var mu sync.Mutex
	asked := map[string]chan struct{}{"/search/meta.json": make(chan struct{}), "/search/fold.txt": make(chan struct{})}
	var late []string // what was answered only when the patience ran out
	count := map[string]int{}
	wait := func(path, first string) {
		select {
		case <-asked[first]:
		case <-time.After(patience):
			mu.Lock()
			late = append(late, path+" (waiting for "+first+")")
			mu.Unlock()
		}
	}
	s.hold = func(path string) {
		mu.Lock()
		count[path]++
		if c, ok := asked[path]; ok {
			select {
			case <-c:
			default:
				close(c)
			}
		}
		mu.Unlock()
		switch path {
		case "/static/search-index.js", "/static/search.js":
			wait(path, "/search/meta.json")
		case "/search/meta.json":
			wait(path, "/search/fold.txt")
		}
	}
	browser := chromium.Tab(t, 5*time.Minute)
	tab, cancel := chromedp.NewContext(browser)
	defer cancel()
	if err := chromedp.Do(tab, chromedp.Navigate(s.srv.URL+"/search/?q=%E7%9A%AE%E5%B8%A6")); err != nil {
		t.Fatal(err)
	}
	sc := waitScreen(t, tab)
	if len(sc.Links) == 0 {
		t.Fatalf("皮带: no results: %+v", sc)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(late) > 0 {
		t.Errorf("the page asked for one file only after another had come: %q", late)
	}
	for path := range asked { // a preload the script does not take is a second download
		if count[path] != 1 {
			t.Errorf("%s was asked for %d times, want once", path, count[path])
		}
	}
}

// TestBrowserHitsShownBeforePages: every result of the first screen is shown as soon as
// the search knows it, in its place, while the pages of the hits found only in a body
// are still being read for their snippets (meanwhile such a hit shows its summary, as a
// hit in its title does): on a phone that read is one more round trip, which the list
// waited for. The test server holds every page the search asks for until the list shows
// something (5 s at most); the list shown then must be the final list, and once the
// pages come the snippets mark the term. 输送 in the demo site: 5 results, the first in
// titles, then pages whose body holds it.
func TestBrowserHitsShownBeforePages(t *testing.T) {
	headless.Path(t) // skip early when there is no browser
	s := buildSite(t, "../..")
	released := make(chan struct{})
	var held atomic.Int32 // pages asked for and not answered yet
	s.hold = func(path string) {
		if strings.HasPrefix(path, "/search/") || strings.HasPrefix(path, "/static/") {
			return
		}
		held.Add(1)
		defer held.Add(-1)
		select {
		case <-released:
		case <-time.After(10 * time.Second):
		}
	}
	browser := chromium.Tab(t, 5*time.Minute)
	tab, cancel := chromedp.NewContext(browser)
	defer cancel()
	if err := chromedp.Do(tab, chromedp.Navigate(s.srv.URL+"/search/?q=%E8%BE%93%E9%80%81")); err != nil {
		t.Fatal(err)
	}
	var early screen
	var heldThen int32
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		sc, err := chromedp.Run(tab, chromedp.Evaluate[screen](screenJS))
		if err != nil {
			t.Fatal(err)
		}
		if heldThen = held.Load(); len(sc.Links) > 0 && heldThen > 0 {
			early = sc
			break
		}
	}
	close(released)
	sc := waitScreen(t, tab)
	if len(early.Links) == 0 {
		t.Fatalf("输送: nothing was shown while the pages of the body hits were being read (%d held); in the end %d results", heldThen, len(sc.Links))
	}
	if !slices.Equal(early.Links, sc.Links) {
		t.Errorf("输送: shown while the pages were read %q, in the end %q: every result is to be shown at once, in its place", early.Links, sc.Links)
	}
	if len(sc.Marks) <= len(early.Marks) {
		t.Errorf("输送: %d terms marked while the pages were read, %d once they came: the body hits' snippets were not put in", len(early.Marks), len(sc.Marks))
	}
}
