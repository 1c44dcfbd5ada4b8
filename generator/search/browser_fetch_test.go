package search_test

import (
	"sync"
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
