package headless

import (
	"bytes"
	"context"
	_ "embed"
	"net/http"
	"time"

	"github.com/chromedp/chromedp"
)

// axeCore is axe-core, the engine of Lighthouse's accessibility audit (axe/README.md).
//
//go:embed axe/axe.min.js
var axeCore []byte

// AxePath is where WithAxe serves axe-core beside the site under test.
const AxePath = "/.axe-core/axe.min.js"

// WithAxe serves axe-core at AxePath and everything else by site. A page loads it from there
// as a script of its own origin, which a policy of script-src 'self' allows, and Chromium
// keeps its compiled code for the next pages: loading it so cost 60 ms of processor time a
// page, evaluating its 650 KB in the page (compiled afresh each time) 196 ms.
func WithAxe(site http.Handler) http.Handler {
	modified := time.Now()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != AxePath {
			site.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "max-age=3600, immutable")
		http.ServeContent(w, r, "axe.min.js", modified, bytes.NewReader(axeCore))
	})
}

// loadAxeJS adds axe-core's script to the page, unless it is there, and waits for it.
const loadAxeJS = `window.axe ? true : new Promise((loaded, failed) => {
  const s = document.createElement('script');
  s.src = '` + AxePath + `';
  const missing = () => failed(new Error('axe-core did not load from ` + AxePath + ` (is the server wrapped in headless.WithAxe?)'));
  s.onload = () => window.axe ? loaded(true) : missing();
  s.onerror = missing;
  document.head.appendChild(s);
})`

// LoadAxe loads axe-core into the page open in tab, from the page's own server (WithAxe).
func LoadAxe(tab context.Context) error {
	_, err := chromedp.Run(tab, chromedp.Evaluate[bool](loadAxeJS, chromedp.EvalAwaitPromise))
	return err
}

// violationsJS runs axe-core and returns its serious and critical violations, one line each.
const violationsJS = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ') + ' (' + v.nodes.length + ')'))`

// AxeViolations runs axe-core on the page open in tab (LoadAxe, unless it is there) and
// returns its serious and critical violations, one line each.
func AxeViolations(tab context.Context) ([]string, error) {
	if err := LoadAxe(tab); err != nil {
		return nil, err
	}
	return chromedp.Run(tab, chromedp.Evaluate[[]string](violationsJS, chromedp.EvalAwaitPromise))
}
