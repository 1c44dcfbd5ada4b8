package headless

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// HighContrastProblems lists the text of the page in tab that high contrast leaves in too
// little contrast, one line each: axe-core's contrast rules (loaded by LoadAxe: the page's
// server is wrapped in WithAxe), and the text typed into the page's fields (filled for the
// measure, then emptied), which axe does not measure.
func HighContrastProblems(t testing.TB, tab context.Context) []string {
	t.Helper()
	const typed = `document.querySelectorAll('input[type=text], input[type=search], input:not([type]), textarea').forEach(el => { if (!el.value) { el.value = '示例文字'; el.dataset.typed = '1'; } })`
	const emptied = `document.querySelectorAll('[data-typed]').forEach(el => { el.value = ''; delete el.dataset.typed; })`
	const contrast = `axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}, resultTypes: ['violations']}).then(r => r.violations
  .map(v => 'axe-core ' + v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.any[0] || {}).message).join(' | ') + ' (' + v.nodes.length + ')'))`
	var out []string
	if _, err := chromedp.Run(tab, chromedp.Evaluate[any](typed)); err != nil {
		t.Fatal(err)
	}
	faint, err := chromedp.Run(tab, chromedp.Evaluate[[]string](faintFieldsJS))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range faint {
		out = append(out, "the text typed in "+f)
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[any](emptied)); err != nil {
		t.Fatal(err)
	}
	if err := LoadAxe(tab); err != nil {
		t.Fatal(err)
	}
	found, err := chromedp.Run(tab, chromedp.Evaluate[[]string](contrast, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return append(out, found...)
}

// faintFieldsJS lists the form fields whose text is in contrast under 4.5:1 with their
// background (WCAG AA), one line each (with high contrast on, a field left white while
// its text turns white is one such).
const faintFieldsJS = `(() => {
  const lum = c => {
    const v = c.match(/[\d.]+/g).slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const out = [];
  for (const el of document.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=file]), select, textarea')) {
    if (el.getBoundingClientRect().width === 0) continue;
    const cs = getComputedStyle(el), a = lum(cs.color), b = lum(cs.backgroundColor);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) out.push((el.name || el.id) + ': ' + cs.color + ' on ' + cs.backgroundColor + ', ' + ratio.toFixed(2) + ':1');
  }
  return out;
})()`
