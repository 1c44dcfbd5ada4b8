// Package headless starts the headless Chromium that the browser tests drive, or skips the test when there is none.
package headless

import (
	"context"
	"os/exec"
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
}

// Path returns the Chromium executable, skipping t in -short mode or when none is installed.
func Path(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("browser tests skipped: Chromium is not installed (apt-get install chromium fonts-wqy-microhei)")
	return ""
}

// Start launches Chromium and returns a context for its first tab. The browser is stopped
// when the test ends, and at the latest after limit, so a hung browser cannot stall go test.
// A busy machine sometimes fails a first start; Start tries twice.
func Start(t testing.TB, limit time.Duration) context.Context {
	t.Helper()
	path := Path(t)
	var err error
	for attempt := 0; attempt < 2; attempt++ {
		watchdog, stop := context.WithTimeout(context.Background(), limit)
		alloc, cancelAlloc := chromedp.NewExecAllocator(watchdog, append([]chromedp.ExecAllocatorOption{chromedp.ExecPath(path)}, Flags...)...)
		ctx, cancel := chromedp.NewContext(alloc)
		if err = chromedp.Do(ctx); err == nil { // starts the browser
			t.Cleanup(func() { cancel(); cancelAlloc(); stop() })
			return ctx
		}
		cancel()
		cancelAlloc()
		stop()
	}
	t.Fatalf("starting Chromium: %v", err)
	return nil
}
