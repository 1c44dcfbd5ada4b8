package headless

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser is the Chromium the tests of this package share.
var browser Browser

func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	os.Exit(code)
}

// TestNoBrowserUI: the Chromium the tests start has no pages of its own user interface
// (the omnibox's popup, chrome://omnibox-popup.top-chrome/), which cost the browser tests
// a fifth of their processor time (Flags).
func TestNoBrowserUI(t *testing.T) {
	ctx := browser.Tab(t, time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	targets, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range targets {
		if target.Type == "browser_ui" || strings.Contains(target.URL, ".top-chrome/") {
			t.Errorf("Chromium runs a page of its own user interface: %s (%s)", target.URL, target.Type)
		}
	}
	if len(targets) == 0 {
		t.Error("Chromium lists no targets, not even the test's tab")
	}
}

// TestPrivateTabsShareNoCookies: a cookie one private tab was given is not sent by another
// private tab of the same browser, while a tab opened from the first one sends it.
func TestPrivateTabsShareNoCookies(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sign-in" {
			http.SetCookie(w, &http.Cookie{Name: "session", Value: "first", Path: "/"})
		}
		w.Header().Set("Content-Type", "text/html")
		if c, err := r.Cookie("session"); err == nil {
			w.Write([]byte("<title>" + c.Value + "</title>"))
		} else {
			w.Write([]byte("<title>none</title>"))
		}
	}))
	defer srv.Close()
	first := browser.PrivateTab(t, time.Minute)
	if err := chromedp.Do(first, chromedp.Navigate(srv.URL+"/sign-in")); err != nil {
		t.Fatal(err)
	}
	title := func(tab context.Context) string {
		t.Helper()
		if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+"/")); err != nil {
			t.Fatal(err)
		}
		s, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.title`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	sibling, closeSibling := chromedp.NewContext(first)
	defer closeSibling()
	if got := title(sibling); got != "first" {
		t.Errorf("a tab opened from the private tab sent the cookie %q, want first", got)
	}
	if got := title(browser.PrivateTab(t, time.Minute)); got != "none" {
		t.Errorf("another private tab sent the first one's cookie: %q", got)
	}
}
