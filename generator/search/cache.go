package search

import (
	"encoding/hex"
	"errors"
	"slices"
	"strconv"

	"wuxiao/generator/digest"
	"wuxiao/generator/record"
)

// Cache keeps what an index was built from between builds, so that a build after a few
// documents changed reads and tokenises those alone: the build's cache is one
// (generator.Cache). Get must give back the bytes Put was given, or a miss. A cache
// that forgets what a build did not use is told with Keep (when it has the method) of
// the entries still in use that the build did not read.
type Cache interface {
	Get(key string) ([]byte, bool)
	Put(key string, data []byte)
}

// The index keeps two kinds of entries in a Cache:
//
//	search-index          the last index built (state): its documents' hashes in index
//	                      order, its frequent bigrams, key shards, doc records and the
//	                      counts of the pairs in words.txt
//	search-doc-<hash>     a document's body as plain text and its three fields (part),
//	                      under the hash of everything the document is made from
//	                      (docHash), its body's Markdown included
const (
	stateKey   = "search-index"
	partPrefix = "search-doc-"
	stateHead  = "wuxiao search index v1\n"
)

// docHash hashes all a document is made from, so that equal hashes mean equal fields,
// records and keys: with the body still to be converted (d.source), the Markdown, or
// rather, when sums knows it, the hash of the file it was read from (d.file: the body
// is a part of its bytes), which spares hashing every body again at every build. buf
// is a buffer to reuse; the one returned is for the next call.
func docHash(d *Doc, buf []byte, sums func(file string) ([32]byte, bool)) ([32]byte, []byte) {
	w := record.NewWriter(buf[:0])
	source := d.source
	if sums != nil && d.file != "" {
		if sum, ok := sums(d.file); ok {
			source = string(sum[:])
		}
	}
	if source == d.source {
		w.Byte(0) // the Markdown follows
	} else {
		w.Byte(1) // its file's hash
	}
	for _, s := range [...]string{d.URL, d.Kind, d.Title, d.Unit, d.Summary, d.Body, source, d.file, d.Category, d.Award} {
		w.String(s)
	}
	for _, list := range [...][]string{d.UnitShort, d.Authors, d.Extra} {
		w.Uvarint(uint64(len(list)))
		for _, s := range list {
			w.String(s)
		}
	}
	w.Varint(int64(d.Year))
	if d.Provisional {
		w.Byte(1)
	} else {
		w.Byte(0)
	}
	return digest.Sum(w.Data()), w.Data()
}

func partKey(h [32]byte) string { return partPrefix + hex.EncodeToString(h[:]) }

// part is what the cache keeps of one document: the plain text of its body and its
// fields (Fields), which are all a later build needs of it once it has changed.
type part struct {
	body   string
	fields [3]string
}

func (p *part) marshal() []byte {
	var w record.Writer
	for _, s := range [...]string{p.body, p.fields[0], p.fields[1], p.fields[2]} {
		w.String(s)
	}
	return w.Data()
}

var errEntry = errors.New("search: damaged cache entry")

func readPart(data []byte) (part, error) {
	r := record.NewReader(data)
	p := part{body: string(r.Bytes())}
	for i := range p.fields {
		p.fields[i] = string(r.Bytes())
	}
	if r.End() != nil {
		return part{}, errEntry
	}
	return p, nil
}

// state is what the last build's index was made of and from: enough to write its files
// again, and to change them where a few documents changed.
type state struct {
	opt     [32]byte   // hash of the options the files were laid out with (optHash)
	hashes  [][32]byte // each document's hash, in index order
	freq    frequentSet
	pairs   map[[2]uint16]int // documents with each pair of words.txt
	shards  [][]byte          // key shard files, as written
	total   int               // bytes of the keys' lists, plus 8 a key, which set the shard count
	records [][]byte          // each document's record in its doc file
}

// optHash hashes what of opt shapes the files besides the documents.
func optHash(opt Options) [32]byte {
	w := record.NewWriter([]byte(strconv.Itoa(opt.ShardBytes) + " " + strconv.Itoa(opt.DocBytes) + "\n"))
	for _, list := range [...][]string{opt.Categories, opt.Awards} {
		w.Uvarint(uint64(len(list)))
		for _, s := range list {
			w.String(s)
		}
	}
	return digest.Sum(w.Data())
}

func (st *state) marshal() []byte {
	size := len(stateHead) + 64 + 32*len(st.hashes) + 8*len(st.freq) + 8*len(st.pairs)
	for _, s := range st.shards {
		size += len(s) + 4
	}
	for _, r := range st.records {
		size += len(r) + 4
	}
	w := record.NewWriter(append(make([]byte, 0, size), stateHead...))
	w.Fixed(st.opt[:])
	w.Uvarint(uint64(len(st.hashes)))
	for _, h := range st.hashes {
		w.Fixed(h[:])
	}
	freq := make([]uint64, 0, len(st.freq))
	for k := range st.freq {
		freq = append(freq, k)
	}
	slices.Sort(freq)
	w.Uvarint(uint64(len(freq)))
	for _, k := range freq {
		w.Uvarint(k)
	}
	w.Uvarint(uint64(len(st.pairs)))
	for p, n := range st.pairs {
		w.Uvarint(uint64(p[0])<<16 | uint64(p[1]))
		w.Uvarint(uint64(n))
	}
	w.Uvarint(uint64(st.total))
	for _, list := range [...][][]byte{st.shards, st.records} {
		w.Uvarint(uint64(len(list)))
		for _, s := range list {
			w.Bytes(s)
		}
	}
	return append(w.Data(), stateHead...) // the end, so that a truncated state is no state
}

// readState reads a state written by marshal; its slices share data's bytes.
func readState(data []byte) (*state, error) {
	if len(data) < 2*len(stateHead) || string(data[:len(stateHead)]) != stateHead || string(data[len(data)-len(stateHead):]) != stateHead {
		return nil, errEntry
	}
	r := record.NewReader(data[len(stateHead) : len(data)-len(stateHead)])
	st := &state{freq: frequentSet{}, pairs: map[[2]uint16]int{}}
	copy(st.opt[:], r.Fixed(32))
	n := r.Count(32)
	st.hashes = make([][32]byte, n)
	for i := range st.hashes {
		copy(st.hashes[i][:], r.Fixed(32))
	}
	for n := r.Count(1); n > 0; n-- {
		st.freq[r.Uvarint()] = true
	}
	for n := r.Count(2); n > 0; n-- {
		p := r.Uvarint()
		st.pairs[[2]uint16{uint16(p >> 16), uint16(p)}] = int(r.Uvarint())
	}
	st.total = int(r.Uvarint())
	for _, list := range [...]*[][]byte{&st.shards, &st.records} {
		*list = make([][]byte, r.Count(1))
		for i := range *list {
			(*list)[i] = r.Bytes()
		}
	}
	if r.End() != nil || len(st.shards) == 0 || len(st.records) != len(st.hashes) {
		return nil, errEntry
	}
	held := 0 // total counts the lists' bytes and 8 a key; the shards hold each list and at least a byte a key
	for _, s := range st.shards {
		held += len(s)
	}
	if st.total < 0 || st.total > 8*held+64 { // else it would lay the lists out in any number of shards
		return nil, errEntry
	}
	return st, nil
}
