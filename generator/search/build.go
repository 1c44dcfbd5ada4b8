package search

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"

	"wuxiao/generator/digest"
)

// Dir is the folder of the index and of the search page, relative to the site root.
const Dir = "search/"

// Options tune the index; the zero value gives the defaults.
type Options struct {
	ShardBytes int      // aim for key shards of about this size; default 8 KiB
	DocBytes   int      // aim for doc files of about this size; default 8 KiB
	Categories []string // category values in filter and ranking order
	Awards     []string // award values in filter and ranking order, highest first
	// Cache, when set, keeps the index and its documents' parts between builds, so
	// that a build after a few documents changed tokenises only those (see Cache).
	Cache Cache
	// Sums, when set, gives the digest of a content file as the build read it: a
	// document is then known to Cache by its file's hash, not by a hash of its body.
	Sums func(file string) ([32]byte, bool)
}

// Index is a built index: its files by site-relative name, and what they hold.
type Index struct {
	Files    map[string][]byte
	Docs     int // documents
	Keys     int // distinct keys
	Frequent int // bigrams followed by trigrams
	Shards   int // key shard files
	PerFile  int // documents per doc file
	MaxShard int // bytes of the largest key shard
	// Tokenised are the documents whose keys this build read from their text: all of
	// them, unless the index was changed from the one kept in Options.Cache.
	Tokenised int
}

// Bytes is the total size of the index files.
func (ix *Index) Bytes() int64 {
	var n int64
	for _, f := range ix.Files {
		n += int64(len(f))
	}
	return n
}

// postings are the docs that have one key: in any field, in the title, in the unit
// and author names.
type postings [3]plist

// Build makes the index of docs. The same docs give byte-identical files, through a
// cache or not.
func Build(docs []Doc, opt Options) (*Index, error) {
	ix, keep, err := build(docs, opt)
	if err != nil {
		return nil, err
	}
	keep()
	return ix, nil
}

// build is Build, giving what keeps the index's state in the cache to be called (it
// may run beside the files' writing: WriteSite).
func build(docs []Doc, opt Options) (*Index, func(), error) {
	if opt.ShardBytes <= 0 {
		opt.ShardBytes = 8 << 10
	}
	if opt.DocBytes <= 0 {
		opt.DocBytes = 8 << 10
	}
	for _, d := range docs {
		if kindRank(d.Kind) == len(kindNames()) {
			return nil, nil, fmt.Errorf("search: %s has an unknown kind %q", d.URL, d.Kind)
		}
	}
	docs = sortDocs(docs, opt.Categories, opt.Awards)
	var (
		st, kept  *state // kept: the state as the cache kept it
		tokenised int
	)
	hashes := make([][32]byte, len(docs))
	if opt.Cache != nil {
		eachRange(len(docs), func(_, lo, hi int) {
			var buf []byte
			for i := lo; i < hi; i++ {
				hashes[i], buf = docHash(&docs[i], buf, opt.Sums)
			}
		})
		if data, ok := opt.Cache.Get(stateKey); ok {
			if old, err := readState(data); err == nil && old.opt == optHash(opt) {
				kept = old
				st, tokenised = patch(old, docs, hashes, opt)
			}
		}
	}
	if st == nil {
		bodies(docs, hashes, opt.Cache)
		var err error
		if st, err = fresh(docs, opt); err != nil {
			return nil, nil, err
		}
		tokenised = len(docs)
	}
	st.hashes, st.opt = hashes, optHash(opt)
	ix, err := st.index(docs, opt)
	if err != nil {
		return nil, nil, err
	}
	ix.Tokenised = tokenised
	keep := func() {}
	if opt.Cache != nil && st != kept {
		keep = func() { opt.Cache.Put(stateKey, st.marshal()) }
	}
	return ix, keep, nil
}

// bodies converts the Markdown of every document's body (source) into its Body, or
// takes it from the part the cache keeps under its hash, and keeps the parts it did not
// find there.
func bodies(docs []Doc, hashes [][32]byte, cache Cache) {
	p := NewPlain()
	eachRange(len(docs), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			d := &docs[i]
			if cache != nil {
				if data, ok := cache.Get(partKey(hashes[i])); ok {
					if pt, err := readPart(data); err == nil {
						d.Body, d.source = pt.body, ""
						continue
					}
				}
			}
			if d.source != "" {
				d.Body, d.source = p.Text(d.source), ""
			}
			if cache != nil {
				cache.Put(partKey(hashes[i]), (&part{body: d.Body, fields: d.Fields()}).marshal())
			}
		}
	})
}

