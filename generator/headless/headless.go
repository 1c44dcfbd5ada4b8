// Package headless starts the headless Chromium that the browser tests drive, or skips the test when there is none. It is for tests only (it imports testing); cmd/wuxiao's TestProductionImports keeps it out of the program.
package headless

import (
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Flags are the options every browser test starts Chromium with: no sandbox (tests run as
// root in CI), and none of the background connections a closed network would refuse.
var Flags = []chromedp.ExecAllocatorOption{
	chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
	chromedp.Flag("disable-background-networking", true),
	chromedp.Flag("disable-component-update", true),
	chromedp.Flag("disable-sync", true),
	chromedp.Flag("disable-quic", true),
	chromedp.Flag("disable-dev-shm-usage", true),
	// Chromium 156's headless mode still builds the omnibox's popup as a page of its own
	// (chrome://omnibox-popup.top-chrome/, in a renderer of its own) that no test looks
	// at: 5 s of processor time in a test of 14 tabs, and the generator package's browser
	// tests took 196 s of processor time with it, 153 s without (TestNoBrowserUI).
	//
	// Nor does a test go back to a page it left, which Chromium keeps alive for that
	// (BackForwardCache), each same-site navigation making a new document host
	// (RenderDocument): 160 ms of processor time a page of the demo site with them, 105
	// without, and 110 against 68 ms for an empty page (TestNavigationKeepsNoPageAlive).
	chromedp.Flag("disable-features", "WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,BackForwardCache,RenderDocument"),
}

// briefScripts turns off V8's optimizing compilers (Maglev and TurboFan), which pay back
// for scripts that run long: a test's page lives for a few checks, and each new page
// compiled axe-core's hot functions again on Chromium's background threads.
// TestBrowserAccessibility took 25.9 and 26.9 s of the machine's processor time with
// them, 17.5 to 20.7 s without (this 2-core VM, alternated runs). The interpreter and
// the baseline compiler run the same scripts to the same results, more slowly when
// they run long: a Browser that reports how fast a page's scripts are is Timed.
const briefScripts = "--no-opt --no-maglev"

// Executables are the Chromium builds the tests look for, in order. First Debian's
// chromium-headless-shell, built from the same source and version as its chromium: the
// same Blink lays out, prints and runs the pages, without the browser's own window. A
// page loaded in the full browser (headless) cost about twice the processor time: 93
// against 42 ms for a one-line page, 152 against 79 ms for a page of the demo site
// (276 loads in one tab on this 2-core VM), the browser process's main thread busy
// with its window's toolbar, tab and history at each navigation (Chromium's tracing:
// DidCommitNavigation, NotifyNavigationStateChanged, its user interface's frames),
// which no flag turned off. Browser tests were a third of go test's processor time.
var Executables = []string{"chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "headless-shell"}

// Path returns the Chromium executable, skipping t in -short mode or when none is installed.
// WUXIAO_CHROMIUM, when set, names the one to use.
func Path(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	names := Executables
	if name := os.Getenv("WUXIAO_CHROMIUM"); name != "" {
		names = []string{name}
	}
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("browser tests skipped: Chromium is not installed (apt-get install chromium-headless-shell fonts-wqy-microhei; .ci/run does)")
	return ""
}

// Browser is one Chromium shared by the browser tests of a package: started by the first
// test that asks for a tab, closed by Close (from TestMain). Each test gets a tab of its
// own with its own time limit, so a package starts Chromium once instead of once a test.
type Browser struct {
	// Timed keeps V8's optimizing compilers, as a reader's browser has them, for tests
	// that report how long a page's scripts take (briefScripts).
	Timed bool

	once   sync.Once
	ctx    context.Context
	cancel func()
	err    error
}

// Tab opens a new tab (skipping the test when there is no Chromium) that closes when the
// test ends or limit passes. Tabs of the returned context are tabs of the same browser.
func (b *Browser) Tab(t testing.TB, limit time.Duration) context.Context {
	t.Helper()
	return b.tab(t, limit)
}

// PrivateTab is Tab in a browser context of its own, as a private window is: its cookies,
// storage and cache are its own and end with it, and the tabs opened from the returned
// context share them. Tests that sign people in share the browser, not their sessions.
func (b *Browser) PrivateTab(t testing.TB, limit time.Duration) context.Context {
	t.Helper()
	return b.tab(t, limit, chromedp.WithNewBrowserContext())
}

func (b *Browser) tab(t testing.TB, limit time.Duration, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	path := Path(t)
	b.once.Do(func() {
		for attempt := 0; attempt < 2; attempt++ {
			opts := append([]chromedp.ExecAllocatorOption{chromedp.ExecPath(path)}, Flags...)
			if js := b.jsFlags(); js != "" {
				opts = append(opts, chromedp.Flag("js-flags", js))
			}
			alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
			ctx, cancel := chromedp.NewContext(alloc)
			if b.err = chromedp.Do(ctx); b.err == nil { // starts the browser
				b.ctx, b.cancel = ctx, func() { cancel(); cancelAlloc() }
				return
			}
			cancel()
			cancelAlloc()
		}
	})
	if b.err != nil {
		t.Fatalf("starting Chromium: %v", b.err)
	}
	watchdog, stop := context.WithTimeout(b.ctx, limit)
	tab, closeTab := chromedp.NewContext(watchdog, opts...)
	if err := chromedp.Do(tab); err != nil {
		closeTab()
		stop()
		t.Fatalf("opening a tab: %v", err)
	}
	t.Cleanup(func() { closeTab(); stop() })
	return tab
}

// jsFlags are V8's flags for the browser's command line: briefScripts unless Timed.
func (b *Browser) jsFlags() string {
	if b.Timed {
		return ""
	}
	return briefScripts
}

// Close ends the browser, if it was started.
func (b *Browser) Close() {
	if b.cancel != nil {
		b.cancel()
	}
}
