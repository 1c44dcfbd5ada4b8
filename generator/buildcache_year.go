package generator

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"wuxiao/generator/digest"
	"wuxiao/generator/render"
)

// yearKey is the cache key of file name made of year y's results (its open data, its
// decision): as a result page, it depends on everything but the submissions and the
// commendations, and on each result's submission and ladder, in the year's order
// (yearSums, made once for the year's files).
func (k *pageKeys) yearKey(y *render.Year, name string) string {
	if key, ok := k.yearKeys.Load(name); ok {
		return key.(string)
	}
	h := digest.Sum([]byte(fmt.Sprintf("year file %q %d\x00%s", name, y.Year, k.yearSums(y).sum)))
	key := "year-" + hex.EncodeToString(h[:])
	k.yearKeys.Store(name, key)
	return key
}

// yearSums is what every file of a year's results is made from (sum: k.base and each
// result's address and resultSum, or everything when a result has no submission file),
// and each result's resultSum ("" for none), in the year's order.
type yearSums struct {
	sum  string
	each []string
}

// yearSums is year y's, made once (kept in k.yearKeys under y).
func (k *pageKeys) yearSums(y *render.Year) *yearSums {
	if ys, ok := k.yearKeys.Load(y); ok {
		return ys.(*yearSums)
	}
	ys := &yearSums{each: make([]string, len(y.Results))}
	h := digest.New()
	b := append(make([]byte, 0, 64<<10), "year results\x00"+k.base...)
	all := false
	for i, r := range y.Results {
		sum, ok := k.resultSum(r)
		ys.each[i] = sum
		if !ok {
			all = true
		}
		if all {
			continue
		}
		b = append(b, "\x00result "...)
		b = binary.AppendUvarint(b, uint64(len(r.URL)))
		b = append(b, r.URL...)
		b = append(b, sum...)
		if len(b) > 60<<10 {
			h.Write(b)
			b = b[:0]
		}
	}
	if all {
		h.Reset()
		b = append(b[:0], "year results\x00all\x00"+k.all...)
	}
	h.Write(b)
	ys.sum = hex.EncodeToString(h.Sum(nil))
	k.yearKeys.Store(y, ys)
	return ys
}

// resultSum hashes what a result page of the default theme shows of the submissions and
// commendations: result r's submission (its hash line) and ladder, for its page and its
// year's files (resultSums); false when r has no submission file.
func (k *pageKeys) resultSum(r *render.Result) (string, bool) {
	s := k.sumsOf(r)
	return s.page, s.ok
}

// resultSums is what the pages show of one result's own, made once per result for all
// of them (sumsOf): the sums its page and its year's files (resultSum) and the lists it
// is in (itemSum) are made from, both of its submission's hash line.
type resultSums struct {
	page string   // resultSum: the hash line and the ladder, in hex
	item [32]byte // itemSum: the result's address and the hash line
	ok   bool     // false: the result has no submission file (nor sums)
}

// sumAll makes the resultSums of every result of site at once, on workers goroutines,
// before the pages are rendered: each is read by its page, its year's files and every
// list it is in, which read a plain map then, not a sync.Map, at 10,000 results some
// 70,000 times a build.
func (k *pageKeys) sumAll(site *render.Site, workers int) {
	var all []*render.Result
	for _, y := range site.Years {
		all = append(all, y.Results...)
	}
	sums := make([]resultSums, len(all))
	workers = max(1, min(workers, len(all)/512))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(all); i += workers {
				sums[i] = k.makeSums(all[i])
			}
		})
	}
	wg.Wait()
	k.results = make(map[*render.Result]*resultSums, len(all))
	for i, r := range all {
		k.results[r] = &sums[i]
	}
}

// sumsOf is result r's resultSums: made by sumAll, or now for a result it did not see.
func (k *pageKeys) sumsOf(r *render.Result) *resultSums {
	if s, ok := k.results[r]; ok {
		return s
	}
	s := k.makeSums(r)
	return &s
}

// makeSums makes result r's resultSums.
func (k *pageKeys) makeSums(r *render.Result) resultSums {
	var s resultSums
	if sub, ok := k.subOf(r); ok {
		var buf [1024]byte // a result's hash line and ladder: some 300 bytes
		b := append(append(buf[:0], sub...), "\x00ladder"...)
		b = binary.AppendUvarint(b, uint64(len(r.Ladder)))
		for _, st := range r.Ladder {
			st := stepFields(st) // every field: one more in render.Step fails to compile here
			for _, f := range [...]string{st.Level, st.Issuer, st.IssuerURL, st.Doc, st.Date, st.Award, st.Note} {
				b = binary.AppendUvarint(b, uint64(len(f)))
				b = append(b, f...)
			}
		}
		h := digest.Sum(b)
		s.page, s.ok = hex.EncodeToString(h[:]), true
		s.item = digest.Sum(append(append(strconv.AppendQuote(buf[:0], r.URL), ' '), sub...))
	}
	return s
}

// stepFields is render.Step's fields, for resultSum.
type stepFields struct{ Level, Issuer, IssuerURL, Doc, Date, Award, Note string }

// YearFile and YearFileMade make pageKeys the renderer's render.YearFiles: the file is
// left in place as a page is (placement), else read from the cache.
func (k *pageKeys) YearFile(y *render.Year, name string) ([]byte, int64, bool) {
	key := k.yearKey(y, name)
	if k.placed != nil {
		if size, ok := k.placed.place(name, key); ok {
			k.keepParts(key)
			return nil, size, true
		}
	}
	data, ok := k.cache.Get(key)
	if ok {
		k.keepParts(key)
	}
	return data, int64(len(data)), ok
}

func (k *pageKeys) YearFileMade(y *render.Year, name string, data []byte) {
	key := k.yearKey(y, name)
	k.cache.Put(key, data)
	if pieces := k.pieces.take(); len(pieces) > 0 {
		k.cache.Put(piecesKey(key), []byte(strings.Join(pieces, "\n")))
	}
}

// keepParts keeps in the cache, though this build does not read them, the entries the
// year file kept under key is itself kept by and the next change of it is made from: its
// line index (open data) and its pieces (a decision's annex). A cache forgets what a
// build did not use.
func (k *pageKeys) keepParts(key string) {
	c, ok := k.cache.(interface{ Keep(string) })
	if !ok {
		return
	}
	c.Keep(key)
	c.Keep(linesKey(key))
	k.keepPieces(c, key)
}
