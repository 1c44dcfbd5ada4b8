package headless

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestNoBrowserUI: the Chromium the tests start has no pages of its own user interface
// (the omnibox's popup, chrome://omnibox-popup.top-chrome/), which cost the browser tests
// a fifth of their processor time (Flags).
func TestNoBrowserUI(t *testing.T) {
	ctx := Start(t, time.Minute)
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