// fresh makes the state of the index of docs, each with its Body, from their text.
func fresh(docs []Doc, opt Options) (*state, error) {
	kept := make([]keptText, len(docs)) // the texts folded once, for both passes
	byKey := postingsOf(docs, newKeyer(nil, unigrams|bigrams).keeping(kept))
	st := &state{freq: frequentBigrams(byKey, len(docs))}
	for k, p := range postingsOf(docs, newKeyer(st.freq, trigrams).keeping(kept)) {
		byKey[k] = p
	}
	keys := make([]uint64, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// The lists are written, and the pairs of words.txt counted from them, on all
	// processors: this is the build's last work but for writing, where one waited.
	es := make([]entry, len(keys))
	totals := make([]int, runtime.GOMAXPROCS(0)) // by worker
	parts := make([]map[[2]uint16]int, runtime.GOMAXPROCS(0))
	eachRange(len(keys), func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			p := byKey[keys[i]]
			es[i] = entry{keys[i], [3][]byte{p[0].encode(nil), p[1].encode(nil), p[2].encode(nil)}}
			totals[w] += len(es[i].list[0]) + len(es[i].list[1]) + len(es[i].list[2]) + 8
		}
		parts[w] = pairsOfPostings(byKey, keys[lo:hi])
	})
	for _, n := range totals {
		st.total += n
	}
	st.shards = layShards(es, shardCount(st.total, opt))
	st.records = make([][]byte, len(docs))
	var failed error
	var once sync.Once
	eachRange(len(docs), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			rec, err := marshal(docs[i].record())
			if err != nil {
				once.Do(func() { failed = err })
				return
			}
			st.records[i] = rec
		}
	})
	if failed != nil {
		return nil, failed
	}
	st.pairs = parts[0]
	for _, part := range parts[1:] {
		maps.Copy(st.pairs, part) // each pair is counted by the worker with its key
	}
	return st, nil
}

// shardCount is the number of key shards for lists of total bytes (with 8 a key): odd,
// so that key%n spreads bigrams.
func shardCount(total int, opt Options) int {
	return max(1, (total+opt.ShardBytes-1)/opt.ShardBytes) | 1
}

// index writes the files of the index of docs that st holds.
func (st *state) index(docs []Doc, opt Options) (*Index, error) {
	ix := &Index{Files: map[string][]byte{}, Docs: len(docs), Frequent: len(st.freq), Shards: len(st.shards)}
	for s, data := range st.shards {
		ix.Files[Dir+"k/"+strconv.Itoa(s)+".bin"] = data
		ix.MaxShard = max(ix.MaxShard, len(data))
		n, _ := binary.Uvarint(data)
		ix.Keys += int(n)
	}
	size := 0
	for _, rec := range st.records {
		size += len(rec)
	}
	ix.PerFile = 1
	if size > 0 {
		ix.PerFile = max(1, opt.DocBytes*len(docs)/size)
	}
	for lo := 0; lo < len(docs); lo += ix.PerFile {
		var b bytes.Buffer
		b.WriteByte('[')
		for i, rec := range st.records[lo:min(lo+ix.PerFile, len(docs))] {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.Write(rec)
		}
		b.WriteString("]\n")
		ix.Files[Dir+"d/"+strconv.Itoa(lo/ix.PerFile)+".json"] = b.Bytes()
	}

	ix.Files[Dir+"fold.txt"] = []byte(foldPairs())
	ix.Files[Dir+"words.txt"] = []byte(words(st.pairs))
	m := newMeta(docs, opt, ix, st.freq)
	m.V = version(ix.Files)
	data, err := marshal(m)
	if err != nil {
		return nil, err
	}
	ix.Files[Dir+"meta.json"] = append(data, '\n')
	return ix, nil
}

// eachRange calls f on all processors, each with one contiguous range of the n
// docs, in order: f(w, lo, hi) for w = 0, 1, ...
func eachRange(n int, f func(w, lo, hi int)) int {
	workers := max(1, min(runtime.GOMAXPROCS(0), n))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { f(w, n*w/workers, n*(w+1)/workers) })
	}
	wg.Wait()
	return workers
}

// frequentBigrams finds, among the keys of docs documents, the bigrams after which
// trigrams are indexed: those in at least one document in frequentShare and in at
// least minFrequent documents.
func frequentBigrams(byKey map[uint64]*postings, docs int) frequentSet {
	freq := frequentSet{}
	for k, p := range byKey {
		if k < 1<<16 || k >= 1<<32 || surrogate(uint16(k>>16)) || surrogate(uint16(k)) {
			continue
		}
		if n := p[0].n; n >= minFrequent && n*frequentShare >= docs {
			freq[k] = true
		}
	}
	return freq
}

