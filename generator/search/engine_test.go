package search

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// engine is the Go twin of layouts/static/search-index.js, for tests: it reads the
// index files as the page does, and a document's body from its page (pages, by URL)
// when a term is not in what the doc files hold, and answers a query with every
// matching document in the page's order (best field first, then document number).
type engine struct {
	files   map[string][]byte
	pages   map[string]string // each document's body as its page shows it, by URL
	read    map[string]bool   // pages read so far
	m       meta
	year    []int // per doc: index into m.Years, m.Kinds, m.Categories, m.Awards
	kind    []int
	cat     []int
	award   []int
	shards  map[int]map[uint64][3][]byte
	docs    map[int][][4]string
	fetched map[string]bool // files read so far
	freq    frequentSet
}

// pagesOf are the bodies of docs by URL, as their pages show them.
func pagesOf(docs []Doc) map[string]string {
	m := map[string]string{}
	for _, d := range docs {
		m[d.URL] = d.Body
	}
	return m
}

func openEngine(files map[string][]byte, pages map[string]string) (*engine, error) {
	e := &engine{files: files, pages: pages, read: map[string]bool{}, shards: map[int]map[uint64][3][]byte{}, docs: map[int][][4]string{}, fetched: map[string]bool{}}
	data, err := e.fetch(Dir + "meta.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &e.m); err != nil {
		return nil, err
	}
	e.freq = frequentSet{}
	fu := utf16.Encode([]rune(e.m.Frequent))
	for i := 0; i+1 < len(fu); i += 2 {
		e.freq[bigram(fu[i], fu[i+1])] = true
	}
	n := e.m.Docs
	e.year, e.kind, e.cat, e.award = make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	for i, r := range e.m.Runs {
		end := n
		if i+1 < len(e.m.Runs) {
			end = e.m.Runs[i+1][0]
		}
		for d := r[0]; d < end; d++ {
			e.year[d], e.kind[d], e.cat[d], e.award[d] = r[1], r[2], r[3], r[4]
		}
	}
	return e, nil
}

func (e *engine) fetch(name string) ([]byte, error) {
	data, ok := e.files[name]
	if !ok {
		return nil, fmt.Errorf("no file %s", name)
	}
	e.fetched[name] = true
	return data, nil
}

// page is the body of the document at url, read from its page.
func (e *engine) page(url string) string {
	body, ok := e.pages[url]
	if !ok {
		panic("no page " + url)
	}
	e.read[url] = true
	return body
}

// fetchedBytes is the size of the files read so far.
func (e *engine) fetchedBytes() int {
	n := 0
	for f := range e.fetched {
		n += len(e.files[f])
	}
	return n
}

// decodeShard reads a key shard's directory and slices out its lists.
func decodeShard(b []byte) (map[uint64][3][]byte, error) {
	bad := errors.New("malformed shard")
	count, n := binary.Uvarint(b)
	if n <= 0 || count > uint64(len(b)) {
		return nil, bad
	}
	b = b[n:]
	type entry struct {
		key  uint64
		lens [3]uint64
	}
	entries := make([]entry, 0, count)
	key := uint64(0)
	for i := uint64(0); i < count; i++ {
		var v [4]uint64
		for j := range v {
			x, n := binary.Uvarint(b)
			if n <= 0 {
				return nil, bad
			}
			v[j], b = x, b[n:]
		}
		key += v[0]
		if key >= 1<<48 || (i > 0 && v[0] == 0) {
			return nil, bad
		}
		entries = append(entries, entry{key, [3]uint64{v[1], v[2], v[3]}})
	}
	out := make(map[uint64][3][]byte, count)
	for _, en := range entries {
		var lists [3][]byte
		for j, l := range en.lens {
			if l > uint64(len(b)) {
				return nil, bad
			}
			lists[j], b = b[:l], b[l:]
		}
		out[en.key] = lists
	}
	if len(b) != 0 {
		return nil, bad
	}
	return out, nil
}

// lists returns the decoded all, title and people lists of key k.
func (e *engine) lists(k uint64) ([3][]int, error) {
	s := shardOf(k, e.m.Shards)
	sh, ok := e.shards[s]
	if !ok {
		data, err := e.fetch(Dir + "k/" + strconv.Itoa(s) + ".bin")
		if err != nil {
			return [3][]int{}, err
		}
		if sh, err = decodeShard(data); err != nil {
			return [3][]int{}, err
		}
		e.shards[s] = sh
	}
	var out [3][]int
	for j, b := range sh[k] {
		l, err := decodeList(b, e.m.Docs)
		if err != nil {
			return out, err
		}
		out[j] = l
	}
	return out, nil
}

func (e *engine) doc(n int) ([4]string, error) {
	f := n / e.m.PerFile
	recs, ok := e.docs[f]
	if !ok {
		data, err := e.fetch(Dir + "d/" + strconv.Itoa(f) + ".json")
		if err != nil {
			return [4]string{}, err
		}
		if err := json.Unmarshal(data, &recs); err != nil {
			return [4]string{}, err
		}
		e.docs[f] = recs
	}
	return recs[n%e.m.PerFile], nil
}

// filter restricts a query to facet values by name; "" means any.
type filter struct {
	Year             int
	Kind, Cat, Award string
}

func (e *engine) keep(d int, f filter) bool {
	name := func(list []string, i int) string {
		if i < 0 {
			return ""
		}
		return list[i]
	}
	if f.Year != 0 && (e.year[d] < 0 || e.m.Years[e.year[d]] != f.Year) {
		return false
	}
	if f.Kind != "" && (e.kind[d] < 0 || e.m.Kinds[e.kind[d]][0] != f.Kind) {
		return false
	}
	return (f.Cat == "" || name(e.m.Categories, e.cat[d]) == f.Cat) &&
		(f.Award == "" || name(e.m.Awards, e.award[d]) == f.Award)
}

