package search

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
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
	b := buf[:0]
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	source := d.source
	if sums != nil && d.file != "" {
		if sum, ok := sums(d.file); ok {
			source = string(sum[:])
		}
	}
	if source == d.source {
		b = append(b, 0) // the Markdown follows
	} else {
		b = append(b, 1) // its file's hash
	}
	for _, s := range [...]string{d.URL, d.Kind, d.Title, d.Unit, d.Summary, d.Body, source, d.file, d.Category, d.Award} {
		str(s)
	}
	for _, list := range [...][]string{d.UnitShort, d.Authors, d.Extra} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, s := range list {
			str(s)
		}
	}
	b = binary.AppendVarint(b, int64(d.Year))
	if d.Provisional {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	return sha256.Sum256(b), b
}

func partKey(h [32]byte) string { return partPrefix + hex.EncodeToString(h[:]) }

// part is what the cache keeps of one document: the plain text of its body and its
// fields (Fields), which are all a later build needs of it once it has changed.
type part struct {
	body   string
	fields [3]string
}

func (p *part) marshal() []byte {
	var b []byte
	for _, s := range [...]string{p.body, p.fields[0], p.fields[1], p.fields[2]} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

var errEntry = errors.New("search: damaged cache entry")

func readPart(data []byte) (part, error) {
	r := reader{b: data}
	p := part{body: string(r.bytes())}
	for i := range p.fields {
		p.fields[i] = string(r.bytes())
	}
	if r.err != nil || len(r.b) != 0 {
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
	b := []byte(strconv.Itoa(opt.ShardBytes) + " " + strconv.Itoa(opt.DocBytes) + "\n")
	for _, list := range [...][]string{opt.Categories, opt.Awards} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, s := range list {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return sha256.Sum256(b)
}

func (st *state) marshal() []byte {
	size := len(stateHead) + 64 + 32*len(st.hashes) + 8*len(st.freq) + 8*len(st.pairs)
	for _, s := range st.shards {
		size += len(s) + 4
	}
	for _, r := range st.records {
		size += len(r) + 4
	}
	b := make([]byte, 0, size)
	b = append(b, stateHead...)
	b = append(b, st.opt[:]...)
	b = binary.AppendUvarint(b, uint64(len(st.hashes)))
	for _, h := range st.hashes {
		b = append(b, h[:]...)
	}
	freq := make([]uint64, 0, len(st.freq))
	for k := range st.freq {
		freq = append(freq, k)
	}
	slices.Sort(freq)
	b = binary.AppendUvarint(b, uint64(len(freq)))
	for _, k := range freq {
		b = binary.AppendUvarint(b, k)
	}
	b = binary.AppendUvarint(b, uint64(len(st.pairs)))
	for p, n := range st.pairs {
		b = binary.AppendUvarint(b, uint64(p[0])<<16|uint64(p[1]))
		b = binary.AppendUvarint(b, uint64(n))
	}
	b = binary.AppendUvarint(b, uint64(st.total))
	for _, list := range [...][][]byte{st.shards, st.records} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, s := range list {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return append(b, stateHead...) // the end, so that a truncated state is no state
}

// readState reads a state written by marshal; its slices share data's bytes.
func readState(data []byte) (*state, error) {
	if len(data) < 2*len(stateHead) || string(data[:len(stateHead)]) != stateHead || string(data[len(data)-len(stateHead):]) != stateHead {
		return nil, errEntry
	}
	r := reader{b: data[len(stateHead) : len(data)-len(stateHead)]}
	st := &state{freq: frequentSet{}, pairs: map[[2]uint16]int{}}
	copy(st.opt[:], r.fixed(32))
	n := r.count(32)
	st.hashes = make([][32]byte, n)
	for i := range st.hashes {
		copy(st.hashes[i][:], r.fixed(32))
	}
	for n := r.count(1); n > 0; n-- {
		st.freq[r.uvarint()] = true
	}
	for n := r.count(2); n > 0; n-- {
		p := r.uvarint()
		st.pairs[[2]uint16{uint16(p >> 16), uint16(p)}] = int(r.uvarint())
	}
	st.total = int(r.uvarint())
	for _, list := range [...]*[][]byte{&st.shards, &st.records} {
		*list = make([][]byte, r.count(1))
		for i := range *list {
			(*list)[i] = r.bytes()
		}
	}
	if r.err != nil || len(r.b) != 0 || len(st.shards) == 0 || len(st.records) != len(st.hashes) {
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

// reader reads what marshal and part.marshal write; its first error sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = errEntry, nil
		return 0
	}
	r.b = r.b[n:]
	return x
}

// count reads a number of items of at least min bytes each.
func (r *reader) count(min int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/min) {
		r.err, r.b = errEntry, nil
		return 0
	}
	return int(n)
}

func (r *reader) fixed(n int) []byte {
	if n < 0 || len(r.b) < n { // a length read from damaged bytes: nothing is made of it
		r.err, r.b = errEntry, nil
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) bytes() []byte { return r.fixed(r.count(1)) }
