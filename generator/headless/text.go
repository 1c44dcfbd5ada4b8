package headless

import (
	"context"

	"github.com/chromedp/chromedp"
)

// textJS finds the visible text set under 12 px and the text whose lines are closer than
// 1.3 times its size (the line spacing of the MIIT's 适老化 rules); text in controls and
// drawings keeps its own spacing. An SVG's text is measured at the size it is drawn.
const textJS = `(() => {
  const out = {small: [], tight: []}, seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.nodeValue.trim() || seen.has(el) || el.closest('noscript,script,style,[hidden],[aria-hidden=true]')) continue;
    seen.add(el);
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || r.right < 0 || r.bottom < 0) continue;
    let px = parseFloat(cs.fontSize);
    if (el instanceof SVGElement && el.ownerSVGElement) {
      const m = el.getScreenCTM();
      if (m) px *= Math.hypot(m.a, m.b);
    }
    if (px < 11.95) out.small.push(el.tagName.toLowerCase() + '.' + el.className + ' "' + n.nodeValue.trim().slice(0, 12) + '" ' + px.toFixed(1) + 'px');
    if (!(el instanceof SVGElement) && !el.closest('button,input,select,textarea,svg')) {
      const lh = cs.lineHeight === 'normal' ? 1.2 * parseFloat(cs.fontSize) : parseFloat(cs.lineHeight);
      if (lh / parseFloat(cs.fontSize) < 1.295) out.tight.push(el.tagName.toLowerCase() + '.' + el.className + ' "' + n.nodeValue.trim().slice(0, 12) + '" ' + (lh / parseFloat(cs.fontSize)).toFixed(2));
    }
  }
  return out;
})()`

// Text is what textJS found on a page: each element named with its first characters and
// its size, or its line spacing.
type Text struct {
	Small []string `json:"small"` // under 12 px
	Tight []string `json:"tight"` // lines closer than 1.3 times the size
}

// TextProblems measures the text of the page in tab as it is laid out now (textJS).
func TextProblems(tab context.Context) (Text, error) {
	return chromedp.Run(tab, chromedp.Evaluate[Text](textJS))
}