// A bigram is frequent, and trigrams are indexed after it, when it is in at least
// one document in frequentShare and in at least minFrequent documents.
const (
	frequentShare = 32
	minFrequent   = 64
)

func surrogate(c uint16) bool { return c >= 0xD800 && c < 0xE000 }

// postingsOf lists the docs of every key that keys finds (the characters and bigrams
// first, then, once the frequent bigrams are known from their lists, the trigrams
// after them), on all processors: each takes a contiguous range of the docs and builds its own lists, which are then joined in order. A doc
// is added to a list once, however often the key occurs in it; the lists are kept in
// the compact form they are written in, not as numbers.
func postingsOf(docs []Doc, keys *keyer) map[uint64]*postings {
	parts := make([]map[uint64]*postings, runtime.GOMAXPROCS(0))
	workers := eachRange(len(docs), func(w, lo, hi int) {
		m := map[uint64]*postings{}
		uni := make([]*postings, 1<<16) // the lists of the characters, found without hashing
		var recent recentLists
		kr := *keys
		kr.buf, kr.list = nil, nil
		var list []uint64
		for i := lo; i < hi; i++ {
			list = kr.docKeys(&docs[i], i, list)
			for _, kf := range list {
				k, j := kf&keyBits, int(kf>>fieldShift)
				var p *postings
				if k < 1<<16 {
					if p = uni[k]; p == nil {
						p = newPostings()
						uni[k] = p
					}
				} else if p = recent.get(k); p == nil {
					if p = m[k]; p == nil {
						p = newPostings()
						m[k] = p
					}
					recent.put(k, p)
				}
				if p[0].last != i { // a key repeated in a doc: the doc is in its lists already
					p[0].add(i)
				}
				if j < 2 && p[j+1].last != i {
					p[j+1].add(i)
				}
			}
		}
		for k, p := range uni {
			if p != nil {
				m[uint64(k)] = p
			}
		}
		parts[w] = m
	})
	byKey := parts[0]
	for _, part := range parts[1:workers] {
		for k, q := range part {
			p := byKey[k]
			if p == nil {
				byKey[k] = q
				continue
			}
			for j := range p {
				p[j].join(&q[j])
			}
		}
	}
	return byKey
}

// newPostings is a key's lists before any doc: their last doc is none (-1), so that
// postingsOf asks only whether a list's last doc is the one it reads.
func newPostings() *postings {
	return &postings{{last: -1}, {last: -1}, {last: -1}}
}

// recentLists keeps the lists of keys met lately, one a slot, in front of postingsOf's map:
// a text repeats its bigrams and the common ones recur from text to text, and a slot is
// read in a few nanoseconds where the map of a million keys misses the processor's cache.
type recentLists [1 << 12]struct {
	k uint64
	p *postings
}

func recentSlot(k uint64) uint64 { return k * 0x9E3779B97F4A7C15 >> 52 }

func (r *recentLists) get(k uint64) *postings {
	if s := &r[recentSlot(k)]; s.k == k {
		return s.p
	}
	return nil
}

func (r *recentLists) put(k uint64, p *postings) {
	r[recentSlot(k)] = struct {
		k uint64
		p *postings
	}{k, p}
}

// shardOf is the key shard that holds key k; search.js computes the same.
func shardOf(k uint64, shards int) int { return int(k % uint64(shards)) }

// shards lays out the key shard files:
//
//	uvarint(count)
//	count × (uvarint(key - previous key), uvarint(len all), uvarint(len title), uvarint(len people))
//	the lists, in the same order, each written by encodeList
func shards(keys []uint64, blobs map[uint64][3][]byte, n int) [][]byte {
	es := make([]entry, len(keys))
	for i, k := range keys {
		es[i] = entry{k, blobs[k]}
	}
	return layShards(es, n)
}

// layShards is shards of the lists es holds, in ascending key order.
func layShards(es []entry, n int) [][]byte {
	bySh := make([][]entry, n)
	for _, e := range es { // ascending, so each shard's keys are too
		s := shardOf(e.key, n)
		bySh[s] = append(bySh[s], e)
	}
	out := make([][]byte, n)
	for s, es := range bySh {
		out[s] = writeShard(es)
	}
	return out
}

// version is a short hash of every file, for the page to bust stale caches with.
func version(files map[string][]byte) string {
	h := digest.New()
	for _, n := range sortedNames(files) {
		fmt.Fprintf(h, "%s %d\n", n, len(files[n]))
		h.Write(files[n])
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}

func sortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// marshal is JSON without HTML escaping: the files are fetched, never inlined.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
