package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"
)

// Dir is the folder of the index and of the search page, relative to the site root.
const Dir = "search/"

// Options tune the index; the zero value gives the defaults.
type Options struct {
	ShardBytes int      // aim for key shards of about this size; default 8 KiB
	DocBytes   int      // aim for doc files of about this size; default 4 KiB
	Categories []string // category values in filter and ranking order
	Awards     []string // award values in filter and ranking order, highest first
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
}

// Bytes is the total size of the index files.
func (ix *Index) Bytes() int64 {
	var n int64
	for _, f := range ix.Files {
		n += int64(len(f))
	}
	return n
}

// postings are the docs that have one key, in all fields and in the ranked ones.
type postings struct {
	all, title, people []int
}

// Build makes the index of docs. The same docs give byte-identical files.
func Build(docs []Doc, opt Options) (*Index, error) {
	if opt.ShardBytes <= 0 {
		opt.ShardBytes = 8 << 10
	}
	if opt.DocBytes <= 0 {
		opt.DocBytes = 4 << 10
	}
	for _, d := range docs {
		if kindRank(d.Kind) == len(kindNames()) {
			return nil, fmt.Errorf("search: %s has an unknown kind %q", d.URL, d.Kind)
		}
	}
	docs = sortDocs(docs, opt.Categories, opt.Awards)
	ix := &Index{Files: map[string][]byte{}, Docs: len(docs)}

	dks, freq := docKeysAll(docs)
	ix.Frequent = len(freq)
	byKey := map[uint64]*postings{}
	for n, dk := range dks {
		for _, k := range dk.all {
			p := byKey[k]
			if p == nil {
				p = &postings{}
				byKey[k] = p
			}
			p.all = append(p.all, n)
		}
		for _, k := range dk.title {
			byKey[k].title = append(byKey[k].title, n)
		}
		for _, k := range dk.people {
			byKey[k].people = append(byKey[k].people, n)
		}
	}
	keys := make([]uint64, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	ix.Keys = len(keys)

	blobs := make(map[uint64][3][]byte, len(keys))
	total := 0
	for _, k := range keys {
		p := byKey[k]
		b := [3][]byte{encodeList(nil, p.all), encodeList(nil, p.title), encodeList(nil, p.people)}
		blobs[k] = b
		total += len(b[0]) + len(b[1]) + len(b[2]) + 8
	}
	ix.Shards = max(1, (total+opt.ShardBytes-1)/opt.ShardBytes) | 1 // odd, so that key%n spreads bigrams
	for s, data := range shards(keys, blobs, ix.Shards) {
		ix.Files[Dir+"k/"+strconv.Itoa(s)+".bin"] = data
		ix.MaxShard = max(ix.MaxShard, len(data))
	}

	records := make([][]byte, len(docs))
	size := 0
	for i := range docs {
		f := docs[i].Fields()
		rec, err := marshal([4]string{docs[i].URL, f[0], f[1], f[2]})
		if err != nil {
			return nil, err
		}
		records[i] = rec
		size += len(rec)
	}
	ix.PerFile = 1
	if size > 0 {
		ix.PerFile = max(1, opt.DocBytes*len(docs)/size)
	}
	for lo := 0; lo < len(docs); lo += ix.PerFile {
		var b bytes.Buffer
		b.WriteByte('[')
		for i, rec := range records[lo:min(lo+ix.PerFile, len(docs))] {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.Write(rec)
		}
		b.WriteString("]\n")
		ix.Files[Dir+"d/"+strconv.Itoa(lo/ix.PerFile)+".json"] = b.Bytes()
	}

	m := newMeta(docs, opt, ix, freq)
	m.V = version(ix.Files)
	data, err := marshal(m)
	if err != nil {
		return nil, err
	}
	ix.Files[Dir+"meta.json"] = append(data, '\n')
	return ix, nil
}

// docKeys are one document's distinct keys: in any field, in the title, in the
// unit and author names.
type docKeys struct{ all, title, people []uint64 }

// docKeysAll finds every document's keys, on all processors: first the characters
// and bigrams, then, once their document frequencies are known, the trigrams after
// the frequent bigrams. It returns those bigrams too.
func docKeysAll(docs []Doc) ([]docKeys, frequentSet) {
	out := make([]docKeys, len(docs))
	each := func(f func(i int, d *Doc)) {
		var wg sync.WaitGroup
		workers := runtime.GOMAXPROCS(0)
		for w := 0; w < workers; w++ {
			wg.Go(func() {
				for i := w; i < len(docs); i += workers {
					f(i, &docs[i])
				}
			})
		}
		wg.Wait()
	}
	each(func(i int, d *Doc) {
		f := d.Fields()
		t, p, x := distinctKeys(f[0], nil), distinctKeys(f[1], nil), distinctKeys(f[2], nil)
		out[i] = docKeys{all: union(union(t, p), x), title: t, people: p}
	})
	df := map[uint64]int{}
	for _, dk := range out {
		for _, k := range dk.all {
			if k >= 1<<16 && !surrogate(uint16(k>>16)) && !surrogate(uint16(k)) {
				df[k]++
			}
		}
	}
	freq := frequentSet{}
	for k, n := range df {
		if n >= minFrequent && n*frequentShare >= len(docs) {
			freq[k] = true
		}
	}
	if len(freq) > 0 {
		each(func(i int, d *Doc) {
			f := d.Fields()
			t, p, x := distinctTrigrams(f[0], freq), distinctTrigrams(f[1], freq), distinctTrigrams(f[2], freq)
			dk := &out[i]
			dk.all = union(dk.all, union(union(t, p), x))
			dk.title, dk.people = union(dk.title, t), union(dk.people, p)
		})
	}
	return out, freq
}

// A bigram is frequent, and trigrams are indexed after it, when it is in at least
// one document in frequentShare and in at least minFrequent documents.
const (
	frequentShare = 32
	minFrequent   = 64
)

func surrogate(c uint16) bool { return c >= 0xD800 && c < 0xE000 }

func distinctKeys(s string, freq frequentSet) []uint64 {
	var keys []uint64
	fieldKeys(s, freq, func(k uint64) { keys = append(keys, k) })
	slices.Sort(keys)
	return slices.Compact(keys)
}

// distinctTrigrams are the sorted trigram keys of s that follow a frequent bigram:
// distinctKeys(s, freq) less distinctKeys(s, nil).
func distinctTrigrams(s string, freq frequentSet) []uint64 {
	var keys []uint64
	u := foldUnits(s)
	for i := 0; i+2 < len(u); i++ {
		if u[i] != ' ' && u[i+1] != ' ' && u[i+2] != ' ' && freq[bigram(u[i], u[i+1])] {
			keys = append(keys, trigram(u[i], u[i+1], u[i+2]))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// union merges two sorted lists without repeats into one.
func union(a, b []uint64) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// shardOf is the key shard that holds key k; search.js computes the same.
func shardOf(k uint64, shards int) int { return int(k % uint64(shards)) }

// shards lays out the key shard files:
//
//	uvarint(count)
//	count × (uvarint(key - previous key), uvarint(len all), uvarint(len title), uvarint(len people))
//	the lists, in the same order, each written by encodeList
func shards(keys []uint64, blobs map[uint64][3][]byte, n int) [][]byte {
	bySh := make([][]uint64, n)
	for _, k := range keys { // ascending, so each shard's keys are too
		s := shardOf(k, n)
		bySh[s] = append(bySh[s], k)
	}
	out := make([][]byte, n)
	for s, ks := range bySh {
		b := binary.AppendUvarint(nil, uint64(len(ks)))
		prev := uint64(0)
		for _, k := range ks {
			bl := blobs[k]
			b = binary.AppendUvarint(b, k-prev)
			b = binary.AppendUvarint(b, uint64(len(bl[0])))
			b = binary.AppendUvarint(b, uint64(len(bl[1])))
			b = binary.AppendUvarint(b, uint64(len(bl[2])))
			prev = k
		}
		for _, k := range ks {
			bl := blobs[k]
			b = append(append(append(b, bl[0]...), bl[1]...), bl[2]...)
		}
		out[s] = b
	}
	return out
}

// version is a short hash of every file, for the page to bust stale caches with.
func version(files map[string][]byte) string {
	h := sha256.New()
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