// hit is one result: the doc number, its URL and the best field it matched in
// (2 title, 1 unit or authors, 0 the rest).
type hit struct {
	Doc   int
	URL   string
	Level int
}

// candidates are the docs that have every key of every term of q and pass f, with
// their predicted level (an upper bound of the true one), best first; exact says
// that they need no verification.
func (e *engine) candidates(q string, f filter) (cands []hit, terms []string, exact bool, err error) {
	terms = Terms(q)
	if len(terms) == 0 {
		return nil, nil, true, nil
	}
	level := map[int]int{} // candidate → predicted level
	exact = true
	for ti, t := range terms {
		exact = exact && exactTerm(t, e.freq)
		var all, title, people []int
		for ki, k := range termKeys(t, e.freq) {
			l, err := e.lists(k)
			if err != nil {
				return nil, nil, false, err
			}
			if ki == 0 {
				all, title, people = l[0], l[1], l[2]
				continue
			}
			all, title, people = intersect(all, l[0]), intersect(title, l[1]), intersect(people, l[2])
		}
		next := map[int]int{}
		for _, d := range all {
			lv := 0
			if _, ok := slices.BinarySearch(title, d); ok {
				lv = 2
			} else if _, ok := slices.BinarySearch(people, d); ok {
				lv = 1
			}
			if prev, ok := level[d]; ti == 0 || ok {
				next[d] = max(lv, prev)
			}
		}
		level = next
	}
	for d, lv := range level {
		if e.keep(d, f) {
			cands = append(cands, hit{Doc: d, Level: lv})
		}
	}
	sortHits(cands)
	return cands, terms, exact, nil
}

func sortHits(hits []hit) {
	slices.SortFunc(hits, func(a, b hit) int {
		if a.Level != b.Level {
			return b.Level - a.Level
		}
		return a.Doc - b.Doc
	})
}

// search answers q with every matching document in the page's order.
func (e *engine) search(q string, f filter) ([]hit, error) {
	cands, terms, exact, err := e.candidates(q, f)
	if err != nil {
		return nil, err
	}
	var hits []hit
	for _, c := range cands {
		rec, err := e.doc(c.Doc)
		if err != nil {
			return nil, err
		}
		c.URL = rec[0]
		if !exact {
			if c.Level = matchLevel(rec, terms, func() string { return e.page(c.URL) }); c.Level < 0 {
				continue
			}
		}
		hits = append(hits, c)
	}
	sortHits(hits)
	return hits, nil
}

// firstPage answers q as the page does for its first screen: it verifies candidates
// best first only until n results are certain of their place, and returns them. A
// candidate with a term in none of its doc file's fields goes back among the
// candidates of the best level it can have (the body's 0 for that term) until its
// turn comes to read its page.
func (e *engine) firstPage(q string, n int) ([]hit, error) {
	cands, terms, exact, err := e.candidates(q, filter{})
	if err != nil {
		return nil, err
	}
	var sure []hit
	queue := slices.Clone(cands)
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		rec, err := e.doc(c.Doc)
		if err != nil {
			return nil, err
		}
		c.URL = rec[0]
		if !exact {
			if up, ok := fieldsLevel(rec, terms); !ok && up < c.Level {
				c.Level = up
				i, _ := slices.BinarySearchFunc(queue, c, func(a, b hit) int {
					return cmp.Or(b.Level-a.Level, a.Doc-b.Doc)
				})
				queue = slices.Insert(queue, i, c)
				continue
			}
			c.Level = matchLevel(rec, terms, func() string { return e.page(c.URL) })
		}
		if c.Level >= 0 {
			sure = append(sure, c)
		}
		sortHits(sure)
		// the results at or above the next candidate's level keep their place
		k := len(sure)
		if len(queue) > 0 {
			next := queue[0]
			k = 0
			for k < len(sure) && (sure[k].Level > next.Level || sure[k].Level == next.Level && sure[k].Doc < next.Doc) {
				k++
			}
		}
		if k >= n {
			return e.snippets(sure[:n], terms)
		}
	}
	return e.snippets(sure, terms)
}

// fieldsLevel is matchLevel without the body: the best field of rec any term is in
// (0, the body's, for a term in none), and whether every term is in one of them.
func fieldsLevel(rec [4]string, terms []string) (int, bool) {
	best, all := 0, true
	for _, t := range terms {
		found := false
		for i, lvl := range [3]int{2, 1, 0} {
			if strings.Contains(Fold(rec[i+1]), t) {
				best, found = max(best, lvl), true
				break
			}
		}
		all = all && found
	}
	return best, all
}

// snippets reads the pages of the hits whose snippet comes from their body: a term
// in none of the doc file's fields.
func (e *engine) snippets(hits []hit, terms []string) ([]hit, error) {
	for _, h := range hits {
		rec, err := e.doc(h.Doc)
		if err != nil {
			return nil, err
		}
		matchLevel(rec, terms, func() string { return e.page(h.URL) })
	}
	return hits, nil
}

// matchLevel verifies a doc record against the terms: the best field any term is
// in, or -1 unless every term is somewhere. The body, read only when a term is in
// none of the record's fields, counts as the last field.
func matchLevel(rec [4]string, terms []string, body func() string) int {
	best := -1
	for _, t := range terms {
		lv := -1
		for i, lvl := range [3]int{2, 1, 0} {
			if strings.Contains(Fold(rec[i+1]), t) {
				lv = lvl
				break
			}
		}
		if lv < 0 && strings.Contains(Fold(body()), t) {
			lv = 0
		}
		if lv < 0 {
			return -1
		}
		best = max(best, lv)
	}
	return best
}

func intersect(a, b []int) []int {
	var out []int
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}
