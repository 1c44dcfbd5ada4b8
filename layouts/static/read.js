/* 阅读设置: the font-size steps and the high-contrast mode of the header's bar, kept in
   localStorage on this site only (no cookie); and the certificate's print button. Loaded
   without defer from <head>, it applies the saved classes before the page is drawn (an
   inline script would need the Content-Security-Policy to allow inline scripts); the bar
   is wired once the page has loaded. Without JavaScript the bar stays hidden and the
   browser's own zoom serves. */
(function () {
  'use strict';
  var KEY = 'wuxiao-read', root = document.documentElement;
  root.className = 'js'; // shows the bar from the first paint: no layout shift when it is wired
  try {
    var saved = localStorage.getItem(KEY);
    if (saved) root.className += ' ' + saved;
  } catch (e) { /* private mode: defaults */ }

  function save() {
    var keep = [], all = root.className.split(/\s+/), i;
    for (i = 0; i < all.length; i++) if (/^(fs-[12]|hc)$/.test(all[i])) keep.push(all[i]);
    try { localStorage.setItem(KEY, keep.join(' ')); } catch (e) { /* private mode: this page only */ }
  }

  function sync(bar) {
    var fs = bar.querySelectorAll('[data-fs]'), i, on;
    for (i = 0; i < fs.length; i++) {
      on = fs[i].getAttribute('data-fs');
      fs[i].setAttribute('aria-pressed', on ? String(root.classList.contains(on)) : String(!/\bfs-/.test(root.className)));
    }
    bar.querySelector('[data-hc]').setAttribute('aria-pressed', String(root.classList.contains('hc')));
  }

  function init() {
    var bar = document.getElementById('read-bar'), pr = document.querySelector('[data-print]');
    if (bar) {
      bar.hidden = false;
      sync(bar);
      bar.addEventListener('click', function (ev) {
        var b = ev.target.closest ? ev.target.closest('button') : null, fs;
        if (!b) return;
        if (b.hasAttribute('data-fs')) {
          root.classList.remove('fs-1', 'fs-2');
          fs = b.getAttribute('data-fs');
          if (fs) root.classList.add(fs);
        } else if (b.hasAttribute('data-hc')) {
          root.classList.toggle('hc');
        }
        save();
        sync(bar);
      });
    }
    if (pr && window.print) {
      pr.hidden = false;
      pr.addEventListener('click', function () {
        // data-print="cert": the result page prints its certificate alone (certificate.css)
        var cert = pr.getAttribute('data-print') === 'cert';
        if (cert) {
          root.classList.add('print-cert');
          window.addEventListener('afterprint', function done() {
            root.classList.remove('print-cert');
            window.removeEventListener('afterprint', done);
          });
        }
        window.print();
      });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
