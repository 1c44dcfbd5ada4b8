package headless

// FaintFieldsJS lists the form fields whose text is in contrast under 4.5:1 with their
// background (WCAG AA), one line each: what a person types is text to read too, and
// axe-core does not measure it. Fill the fields before (with high contrast on, a field
// left white while its text turns white is one such).
const FaintFieldsJS = `(() => {
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
