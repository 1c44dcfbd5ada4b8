package headless

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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

// TestNavigationKeepsNoPageAlive: a page left is not kept alive for the way back (the
// back-forward cache), which, with a new document host made for each same-site navigation
// (RenderDocument), cost the browser tests a third of the processor time of each page they
// open (Flags: 160 against 105 ms a page of the demo site).
func TestNavigationKeepsNoPageAlive(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><title>` + r.URL.Path + `</title><script>addEventListener('pageshow', e => { document.title += e.persisted ? ' kept' : ' loaded'; });</script>`))
	}))
	defer srv.Close()
	tab := browser.Tab(t, time.Minute)
	if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+"/first")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+"/second")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[any](`history.back()`)); err != nil {
		t.Fatal(err)
	}
	var title string
	deadline := time.Now().Add(10 * time.Second)
	for !strings.HasPrefix(title, "/first ") && time.Now().Before(deadline) {
		title, _ = chromedp.Run(tab, chromedp.Evaluate[string](`document.title`))
		time.Sleep(20 * time.Millisecond)
	}
	if title != "/first loaded" {
		t.Errorf("the page come back to has the title %q, want %q (loaded afresh, not kept)", title, "/first loaded")
	}
}

// TestPathPrefersTheHeadlessShell: with both on the PATH the tests take Debian's
// chromium-headless-shell (Executables), and WUXIAO_CHROMIUM names another.
func TestPathPrefersTheHeadlessShell(t *testing.T) {
	bin := t.TempDir()
	for _, name := range []string{"chromium", "chromium-headless-shell"} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin)
	t.Setenv("WUXIAO_CHROMIUM", "")
	if got, want := Path(t), filepath.Join(bin, "chromium-headless-shell"); got != want {
		t.Errorf("Path = %s, want %s", got, want)
	}
	t.Setenv("WUXIAO_CHROMIUM", "chromium")
	if got, want := Path(t), filepath.Join(bin, "chromium"); got != want {
		t.Errorf("with WUXIAO_CHROMIUM=chromium, Path = %s, want %s", got, want)
	}
}

// TestBriefScripts: the tests' Chromium runs with V8's optimizing compilers off
// (briefScripts), as its command line shows; a Timed browser keeps them.
func TestBriefScripts(t *testing.T) {
	ctx := browser.Tab(t, time.Minute)
	proc := chromedp.FromContext(ctx).Browser.Process()
	if proc == nil {
		t.Fatal("no browser process")
	}
	cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(proc.Pid), "cmdline"))
	if err != nil {
		t.Skipf("the browser's command line is not readable here: %v", err)
	}
	if args := strings.Split(string(cmdline), "\x00"); !slices.Contains(args, "--js-flags="+briefScripts) {
		t.Errorf("Chromium started without --js-flags=%s: %q", briefScripts, args)
	}
	if js := (&Browser{Timed: true}).jsFlags(); js != "" {
		t.Errorf("a Timed browser starts with --js-flags=%s", js)
	}
}
