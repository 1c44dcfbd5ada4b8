package headless

import (
	"bytes"
	"context"
	_ "embed"
	"net/http"
	"strings"
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

// violationsJS runs axe-core with the options in OPTIONS and returns its serious and
// critical violations, one line each.
const violationsJS = `axe.run(document, Object.assign({resultTypes: ['violations']}, OPTIONS)).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ') + ' (' + v.nodes.length + ')'))`

// layoutOnlyJS is the options of a run that leaves every rule off but those whose
// outcome can change with the width of the window while the page shows the same elements
// (Shown): colours and sizes, which media queries set; what overflows; a table laid out as
// a table or as blocks. Those keep their own default (a rule axe-core runs only when
// asked stays off).
const layoutOnlyJS = `{rules: Object.fromEntries(axe.getRules().filter(r => ![
  'color-contrast', 'link-in-text-block', 'target-size', 'scrollable-region-focusable', 'avoid-inline-spacing',
  'td-headers-attr', 'th-has-data-cells', 'table-duplicate-name', 'scope-attr-valid', 'empty-table-header',
].includes(r.ruleId)).map(r => [r.ruleId, {enabled: false}]))}`

// AxeViolations runs axe-core on the page open in tab (LoadAxe, unless it is there) and
// returns its serious and critical violations, one line each.
func AxeViolations(tab context.Context) ([]string, error) {
	return axeViolations(tab, "{}")
}

// AxeLayoutViolations is AxeViolations of the rules whose outcome depends on layout alone
// (layoutOnlyJS): for the page laid out again at another width, once a run of every rule
// has seen it show the same elements (Shown). On the demo's pages it cost a third of a
// full run.
func AxeLayoutViolations(tab context.Context) ([]string, error) {
	return axeViolations(tab, layoutOnlyJS)
}

func axeViolations(tab context.Context, options string) ([]string, error) {
	if err := LoadAxe(tab); err != nil {
		return nil, err
	}
	return chromedp.Run(tab, chromedp.Evaluate[[]string](strings.Replace(violationsJS, "OPTIONS", options, 1), chromedp.EvalAwaitPromise))
}

// shownJS marks each element of the page's body in document order (not of its head, where
// LoadAxe adds axe-core's script): 1 when it has a box and is not hidden by visibility, else 0.
const shownJS = `Array.from(document.querySelectorAll('body *'), e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' ? 1 : 0).join('')`

// Shown tells which of the elements of the page open in tab are laid out and visible, as
// a string to compare with the same page's at another width.
func Shown(tab context.Context) (string, error) {
	return chromedp.Run(tab, chromedp.Evaluate[string](shownJS))
}
