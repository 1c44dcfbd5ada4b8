package dedup

import (
	"hash/maphash"
	"maps"
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
	seeds  [2]maphash.Seed
	prints map[textKey]fpset
	pairs  map[[2]textKey]memoPair
	stop   textKey // the boilerplate the pairs were compared under
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
}

// textKey identifies a text by two independent 64-bit hashes.
type textKey [2]uint64

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
		r.keys[i] = textKey{maphash.String(m.seeds[0], docs[i].Text), maphash.String(m.seeds[1], docs[i].Text)}
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
	var h maphash.Hash
	h.SetSeed(r.m.seeds[0])
	for _, s := range stop {
		h.WriteByte(byte(s))
		h.WriteByte(byte(s >> 8))
		h.WriteByte(byte(s >> 16))
		h.WriteByte(byte(s >> 24))
	}
	k := textKey{h.Sum64(), uint64(len(stop))}
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
