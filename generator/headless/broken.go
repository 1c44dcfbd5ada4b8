package headless

import (
	"context"

	"github.com/chromedp/chromedp"
)

// brokenJS lists the words of a page's main part that the layout breaks over lines, where
// a reader has to put them together again: a table's heading or figure of a few characters
// without a space (申 over 报), and a date written 2026-09-30 (Chromium breaks after a hyphen).
// A cell of no width (a heading kept for screen readers only) is not looked at.
const brokenJS = `(() => {
  const out = [], main = document.querySelector("main");
  if (!main) return out;
  const lines = range => new Set(Array.from(range.getClientRects(), q => Math.round(q.top))).size;
  for (const el of main.querySelectorAll("th, td.n")) {
    const text = el.textContent.trim();
    if (el.getBoundingClientRect().width <= 2 || text.length > 6 || /\s/.test(text)) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    const n = lines(range);
    if (n > 1) out.push("table cell " + text + " broken over " + n + " lines");
  }
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    for (const m of t.nodeValue.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
      const range = document.createRange();
      range.setStart(t, m.index);
      range.setEnd(t, m.index + m[0].length);
      const n = lines(range);
      if (n > 1) out.push("date " + m[0] + " broken over " + n + " lines");
    }
  }
  return out;
})()`

// BrokenWords lists the words the page in tab breaks over lines as it is laid out now
// (brokenJS): none is what a phone reader, at the largest font too, should meet.
func BrokenWords(tab context.Context) ([]string, error) {
	return chromedp.Run(tab, chromedp.Evaluate[[]string](brokenJS))
}
