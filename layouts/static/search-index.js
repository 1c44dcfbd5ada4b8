/* 站内搜索, the reader: fetches the index that generator/search writes under search/
   and answers queries; search.js is the page around it. Plain ES5 (var, functions, XMLHttpRequest, typed arrays) so
   that it runs in old WebViews such as WeChat's; no framework, no other host.
   The index format and the matching rules are specified in generator/search; the
   Go tests there run a twin of this reader (engine_test.go). */
(function () {
  'use strict';

  var PAGE = 10; // results a screen
  var FETCHES = 4; // pages fetched at once for their bodies

  // T2S maps traditional characters to simplified ones (search/fold.txt, loaded with
  // meta.json): the same table as foldUnit's in generator/search/fold.go.
  var T2S = null;

  function setFold(pairs) {
    var i;
    T2S = new Uint16Array(65536);
    for (i = 0; i + 1 < pairs.length; i += 2) T2S[pairs.charCodeAt(i)] = pairs.charCodeAt(i + 1);
  }

  // fold mirrors foldUnit in generator/search/fold.go, one code unit for one.
  function foldCode(c) {
    if (T2S && T2S[c]) return T2S[c];
    if (c >= 65 && c <= 90) return c + 32;
    if (c >= 0xFF01 && c <= 0xFF5E) {
      c -= 0xFEE0;
      return c >= 65 && c <= 90 ? c + 32 : c;
    }
    if (c <= 32 || c === 0x7F || c === 0xA0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200D) ||
        c === 0x2028 || c === 0x2029 || c === 0x202F || c === 0x205F || c === 0xFEFF) return 32;
    return c;
  }
  function fold(s) {
    var out = [], i, parts = [];
    for (i = 0; i < s.length; i++) {
      out.push(foldCode(s.charCodeAt(i)));
      if (out.length === 4096) { parts.push(String.fromCharCode.apply(null, out)); out = []; }
    }
    parts.push(String.fromCharCode.apply(null, out));
    return parts.join('');
  }

  // terms mirrors Terms: folded, split at spaces, repeats dropped; at most 16.
  function terms(q) {
    var all = fold(q).split(' '), out = [], i;
    for (i = 0; i < all.length && out.length < 16; i++) {
      if (all[i] !== '' && out.indexOf(all[i]) < 0) out.push(all[i]);
    }
    return out;
  }

  function Index(base, root) {
    this.base = base; // URL of the search/ folder, ending in "/"
    this.root = root || base + '../'; // URL of the site's root, which documents' URLs are relative to
    this.meta = null;
    this.shards = {};  // shard number → parsed shard, or an array of waiting callbacks
    this.files = {};   // doc file number → records, or waiting callbacks
    this.pages = {};   // document URL → its body read from its page, or waiting callbacks
    this.bytes = 0;    // bytes fetched, for the tests and the curious
    this.requests = 0;
  }

  Index.prototype.get = function (path, binary, cb) { this.request(this.base + path, binary, cb); };

  Index.prototype.request = function (path, binary, cb) {
    var self = this, xhr = new XMLHttpRequest();
    xhr.open('GET', path, true);
    if (binary) xhr.responseType = 'arraybuffer';
    xhr.onload = function () {
      if (xhr.status !== 200 && xhr.status !== 0) { cb(new Error(path + ': HTTP ' + xhr.status)); return; }
      var data = binary ? new Uint8Array(xhr.response) : xhr.responseText;
      self.bytes += binary ? data.length : utf8Length(data);
      self.requests++;
      cb(null, data);
    };
    xhr.onerror = function () { cb(new Error(path + ': network error')); };
    xhr.send();
  };

  function utf8Length(s) {
    var n = 0, i, c;
    for (i = 0; i < s.length; i++) {
      c = s.charCodeAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : (c >= 0xD800 && c < 0xDC00) ? 2 : 3;
    }
    return n;
  }

  // load fetches meta.json and spreads its runs into per-document facet arrays, and
  // the traditional→simplified table that fold needs. Both are asked for at once, by
  // the URLs the search page's head preloads: the table is the same for every site
  // (it changes only with wuxiao's own table), so it needs no version of the index.
  Index.prototype.load = function (cb) {
    var self = this, got = {};
    all(['meta.json', 'fold.txt'], function (name, done) {
      self.get(name, false, function (err, data) { got[name] = data; done(err); });
    }, function (err) {
      if (err) { cb(err); return; }
      setFold(got['fold.txt']);
      self.loaded(got['meta.json'], cb);
    });
  };

  Index.prototype.loaded = function (text, cb) {
    var self = this;
    (function () {
      var m = JSON.parse(text), n = m.docs, i, j, r, end;
      m.year = new Int8Array(n); m.kind = new Int8Array(n); m.cat = new Int8Array(n); m.award = new Int8Array(n);
      for (i = 0; i < m.runs.length; i++) {
        r = m.runs[i];
        end = i + 1 < m.runs.length ? m.runs[i + 1][0] : n;
        for (j = r[0]; j < end; j++) { m.year[j] = r[1]; m.kind[j] = r[2]; m.cat[j] = r[3]; m.award[j] = r[4]; }
      }
      m.freq = {};
      for (i = 0; i + 1 < m.frequent.length; i += 2) m.freq[bigram(m.frequent.charCodeAt(i), m.frequent.charCodeAt(i + 1))] = true;
      self.meta = m;
      cb(null, m);
    })();
  };

  // Keys as in fold.go: c, a·2^16+b, a·2^32+b·2^16+c; exact in a double.
  function bigram(a, b) { return a * 65536 + b; }
  function trigram(a, b, c) { return a * 4294967296 + b * 65536 + c; }

  // termKeys mirrors termKeys in fold.go.
  Index.prototype.termKeys = function (t) {
    var freq = this.meta.freq, max = this.meta.max_keys, n = t.length - 1, keys = [], j;
    if (t.length === 1) return [t.charCodeAt(0)];
    function at(i) {
      var b = bigram(t.charCodeAt(i), t.charCodeAt(i + 1));
      if (i + 2 < t.length && freq[b]) return trigram(t.charCodeAt(i), t.charCodeAt(i + 1), t.charCodeAt(i + 2));
      return b;
    }
    function add(k) { if (keys.indexOf(k) < 0) keys.push(k); }
    if (n <= max) {
      for (j = 0; j < n; j++) add(at(j));
    } else {
      for (j = 0; j < max; j++) add(at(Math.floor(j * (n - 1) / (max - 1))));
    }
    return keys;
  };

  Index.prototype.exact = function (t) {
    return t.length <= 2 || (t.length === 3 && !!this.meta.freq[bigram(t.charCodeAt(0), t.charCodeAt(1))]);
  };

  function uvarint(b, pos) {
    var x = 0, mul = 1, c;
    do {
      if (pos.i >= b.length) throw new Error('truncated index');
      c = b[pos.i++];
      x += (c & 127) * mul;
      mul *= 128;
    } while (c & 128);
    return x;
  }

  // parseShard reads a key shard's directory: key → [offset, len all, len title, len people].
  function parseShard(b) {
    var pos = { i: 0 }, n = uvarint(b, pos), dir = {}, keys = [], lens = [], key = 0, i, off;
    for (i = 0; i < n; i++) {
      key += uvarint(b, pos);
      keys.push(key);
      lens.push([uvarint(b, pos), uvarint(b, pos), uvarint(b, pos)]);
    }
    off = pos.i;
    for (i = 0; i < n; i++) {
      dir[keys[i]] = [off, lens[i][0], lens[i][1], lens[i][2]];
      off += lens[i][0] + lens[i][1] + lens[i][2];
    }
    return { bytes: b, dir: dir };
  }

  // decodeList mirrors decodeList in postings.go.
  function decodeList(b, off, len) {
    var out = [], end = off + len, pos, d, from, i, x, j;
    if (len === 0) return out;
    if (b[off] === 0) {
      pos = { i: off + 1 };
      d = -1;
      while (pos.i < end) {
        d = d < 0 ? uvarint(b, pos) : d + uvarint(b, pos);
        out.push(d);
      }
    } else {
      pos = { i: off + 1 };
      from = uvarint(b, pos);
      for (i = pos.i; i < end; i++) {
        x = b[i];
        for (j = 0; x; j++, x >>= 1) if (x & 1) out.push((from + i - pos.i) * 8 + j);
      }
    }
    return out;
  }

  // once runs load(cb) a single time per slot of cache, queueing callers meanwhile.
  function once(cache, id, load, cb) {
    var v = cache[id];
    if (v && !v.waiting) { cb(null, v); return; }
    if (v) { v.waiting.push(cb); return; }
    cache[id] = v = { waiting: [cb] };
    load(function (err, data) {
      var w = v.waiting, i;
      if (err) { delete cache[id]; } else { cache[id] = data; }
      for (i = 0; i < w.length; i++) w[i](err, data);
    });
  }

  Index.prototype.shard = function (s, cb) {
    var self = this;
    once(this.shards, s, function (done) {
      self.get('k/' + s + '.bin?v=' + self.meta.v, true, function (err, b) {
        if (err) { done(err); return; }
        try { done(null, parseShard(b)); } catch (e) { done(e); }
      });
    }, cb);
  };

  Index.prototype.record = function (d, cb) {
    var self = this, per = this.meta.per_file, f = Math.floor(d / per);
    once(this.files, f, function (done) {
      self.get('d/' + f + '.json?v=' + self.meta.v, false, function (err, text) {
        if (err) { done(err); return; }
        try { done(null, JSON.parse(text)); } catch (e) { done(e); }
      });
    }, function (err, recs) { cb(err, recs && recs[d % per]); });
  };

  // BLOCKS are the elements that are lines of their own: Plain (generator/search/plain.go)
  // puts a line end around every block and table cell.
  var BLOCKS = /^(P|DIV|LI|UL|OL|DL|DT|DD|H[1-6]|PRE|BLOCKQUOTE|TABLE|THEAD|TBODY|TFOOT|TR|TD|TH|HR|SECTION|ARTICLE|FIGURE|FIGCAPTION|DETAILS|SUMMARY)$/;

  // textOf appends to out the text of node's children as Plain has it: an image by its
  // description, a line end for <br> and around blocks; checkboxes, footnote numbers
  // and their back links left out, and at the top the theme's own heading of the
  // section (a heading with a class: Markdown writes none).
  function textOf(node, out, top) {
    var c, tag, cls, block;
    for (c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) { out.push(c.nodeValue); continue; }
      if (c.nodeType !== 1) continue;
      tag = c.nodeName.toUpperCase();
      cls = ' ' + (c.getAttribute('class') || '') + ' ';
      if (tag === 'IMG') { out.push(c.getAttribute('alt') || ''); continue; }
      if (tag === 'BR') { out.push('\n'); continue; }
      if ((top && /^H[1-6]$/.test(tag) && c.getAttribute('class')) || tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE' ||
          tag === 'INPUT' || cls.indexOf(' footnote-ref ') >= 0 || cls.indexOf(' footnote-backref ') >= 0) continue;
      block = BLOCKS.test(tag);
      if (block) out.push('\n');
      textOf(c, out, false);
      if (block) out.push('\n');
    }
  }

  function parseHTML(html) {
    var doc = null;
    try { doc = new DOMParser().parseFromString(html, 'text/html'); } catch (e) { doc = null; }
    if (!doc || !doc.body) { // older WebViews: an inert document of our own
      doc = document.implementation.createHTMLDocument('');
      doc.documentElement.innerHTML = html;
    }
    return doc;
  }

  // bodyText is the body of a document's page: the text of the element the theme marks
  // data-search-body (the result's 情况说明, the case's, bulletin's or page's text); a
  // theme without the mark gives its whole main content, so nothing in the page is missed.
  function bodyText(html) {
    var doc = parseHTML(html), el = doc.querySelector('[data-search-body]') || doc.querySelector('main') || doc.body, out = [];
    if (el) textOf(el, out, true);
    return out.join('').replace(/[ \t\r\f]*\n[ \t\r\n\f]*/g, '\n').replace(/^[ \t\r\n\f]+|[ \t\r\n\f]+$/g, '');
  }

  // body calls cb(err, {text, folded}) with the body of the document at url (relative to
  // the site's root), read from its page: the doc files do not hold it. The page is
  // fetched once; a click on the result then finds it in the browser's cache.
  Index.prototype.body = function (url, cb) {
    var self = this;
    once(this.pages, url, function (done) {
      self.request(self.root + url, false, function (err, html) {
        if (err) { done(err); return; }
        var text;
        try { text = bodyText(html); } catch (e) { done(e); return; }
        done(null, { text: text, folded: fold(text) });
      });
    }, cb);
  };

  // all calls fn(item, cb) for every item at once and cb(err) when all are done.
  function all(items, fn, cb) {
    var left = items.length, failed = false, i;
    if (!left) { cb(null); return; }
    for (i = 0; i < items.length; i++) {
      fn(items[i], function (err) {
        if (failed) return;
        if (err) { failed = true; cb(err); return; }
        if (--left === 0) cb(null);
      });
    }
  }

  // each calls fn(item, cb) for every item, at most k at a time, and cb(err) when all are done.
  function each(items, k, fn, cb) {
    var next = 0, left = items.length, failed = false;
    if (!left) { cb(null); return; }
    function start() {
      fn(items[next++], function (err) {
        if (failed) return;
        if (err) { failed = true; cb(err); return; }
        if (--left === 0) cb(null);
        else if (next < items.length) start();
      });
    }
    while (next < Math.min(k, items.length)) start();
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++;
      else if (a[i] > b[j]) j++;
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  // keep says whether doc d passes the filter (facet indexes into meta; -1 for any).
  Index.prototype.keep = function (d, f) {
    var m = this.meta;
    return (f.year < 0 || m.year[d] === f.year) && (f.kind < 0 || m.kind[d] === f.kind) &&
      (f.cat < 0 || m.cat[d] === f.cat) && (f.award < 0 || m.award[d] === f.award);
  };

  // candidates finds, for terms, the docs that have all their keys and pass the
  // filter, grouped by predicted level (2 title, 1 unit or authors, 0 the rest).
  Index.prototype.candidates = function (ts, filter, cb) {
    var self = this, termKeys = [], shards = [], i, j, s;
    for (i = 0; i < ts.length; i++) {
      termKeys.push(this.termKeys(ts[i]));
      for (j = 0; j < termKeys[i].length; j++) {
        s = termKeys[i][j] % this.meta.shards;
        if (shards.indexOf(s) < 0) shards.push(s);
      }
    }
    all(shards, function (s, done) { self.shard(s, done); }, function (err) {
      if (err) { cb(err); return; }
      var n = self.meta.docs, count = new Uint8Array(n), best = new Int8Array(n), byLevel = [[], [], []], ti, d;
      for (ti = 0; ti < ts.length; ti++) {
        var lists = null, k, e, sh, l, x;
        for (j = 0; j < termKeys[ti].length; j++) {
          k = termKeys[ti][j];
          sh = self.shards[k % self.meta.shards];
          e = sh.dir[k];
          l = e ? [decodeList(sh.bytes, e[0], e[1]), decodeList(sh.bytes, e[0] + e[1], e[2]),
            decodeList(sh.bytes, e[0] + e[1] + e[2], e[3])] : [[], [], []];
          lists = lists ? [intersect(lists[0], l[0]), intersect(lists[1], l[1]), intersect(lists[2], l[2])] : l;
        }
        var ta = {}, pa = {};
        for (x = 0; x < lists[1].length; x++) ta[lists[1][x]] = true;
        for (x = 0; x < lists[2].length; x++) pa[lists[2][x]] = true;
        for (x = 0; x < lists[0].length; x++) {
          d = lists[0][x];
          if (count[d] !== ti) continue;
          count[d]++;
          best[d] = Math.max(best[d], ta[d] ? 2 : pa[d] ? 1 : 0);
        }
      }
      for (d = 0; d < n; d++) {
        if (count[d] === ts.length && self.keep(d, filter)) byLevel[best[d]].push(d);
      }
      cb(null, byLevel);
    });
  };

  // level mirrors matchLevel: the best field any term is in, -1 unless all are
  // somewhere. A term in none of the doc file's fields is looked for in body (read
  // from the page, the last field); without it, level is -2: the body is needed.
  function level(rec, ts, body) {
    var best = -1, i, f, lv, fields = rec.folded || (rec.folded = [fold(rec[1]), fold(rec[2]), fold(rec[3])]);
    for (i = 0; i < ts.length; i++) {
      lv = -1;
      for (f = 0; f < 3 && lv < 0; f++) if (fields[f].indexOf(ts[i]) >= 0) lv = 2 - f;
      if (lv < 0) {
        if (!body) return -2;
        if (body.folded.indexOf(ts[i]) < 0) return -1;
        lv = 0;
      }
      best = Math.max(best, lv);
    }
    return best;
  }

  // upper is the best level rec can have when level needs its body: the best field of
  // a term found in the doc file's fields, the body's 0 for the others.
  function upper(rec, ts) {
    var best = 0, i, f, fields = rec.folded;
    for (i = 0; i < ts.length; i++) {
      for (f = 0; f < 2; f++) if (fields[f].indexOf(ts[i]) >= 0) { best = Math.max(best, 2 - f); break; }
    }
    return best;
  }

  // Search walks the candidates best first, verifying a batch at a time, and hands
  // out results only once their place is certain: a verified doc waits while an
  // unverified candidate could still come before it.
  function Search(ix, ts, byLevel) {
    var exact = true, i;
    for (i = 0; i < ts.length; i++) exact = exact && ix.exact(ts[i]);
    this.ix = ix; this.terms = ts; this.exact = exact; this.cands = byLevel;
    this.total = byLevel[0].length + byLevel[1].length + byLevel[2].length; // an upper bound unless exact
    this.phase = 2; this.pos = 0;
    this.sure = [[], [], []]; // verified docs waiting, by true level, ascending
    this.wait = [[], [], []]; // candidates whose pages are to be read to verify them, by the best level they can have, ascending
    this.results = [];        // [{doc, level, rec}] in final order
    this.recs = {};
    this.checked = 0;         // candidates verified so far
    this.matched = 0;         // of which matched
    this.done = this.total === 0;
  }

  function insertSorted(a, d) {
    var i = a.length;
    while (i > 0 && a[i - 1] > d) i--;
    a.splice(i, 0, d);
  }

  // more makes at least n more results final (or all there are), then cb(err). A
  // candidate that the doc file's fields do not decide waits for its page among the
  // candidates of the best level it can have, and the page is read (FETCHES at a time,
  // first ones first) only once no candidate before it is left and results are still wanted.
  Search.prototype.more = function (n, cb) {
    var self = this, want = this.results.length + n;
    // a loop, not a recursion, when the files and pages are cached and calls come back at once
    function step() {
      var sync, again;
      do {
        if (self.done || self.results.length >= want) { cb(null); return; }
        sync = true;
        again = false;
        self.round(want, function (err) {
          if (err) cb(err);
          else if (sync) again = true;
          else step();
        });
        sync = false;
      } while (again);
    }
    step();
  };

  // round verifies the next few candidates towards want results, then calls then(err).
  Search.prototype.round = function (want, then) {
    var self = this, L = this.phase, list = this.cands[L], wait = this.wait[L], next = this.pos < list.length ? list[this.pos] : Infinity,
      bodies = {}, batch = [], i;
    if (wait.length && wait[0] < next) {
      // as many as can still be wanted: those before the verified docs that complete
      // want, or one for each result missing, FETCHES at most
      var k = want - this.results.length, sure = this.sure[L], upto = 0;
      if (sure.length) while (upto < wait.length && wait[upto] < sure[Math.min(k, sure.length) - 1]) upto++;
      upto = Math.min(FETCHES, Math.max(upto, k - sure.length, 1));
      for (i = 0; i < wait.length && i < upto && wait[i] < next; i++) batch.push(wait[i]);
      all(batch, function (d, done) {
        self.ix.body(self.recs[d][0], function (err, b) { bodies[d] = b; done(err); });
      }, function (err) {
        if (err) { then(err); return; }
        wait.splice(0, batch.length);
        for (i = 0; i < batch.length; i++) self.verified(batch[i], level(self.recs[batch[i]], self.terms, bodies[batch[i]]));
        self.emit(L, self.next());
        then(null);
      });
      return;
    }
    // verify enough for what is wanted at the share of candidates that matched so far
    var need = want - this.results.length,
      size = this.exact ? need : Math.min(Math.max(need, 5 * PAGE), Math.ceil(need * (this.checked + 1) / (this.matched + 1)));
    batch = list.slice(this.pos, this.pos + Math.max(PAGE, size));
    if (!batch.length) {
      this.emit(L, Infinity);
      if (--this.phase < 0) this.done = true;
      this.pos = 0;
      then(null);
      return;
    }
    all(batch, function (d, done) {
      self.ix.record(d, function (err, rec) { if (!err) self.recs[d] = rec; done(err); });
    }, function (err) {
      if (err) { then(err); return; }
      for (i = 0; i < batch.length; i++) {
        var d = batch[i], rec = self.recs[d], lv = self.exact ? L : level(rec, self.terms, null);
        if (lv === -2) insertSorted(self.wait[Math.min(L, upper(rec, self.terms))], d); else self.verified(d, lv);
      }
      self.pos += batch.length;
      self.emit(L, self.next());
      then(null);
    });
  };

  // verified files doc d under its true level lv, or drops it (-1).
  Search.prototype.verified = function (d, lv) {
    if (lv >= 0) { insertSorted(this.sure[lv], d); this.matched++; } else delete this.recs[d];
    this.checked++;
  };

  // next is the first candidate of this phase not yet verified.
  Search.prototype.next = function () {
    var list = this.cands[this.phase], w = this.wait[this.phase], c = this.pos < list.length ? list[this.pos] : Infinity;
    return w.length && w[0] < c ? w[0] : c;
  };

  // waits says whether result i's snippet is to come from its page, not read yet: a
  // term in none of the doc file's fields.
  Search.prototype.waits = function (i) {
    var r = this.results[i];
    return !r.body && level(r.rec, this.terms, null) === -2;
  };

  // bodies reads the pages of results[from:to] whose snippet comes from their body (a
  // term in none of the doc file's fields), FETCHES at a time, and sets their body;
  // then cb(err). The page calls it for the results it has just shown.
  Search.prototype.bodies = function (from, to, cb) {
    var self = this, need = [], i;
    for (i = from; i < Math.min(to, this.results.length); i++) {
      if (this.waits(i)) need.push(this.results[i]);
    }
    each(need, FETCHES, function (r, done) {
      self.ix.body(r.rec[0], function (err, b) { r.body = b; done(err); });
    }, cb);
  };

  // emit moves the verified docs of level L below doc limit into the results.
  Search.prototype.emit = function (L, limit) {
    var s = this.sure[L];
    while (s.length && s[0] < limit) {
      var d = s.shift();
      this.results.push({ doc: d, level: L, rec: this.recs[d] });
    }
  };

  // estimate is the number of results: exact once known, else scaled from the
  // share of the verified candidates that matched.
  Search.prototype.estimate = function () {
    if (this.exact) return this.total;
    if (this.done) return this.results.length;
    return Math.max(this.results.length, Math.round(this.total * this.matched / Math.max(1, this.checked)));
  };

  // run answers q: cb(err, search) with the first screen of results final.
  Index.prototype.run = function (q, filter, cb) {
    var self = this, ts = terms(q);
    if (!ts.length) { cb(null, null); return; }
    this.candidates(ts, filter, function (err, byLevel) {
      if (err) { cb(err); return; }
      var s = new Search(self, ts, byLevel);
      s.more(PAGE, function (err) { cb(err, s); });
    });
  };


  // has calls cb(err, present) with, for each key, whether any page has it.
  Index.prototype.has = function (keys, cb) {
    var self = this, shards = [], i, s;
    for (i = 0; i < keys.length; i++) {
      s = keys[i] % this.meta.shards;
      if (shards.indexOf(s) < 0) shards.push(s);
    }
    all(shards, function (s, done) { self.shard(s, done); }, function (err) {
      if (err) { cb(err); return; }
      var out = [], j;
      for (j = 0; j < keys.length; j++) out.push(!!self.shards[keys[j] % self.meta.shards].dir[keys[j]]);
      cb(null, out);
    });
  };

  // relax rewrites q for when it found nothing as a phrase: each term of three or more
  // Chinese characters becomes the words it is made of, taken left to right as pairs of
  // characters that pages have (else single characters; a term with no such pair stays
  // as it is, since single characters are everywhere), to be found anywhere in a
  // page together: 无人机巡检 → 无人 机 巡检, 盂县医院 → 盂县 医院. cb(err, query), where
  // the query is "" when nothing changes.
  Index.prototype.relax = function (q, cb) {
    var ts = terms(q), keys = [], i, j;
    for (i = 0; i < ts.length; i++) {
      for (j = 0; j + 1 < ts[i].length; j++) keys.push(bigram(ts[i].charCodeAt(j), ts[i].charCodeAt(j + 1)));
      for (j = 0; j < ts[i].length; j++) keys.push(ts[i].charCodeAt(j));
    }
    this.has(keys, function (err, present) {
      if (err) { cb(err); return; }
      var ok = {}, out = [], changed = false, t, k, n;
      for (k = 0; k < keys.length; k++) ok[keys[k]] = present[k];
      for (i = 0; i < ts.length; i++) {
        t = ts[i];
        if (t.length < 3 || !isHan(t)) { out.push(t); continue; }
        var parts = [], pairs = 0;
        for (j = 0; j < t.length;) {
          if (j + 1 < t.length && ok[bigram(t.charCodeAt(j), t.charCodeAt(j + 1))]) { parts.push(t.substr(j, 2)); pairs++; j += 2; }
          else { if (ok[t.charCodeAt(j)]) parts.push(t.charAt(j)); j++; }
        }
        // single characters alone are in nearly every page: without a pair, keep the term.
        if (pairs === 0) { out.push(t); continue; }
        for (j = 0; j < parts.length; j++) out.push(parts[j]);
        changed = changed || parts.length > 1 || parts[0] !== t;
      }
      cb(null, changed ? out.join(' ') : '');
    });
  };

  // isHan tells whether t is all Chinese characters (CJK ideographs, as the index folds
  // them): only such a term is made of words written together; a Latin or number term
  // is one word already.
  function isHan(t) {
    for (var i = 0; i < t.length; i++) {
      var c = t.charCodeAt(i);
      if (c < 0x3400 || (c >= 0xA000 && c < 0xF900) || c > 0xFAFF) return false;
    }
    return true;
  }

  // suggest proposes a near spelling of q from search/words.txt (the pairs of characters
  // in titles and names, most pages first): a pair of q that no page has, with one of its
  // characters changed, becomes a pair that pages have; changes to more frequent pairs
  // first. cb(err, suggestions), at most five.
  Index.prototype.suggest = function (q, cb) {
    var self = this, t = terms(q).join(' ');
    once(this.files, 'words', function (done) {
      self.get('words.txt?v=' + self.meta.v, false, function (err, text) {
        if (err) { done(err); return; }
        var w = {}, list = [], i;
        for (i = 0; i + 1 < text.length; i += 2) { w[text.substr(i, 2)] = list.length; list.push(text.substr(i, 2)); }
        done(null, { rank: w, list: list });
      });
    }, function (err, words) {
      if (err) { cb(err); return; }
      var found = [], i, j, p, c, r, fixed;
      // a position i is wrong when a pair through it is unknown; try every known pair
      // that keeps the other character of that pair.
      for (i = 0; i < t.length; i++) {
        if (t.charAt(i) === ' ') continue;
        var left = i > 0 && t.charAt(i - 1) !== ' ' ? t.substr(i - 1, 2) : '',
          right = i + 1 < t.length && t.charAt(i + 1) !== ' ' ? t.substr(i, 2) : '';
        if ((!left || left in words.rank) && (!right || right in words.rank)) continue;
        for (j = 0; j < words.list.length; j++) {
          p = words.list[j];
          c = '';
          if (left && p.charAt(0) === t.charAt(i - 1) && p.charAt(1) !== t.charAt(i)) c = p.charAt(1);
          else if (right && p.charAt(1) === t.charAt(i + 1) && p.charAt(0) !== t.charAt(i)) c = p.charAt(0);
          if (!c) continue;
          fixed = t.substr(0, i) + c + t.substr(i + 1);
          r = (!left || (fixed.substr(i - 1, 2) in words.rank)) && (!right || (fixed.substr(i, 2) in words.rank));
          if (r) found.push([j, fixed]);
        }
      }
      found.sort(function (a, b) { return a[0] - b[0]; });
      var out = [];
      for (i = 0; i < found.length && out.length < 5; i++) if (out.indexOf(found[i][1]) < 0) out.push(found[i][1]);
      cb(null, out);
    });
  };

  window.wuxiaoSearch = { Index: Index, fold: fold, terms: terms, PAGE: PAGE };
}());
