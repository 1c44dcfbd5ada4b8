/* 阅读设置: the font-size steps and the high-contrast mode of the header's bar, kept in
   localStorage on this site only (no cookie); and the print buttons (a result page's
   certificate's is made here). Loaded
   without defer from <head>, it applies the saved classes before the page is drawn (an
   inline script would need the Content-Security-Policy to allow inline scripts). The bar
   is built here, not written into every page (it is no use without JavaScript, where the
   browser's own zoom serves): it is put at the top of the header as soon as the parser
   has made the header, before the page is first drawn (no layout shift), and wired once
   the page has loaded. */
(function () {
  'use strict';
  var KEY = 'wuxiao-read', root = document.documentElement;
  root.className = 'js';
  try {
    var saved = localStorage.getItem(KEY);
    if (saved) root.className += ' ' + saved;
  } catch (e) { /* private mode: defaults */ }

  function save() {
    var keep = [], all = root.className.split(/\s+/), i;
    for (i = 0; i < all.length; i++) if (/^(fs-[12]|hc)$/.test(all[i])) keep.push(all[i]);
    try { localStorage.setItem(KEY, keep.join(' ')); } catch (e) { /* private mode: this page only */ }
  }

  // The bar's markup: a labelled group of three font sizes and the contrast toggle,
  // each a button with aria-pressed (sync sets them).
  var BAR = '<div class="wrap"><span class="read-label" id="fs-label">字号</span>' +
    '<span role="group" aria-labelledby="fs-label">' +
    '<button type="button" data-fs="">标准</button>' +
    '<button type="button" data-fs="fs-1">大</button>' +
    '<button type="button" data-fs="fs-2">特大</button></span>' +
    '<button type="button" data-hc>高对比度</button></div>';

  // bar puts the bar at the top of the site header once it exists, and returns it.
  function bar() {
    var b = document.getElementById('read-bar'), h;
    if (b) return b;
    h = document.querySelector('.site-header');
    if (!h) return null;
    b = document.createElement('div');
    b.className = 'read-bar';
    b.id = 'read-bar';
    b.innerHTML = BAR;
    h.insertBefore(b, h.firstChild);
    sync(b);
    return b;
  }
  // Mutation records are delivered before the parser's task ends, so before any paint.
  if (window.MutationObserver) {
    var mo = new MutationObserver(function () { if (bar()) mo.disconnect(); });
    mo.observe(root, { childList: true, subtree: true });
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
    var rb = bar(), pr = document.querySelector('[data-print]'), tools = document.querySelector('.cert-tools');
    if (mo) mo.disconnect();
    if (!pr && tools) {
      // A result page's certificate: its print button is made here, not written into ten
      // thousand pages (it is no use without JavaScript).
      pr = document.createElement('button');
      pr.type = 'button';
      pr.className = 'print-btn';
      pr.setAttribute('data-print', 'cert');
      pr.hidden = true;
      pr.textContent = '打印证书';
      tools.appendChild(pr);
    }
    if (rb) {
      rb.addEventListener('click', function (ev) {
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
        sync(rb);
      });
    }
    if (pr && window.print) {
      pr.hidden = false;
      pr.addEventListener('click', function () {
        // data-print="cert": the result page prints its certificate alone (style.css)
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
