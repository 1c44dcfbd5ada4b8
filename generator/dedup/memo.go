package dedup

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"maps"
	"math"
	"slices"
	"sync"
)

// Memo remembers in memory, from one run of Find to the next over a corpus that changes
// little (wuxiao serve after a save), each text's fingerprints and the outcome of each
// pair of texts compared, so that a run aligns only the pairs it has not aligned before.
// An outcome depends on the two texts and on the boilerplate fingerprints of the corpus:
// when those change, every pair is aligned again. A Memo keeps only what the last run
// used. It may be shared by runs one after another, not at once (a mutex guards it).
type Memo struct {
	mu     sync.Mutex
	prints map[textKey]fpset
	pairs  map[[2]textKey]memoPair
	stop   textKey // the boilerplate the pairs were compared under
}

// NewMemo returns an empty memo.
func NewMemo() *Memo { return &Memo{} }

// textKey identifies a text by the first half of its SHA-256.
type textKey [16]byte

// memoPair is the outcome of comparing two texts (Pair's A and B unset).
type memoPair struct {
	p  Pair
	ok bool
}

// memoRun is one run's view of a memo: the keys of its docs and what it used.
type memoRun struct {
	m      *Memo
	keys   []textKey
	mu     sync.Mutex
	prints map[textKey]fpset
	pairs  map[[2]textKey]memoPair
}

// begin hashes every doc and starts a run; nil for a nil memo.
func (m *Memo) begin(docs []Doc, workers int) *memoRun {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	r := &memoRun{m: m, keys: make([]textKey, len(docs)), prints: make(map[textKey]fpset, len(docs)), pairs: map[[2]textKey]memoPair{}}
	parallel(len(docs), workers, func(i int) {
		sum := sha256.Sum256([]byte(docs[i].Text))
		r.keys[i] = textKey(sum[:16])
	})
	return r
}

// end keeps what this run used, or, if it stopped short, adds it to what the memo
// had, and releases the memo.
func (r *memoRun) end(stopped bool) {
	if r == nil {
		return
	}
	if stopped {
		r.m.prints, r.m.pairs = merge(r.m.prints, r.prints), merge(r.m.pairs, r.pairs)
	} else {
		r.m.prints, r.m.pairs = r.prints, r.pairs
	}
	r.m.mu.Unlock()
}

func merge[K comparable, V any](dst, src map[K]V) map[K]V {
	if dst == nil {
		return src
	}
	maps.Copy(dst, src)
	return dst
}

// print returns doc i's remembered fingerprints.
func (r *memoRun) print(i int) (fpset, bool) {
	fp, ok := r.m.prints[r.keys[i]]
	if ok {
		r.mu.Lock()
		r.prints[r.keys[i]] = fp
		r.mu.Unlock()
	}
	return fp, ok
}

func (r *memoRun) putPrint(i int, fp fpset) {
	r.mu.Lock()
	r.prints[r.keys[i]] = fp
	r.mu.Unlock()
}

// useStop forgets the remembered pairs if the boilerplate changed since they were compared.
func (r *memoRun) useStop(stop []uint32) {
	h := sha256.New()
	var b [4]byte
	for _, s := range stop {
		binary.LittleEndian.PutUint32(b[:], s)
		h.Write(b[:])
	}
	k := textKey(h.Sum(nil)[:16])
	if k != r.m.stop {
		r.m.pairs, r.m.stop = nil, k
	}
}

// pair returns the remembered outcome of comparing docs a and b (none without a memo).
func (r *memoRun) pair(a, b int) (memoPair, bool) {
	if r == nil {
		return memoPair{}, false
	}
	k := [2]textKey{r.keys[a], r.keys[b]}
	mp, ok := r.m.pairs[k]
	if ok {
		r.mu.Lock()
		r.pairs[k] = mp
		r.mu.Unlock()
		mp.p.Passages = slices.Clone(mp.p.Passages)
	}
	return mp, ok
}

