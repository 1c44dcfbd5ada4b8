/* 站内搜索, the page: the form, the filters, the results with their snippets.
   search-index.js (loaded first) reads the index. Plain ES5 for old WebViews. */
(function () {
  'use strict';

  var S = window.wuxiaoSearch;

  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;';
    });
  }

  // mark is text[from:to] as HTML with every occurrence of a term in <mark>.
  function mark(text, ts, from, to) {
    var ft = S.fold(text), hits = [], i, k, out = '', at = from, h;
    for (i = 0; i < ts.length; i++) {
      for (k = ft.indexOf(ts[i], Math.max(0, from - ts[i].length + 1)); k >= 0 && k < to; k = ft.indexOf(ts[i], k + 1)) {
        hits.push([Math.max(k, from), Math.min(k + ts[i].length, to)]);
      }
    }
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    for (i = 0; i < hits.length; i++) {
      h = hits[i];
      if (h[1] <= at) continue;
      if (h[0] > at) out += esc(text.slice(at, h[0]));
      out += '<mark>' + esc(text.slice(Math.max(at, h[0]), h[1])) + '</mark>';
      at = h[1];
    }
    return out + esc(text.slice(at, to));
  }

  function isLow(c) { return c >= 0xDC00 && c < 0xE000; }

  // snippet is about 110 characters of text around the first match, marked.
  function snippet(text, ts) {
    var ft = S.fold(text), p = -1, i, k, from, to;
    text = text.replace(/\n/g, ' ');
    for (i = 0; i < ts.length; i++) {
      k = ft.indexOf(ts[i]);
      if (k >= 0 && (p < 0 || k < p)) p = k;
    }
    from = p > 30 ? p - 30 : 0;
    if (from > 0 && isLow(text.charCodeAt(from))) from--;
    to = Math.min(text.length, from + 110);
    if (to < text.length && isLow(text.charCodeAt(to))) to++;
    return (from > 0 ? '…' : '') + mark(text, ts, from, to) + (to < text.length ? '…' : '');
  }

  var AWARD_CLASS = { '特等奖': 'special', '一等奖': 'first', '二等奖': 'second', '三等奖': 'third' };

  // has says whether folded text ft holds one of the terms.
  function has(ft, ts) {
    for (var i = 0; i < ts.length; i++) if (ft.indexOf(ts[i]) >= 0) return true;
    return false;
  }

  function item(ix, r, ts, root) {
    var m = ix.meta, d = r.doc, rec = r.rec, who = rec[2].split('\n'), unit = who[0], authors = who[1] || '', meta = '', a, prov;
    if (m.award[d] >= 0) {
      a = m.awards[m.award[d]];
      prov = m.year[d] >= 0 && (m.provisional || []).indexOf(m.years[m.year[d]]) >= 0;
      meta += '<span class="award' + (AWARD_CLASS[a] ? '-' + AWARD_CLASS[a] : '') + '">' + (prov ? '拟' : '') + esc(a) + '</span> ' +
        (prov ? '<span class="status status-notice">公示中</span> ' : '');
    }
    meta += '<span>' + esc(m.kinds[m.kind[d]][1]) + '</span>';
    if (m.year[d] >= 0) meta += ' <span class="ri-year">' + m.years[m.year[d]] + '年</span>';
    if (m.cat[d] >= 0) meta += ' <span class="ri-cat">' + esc(m.categories[m.cat[d]]) + '</span>';
    return '<li class="result-item search-hit"><p class="ri-meta">' + meta + '</p>' +
      '<h3 class="ri-title"><a href="' + esc(root + rec[0]) + '">' + mark(rec[1], ts, 0, rec[1].length) + '</a></h3>' +
      (unit || authors ? '<p class="ri-by">' + mark(unit, ts, 0, unit.length) +
        (unit && authors ? '<span class="sep">|</span>' : '') + mark(authors, ts, 0, authors.length) + '</p>' : '') +
      '<p class="search-snippet">' + snippetOf(r, ts) + '</p></li>';
  }

  // snippetOf is result r's snippet: from its summary, or from its body (once read)
  // when no term is in the summary.
  function snippetOf(r, ts) {
    var rec = r.rec;
    return snippet(r.body && !has(S.fold(rec[3]), ts) ? r.body.text : rec[3], ts);
  }

  function params(search) {
    var out = {}, parts = search.replace(/^\?/, '').split('&'), i, kv;
    for (i = 0; i < parts.length; i++) {
      kv = parts[i].split('=');
      try { out[decodeURIComponent(kv[0])] = decodeURIComponent((kv[1] || '').replace(/\+/g, ' ')); } catch (e) { /* skip a malformed pair */ }
    }
    return out;
  }

  function now() { return window.performance && performance.now ? performance.now() : new Date().getTime(); }

  var FILTERS = ['year', 'kind', 'cat', 'award'];

  // fillSelect puts a facet's values into its select, choosing the one in the URL.
  function fillSelect(sel, values, chosen) {
    if (!sel) return;
    for (var i = 0; i < values.length; i++) {
      var o = document.createElement('option');
      o.value = values[i][0];
      o.text = values[i][1];
      if (values[i][0] === chosen) o.selected = true;
      sel.appendChild(o);
    }
  }

  function start() {
    var form = document.getElementById('search-form');
    if (!form) return;
    var root = form.getAttribute('data-root'), ix = new S.Index(form.getAttribute('data-index'), root),
      input = form.elements.q, status = document.getElementById('search-status'),
      list = document.getElementById('search-results'), more = document.getElementById('search-more'),
      p = params(location.search), token = 0, cur = null, shown = 0, head, i;
    input.value = p.q || '';
    head = document.querySelectorAll('.site-search input[name=q]');
    for (i = 0; i < head.length; i++) head[i].value = p.q || '';

    function filter() {
      var m = ix.meta, f = { year: -1, kind: -1, cat: -1, award: -1 }, v, j;
      v = form.elements.year && form.elements.year.value;
      if (v) f.year = m.years.indexOf(+v);
      v = form.elements.kind && form.elements.kind.value;
      for (j = 0; v && j < m.kinds.length; j++) if (m.kinds[j][0] === v) f.kind = j;
      v = form.elements.cat && form.elements.cat.value;
      if (v) f.cat = m.categories.indexOf(v);
      v = form.elements.award && form.elements.award.value;
      if (v) f.award = m.awards.indexOf(v);
      return f;
    }

    var note = document.getElementById('search-note');

    function filtered() {
      for (var j = 0; j < FILTERS.length; j++) if (form.elements[FILTERS[j]] && form.elements[FILTERS[j]].value) return true;
      return false;
    }

    function quote(ts) { return '“' + ts.join('”“') + '”'; }

    // say tells what was found; when the query as typed found nothing, note says what
    // was searched instead (the words apart, or a near spelling) or what to try.
    function say(s) {
      var q = input.value, html = '';
      if (!s) { status.textContent = '请输入要查找的词语，例如成果名称、单位或姓名。'; note.innerHTML = ''; return; }
      if (!s.results.length && s.done) {
        status.textContent = '没有找到包含“' + q + '”的页面。';
        html = '<p>可以试试：</p><ul>' +
          '<li>检查有没有错别字，或换一个说法（如“皮带”与“输送带”）；</li>' +
          '<li>只输入关键的一两个词，如单位名称中的地名、成果中的设备名，或完成人的姓名；</li>' +
          (filtered() ? '<li>把年度、类型等筛选条件改为“全部”；</li>' : '') +
          '<li>或者<a href="' + esc(root) + 'browse/">按类别浏览</a>、查看<a href="' + esc(root) + 'units/">参赛单位</a>。</li></ul>';
        note.innerHTML = html;
        return;
      }
      status.textContent = (s.exact || s.done ? '找到 ' : '找到约 ') + s.estimate() + ' 个页面';
      if (s.instead === 'relaxed') {
        note.innerHTML = '<p>没有找到完整的“' + esc(q) + '”，下面是同时含有 ' + esc(quote(s.terms)) + ' 的页面。</p>';
      } else if (s.instead === 'suggested') {
        note.innerHTML = '<p>没有找到“' + esc(q) + '”，下面是“' + esc(s.terms.join(' ')) + '”的结果。</p>';
      } else {
        note.innerHTML = '';
      }
    }

    // show adds the results not shown yet, all at once; a hit found only in a body
    // shows its summary until its page is read, then the snippet around the term; then cb().
    function show(s, cb) {
      var my = token, from = shown, j;
      if (!s) { put(s); cb(); return; }
      add(s, s.results.length);
      s.bodies(from, s.results.length, function (err) {
        if (my !== token) return;
        if (err) { status.textContent = '搜索出错：' + err.message; return; }
        for (j = from; j < s.results.length; j++) { // those whose pages were just read
          if (s.results[j].body) list.children[j].querySelector('.search-snippet').innerHTML = snippetOf(s.results[j], s.terms);
        }
        put(s);
        cb();
      });
    }

    // add shows the results from the first not shown up to (not including) upto.
    function add(s, upto) {
      var html = '';
      for (; shown < upto; shown++) html += item(ix, s.results[shown], s.terms, root);
      if (html) list.insertAdjacentHTML('beforeend', html);
    }

    // put shows the rest of the results and says what was found.
    function put(s) {
      if (s) add(s, s.results.length);
      more.hidden = !s || s.done;
      say(s);
    }

    function run() {
      var my = ++token, t0 = now(), b0 = ix.bytes, r0 = ix.requests;
      list.innerHTML = '';
      shown = 0;
      more.hidden = true;
      status.textContent = '正在搜索…';
      var q = input.value, f = filter();
      function fail(err) { if (my === token) status.textContent = '搜索出错：' + err.message; }
      function done(s) {
        if (my !== token) return;
        cur = s;
        show(s, function () {
          S.last = { q: q, ms: now() - t0, bytes: ix.bytes - b0, requests: ix.requests - r0, total: ix.bytes };
        });
      }
      // nothing for the phrase: its words apart; still nothing: a near spelling.
      function instead(s, kind, next) {
        if (!s || s.results.length || !s.done) { next(); return; }
        ix[kind === 'relaxed' ? 'relax' : 'suggest'](q, function (err, qs) {
          if (err) { fail(err); return; }
          qs = typeof qs === 'string' ? (qs ? [qs] : []) : qs;
          (function tryNext(i) { // the first rewrite that finds something
            if (i >= qs.length || my !== token) { next(); return; }
            ix.run(qs[i], f, function (err, s2) {
              if (err) { fail(err); return; }
              if (s2 && s2.results.length) { s2.instead = kind; done(s2); return; }
              tryNext(i + 1);
            });
          })(0);
        });
      }
      ix.run(q, f, function (err, s) {
        if (my !== token) return;
        if (err) { fail(err); return; }
        instead(s, 'relaxed', function () {
          instead(s, 'suggested', function () { done(s); });
        });
      });
    }

    more.onclick = function () {
      var my = token;
      if (!cur) return;
      more.disabled = true;
      cur.more(S.PAGE, function (err) {
        more.disabled = false;
        if (my !== token) return;
        if (err) { status.textContent = '搜索出错：' + err.message; return; }
        show(cur, function () {});
      });
    };

    function submit(e) {
      if (e && e.preventDefault) e.preventDefault();
      var qs = 'q=' + encodeURIComponent(input.value), j, el;
      for (j = 0; j < FILTERS.length; j++) {
        el = form.elements[FILTERS[j]];
        if (el && el.value) qs += '&' + FILTERS[j] + '=' + encodeURIComponent(el.value);
      }
      if (window.history && history.replaceState) history.replaceState(null, '', '?' + qs);
      run();
      return false;
    }

    status.textContent = '正在载入索引…';
    ix.load(function (err, m) {
      if (err) { status.textContent = '搜索索引载入失败，请稍后再试。'; return; }
      var years = [], kinds = [], cats = [], awards = [], j;
      for (j = 0; j < m.years.length; j++) years.push([String(m.years[j]), m.years[j] + '年']);
      for (j = 0; j < m.kinds.length; j++) kinds.push(m.kinds[j]);
      for (j = 0; j < m.categories.length; j++) cats.push([m.categories[j], m.categories[j]]);
      for (j = 0; j < m.awards.length; j++) awards.push([m.awards[j], m.awards[j]]);
      fillSelect(form.elements.year, years, p.year);
      fillSelect(form.elements.kind, kinds, p.kind);
      fillSelect(form.elements.cat, cats, p.cat);
      fillSelect(form.elements.award, awards, p.award);
      form.onsubmit = submit;
      for (j = 0; j < FILTERS.length; j++) if (form.elements[FILTERS[j]]) form.elements[FILTERS[j]].onchange = submit;
      S.index = ix;
      run();
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