func (r *memoRun) putPair(a, b int, p Pair, ok bool) {
	if r == nil {
		return
	}
	p.A, p.B = 0, 0
	p.Passages = slices.Clone(p.Passages)
	r.mu.Lock()
	r.pairs[[2]textKey{r.keys[a], r.keys[b]}] = memoPair{p, ok}
	r.mu.Unlock()
}

// memoMagic starts a saved memo; cacheVersion follows it, so that a memo of other
// fingerprints is not read.
const memoMagic = "wuxiao-dedup-memo1\n"

// MarshalBinary saves the outcomes of the pairs compared (the fingerprints are cheap to
// make again, and the fingerprint cache keeps them), for a memo in the next process.
func (m *Memo) MarshalBinary() ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := slices.SortedFunc(maps.Keys(m.pairs), func(a, b [2]textKey) int {
		return bytes.Compare(append(a[0][:], a[1][:]...), append(b[0][:], b[1][:]...))
	})
	buf := append([]byte(memoMagic+cacheVersion+"\n"), m.stop[:]...)
	buf = binary.AppendUvarint(buf, uint64(len(keys)))
	for _, k := range keys {
		mp := m.pairs[k]
		buf = append(append(buf, k[0][:]...), k[1][:]...)
		if !mp.ok {
			buf = append(buf, 0)
			continue
		}
		buf = append(buf, 1)
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(mp.p.CoverA))
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(mp.p.CoverB))
		buf = binary.AppendUvarint(buf, uint64(mp.p.Longest))
		buf = binary.AppendUvarint(buf, uint64(len(mp.p.Passages)))
		for _, ps := range mp.p.Passages {
			for _, v := range []int{ps.AStart, ps.AEnd, ps.BStart, ps.BEnd} {
				buf = binary.AppendUvarint(buf, uint64(v))
			}
		}
	}
	return buf, nil
}

// UnmarshalBinary replaces what m remembers by a saved memo; on an error (another
// version, a damaged file) m stays empty.
func (m *Memo) UnmarshalBinary(data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.prints, m.pairs, m.stop = nil, nil, textKey{}
	head := memoMagic + cacheVersion + "\n"
	if !bytes.HasPrefix(data, []byte(head)) || len(data) < len(head)+16 {
		return errors.New("dedup: not a memo of this version")
	}
	r := memoReader{data: data[len(head)+16:]}
	stop := textKey(data[len(head) : len(head)+16])
	n := r.uvarint()
	pairs := make(map[[2]textKey]memoPair, min(n, uint64(len(data)/33)))
	for i := uint64(0); i < n && r.err == nil; i++ {
		var k [2]textKey
		copy(k[0][:], r.bytes(16))
		copy(k[1][:], r.bytes(16))
		var mp memoPair
		if ok := r.bytes(1); len(ok) == 1 && ok[0] == 1 {
			mp.ok = true
			mp.p.CoverA = math.Float64frombits(binary.LittleEndian.Uint64(r.bytes(8)))
			mp.p.CoverB = math.Float64frombits(binary.LittleEndian.Uint64(r.bytes(8)))
			mp.p.Longest = int(r.uvarint())
			np := r.uvarint()
			for j := uint64(0); j < np && r.err == nil; j++ {
				mp.p.Passages = append(mp.p.Passages, Passage{int(r.uvarint()), int(r.uvarint()), int(r.uvarint()), int(r.uvarint())})
			}
		}
		pairs[k] = mp
	}
	if r.err != nil || len(r.data) != 0 {
		return errors.New("dedup: damaged memo")
	}
	m.pairs, m.stop = pairs, stop
	return nil
}

// memoReader reads a saved memo; past its end it gives zeros and sets err.
type memoReader struct {
	data []byte
	err  error
}

func (r *memoReader) bytes(n int) []byte {
	if len(r.data) < n {
		r.err, r.data = errors.New("short"), nil
		return make([]byte, n)
	}
	b := r.data[:n]
	r.data = r.data[n:]
	return b
}

func (r *memoReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.data)
	if n <= 0 {
		r.err, r.data = errors.New("bad varint"), nil
		return 0
	}
	r.data = r.data[n:]
	return v
}
