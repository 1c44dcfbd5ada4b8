package dedup

import (
	"encoding/binary"
	"sync"

	"wuxiao/generator/digest"
)

// Memo remembers, from one run of Find to the next over a corpus that changes little
// (wuxiao serve after a save, wuxiao build --cache), what the last run worked out: each
// text's fingerprints, the candidate search (see search.update) and the outcome of each
// pair compared. When the texts stay in place and only a few change, the next run counts
// the candidates of only the documents the change reaches and aligns only the pairs it
// has not aligned before; otherwise it searches from scratch, still taking fingerprints
// and outcomes by text. An outcome depends on the two texts and on the boilerplate
// fingerprints of the corpus: when those change, every pair is aligned again. It may be
// shared by runs one after another, not at once (a mutex guards it).
type Memo struct {
	mu      sync.Mutex
	last    *memoState
	counted int // documents whose candidates the last run counted
	stale   int // documents the last run found changed since the memo it began with (Stale)
}

// NewMemo returns an empty memo.
func NewMemo() *Memo { return &Memo{} }

// textKey identifies a text by the first half of its digest (package digest).
type textKey [16]byte

// memoPair is the outcome of comparing two texts (Pair's A and B unset).
type memoPair struct {
	p  Pair
	ok bool
}

// memoState is what one run worked out.
type memoState struct {
	keys     []textKey // per doc
	prints   *printSet
	maxDF    int // Options.MaxDF of the run
	s        *search
	stop     textKey    // hash of s.ix.stop: the boilerplate the pairs were compared under
	outcomes []memoPair // per s.cands
	size     int        // bytes of the saved memo it was read from (0: none)
}

// memoRun is one run's view of a memo.
type memoRun struct {
	m        *Memo
	keys     []textKey
	old      *memoState // nil for none
	changed  []int      // with old of as many docs: the docs whose text is not old's
	isNew    []bool     // per doc: in changed
	oldAt    map[textKey]int
	byKeys   map[[2]textKey]int // old's outcomes by texts, made when first needed
	useOld   bool               // old's outcomes hold: the boilerplate is the same
	oldCand  []int32            // with the docs aligned: per candidate, old's of the same docs, or -1
	once     sync.Once
	keysOnce sync.Once
	next     memoState
}

// begin knows every doc by its Key, or else its text's hash, and starts a run; nil for
// a nil memo.
func (m *Memo) begin(docs []Doc, workers int) *memoRun {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	r := &memoRun{m: m, keys: make([]textKey, len(docs)), old: m.last}
	parallelWith(len(docs), workers, func() func(int) {
		h := digest.New()
		buf := make([]byte, 32<<10)
		var sum []byte
		return func(i int) {
			if docs[i].Key != (textKey{}) {
				r.keys[i] = docs[i].Key
				return
			}
			h.Reset()
			docs[i].hash(h, buf)
			sum = h.Sum(sum[:0])
			r.keys[i] = textKey(sum[:16])
		}
	})
	if r.old != nil && len(r.old.keys) == len(docs) {
		r.isNew = make([]bool, len(docs))
		for i, k := range r.keys {
			if k != r.old.keys[i] {
				r.changed = append(r.changed, i)
				r.isNew[i] = true
			}
		}
	}
	return r
}

// end keeps what this run worked out, unless it stopped short, and releases the memo.
func (r *memoRun) end(stopped bool) {
	if r == nil {
		return
	}
	if !stopped && r.next.s != nil {
		r.next.keys = r.keys
		r.m.last = &r.next
		r.m.stale = len(r.keys) // it could not update the memo it began with
		if r.aligned() && r.useOld && r.m.counted < len(r.keys) {
			r.m.stale = len(r.changed)
		}
	}
	r.m.mu.Unlock()
}

// Stale is how many of the last run's documents it found changed since the memo it
// began with, all of them when it could not update that memo but searched from scratch
// (it began with none, documents were added or removed or moved, too many changed, or
// the boilerplate did), and of how many: a memo kept between processes (wuxiao build
// --cache) need be saved again only once it is stale by more than a few documents, as
// the next run updates the one saved for those few and the new ones alike. A memo read
// back is stale by none.
func (m *Memo) Stale() (changed, of int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.last == nil {
		return 0, 0
	}
	return m.stale, len(m.last.keys)
}

// aligned reports whether the docs are old's, in place, but for a few changed ones.
func (r *memoRun) aligned() bool {
	return r != nil && r.isNew != nil && len(r.changed) <= max(8, len(r.keys)/64)
}

// lazy reports whether doc i's fingerprints are left to the memo: the docs are aligned
// with the last run's and i's text is the same.
func (r *memoRun) lazy(i int) bool {
	return r != nil && r.old != nil && r.aligned() && !r.isNew[i]
}

// print returns doc i's remembered fingerprints.
func (r *memoRun) print(i int) (fpset, bool) {
	if r.old == nil {
		return nil, false
	}
	if r.isNew != nil && !r.isNew[i] {
		return r.old.prints.get(i), true
	}
	r.once.Do(func() {
		r.oldAt = make(map[textKey]int, len(r.old.keys))
		for j, k := range r.old.keys {
			r.oldAt[k] = j
		}
	})
	if j, ok := r.oldAt[r.keys[i]]; ok {
		return r.old.prints.get(j), true
	}
	return nil, false
}

// search is candidate search through the memo: an update of the last run's when the
// docs are aligned with its, else from scratch. prints are the docs' fingerprints but
// for those left to the memo (lazy).
func (r *memoRun) search(prints []fpset, opt Options) *search {
	if r == nil {
		return searchAll(prints, opt)
	}
	cur := &printSet{fp: prints}
	if r.old != nil && r.aligned() {
		cur.raw = make([][]byte, len(prints))
		for i := range prints {
			if !r.isNew[i] {
				cur.fp[i] = r.old.prints.fp[i]
				if r.old.prints.raw != nil {
					cur.raw[i] = r.old.prints.raw[i]
				}
			}
		}
	}
	r.next.prints, r.next.maxDF = cur, opt.MaxDF
	if r.aligned() && r.old.maxDF == opt.MaxDF {
		if s, counted, ok := r.old.s.update(r.old.prints, cur, r.changed, opt.Workers); ok {
			r.m.counted, r.next.s = counted, s
			return s
		}
	}
	r.next.s = searchAll(cur.all(), opt)
	r.m.counted = len(prints)
	return r.next.s
}

// useStop says which boilerplate the pairs are compared under: the remembered outcomes
// hold only if it is the same. With the docs aligned, it finds for each candidate the
// old one of the same docs, by one walk of both sorted lists.
func (r *memoRun) useStop(stop []uint32) {
	h := digest.New()
	var b [4]byte
	for _, s := range stop {
		binary.LittleEndian.PutUint32(b[:], s)
		h.Write(b[:])
	}
	r.next.stop = textKey(h.Sum(nil)[:16])
	r.useOld = r.old != nil && r.old.stop == r.next.stop
	cands := r.next.s.cands
	r.next.outcomes = make([]memoPair, len(cands))
	if !r.useOld || r.isNew == nil {
		return
	}
	r.oldCand = make([]int32, len(cands))
	old := r.old.s.cands
	j := 0
	for k, c := range cands {
		for j < len(old) && byPair(old[j], c) < 0 {
			j++
		}
		r.oldCand[k] = -1
		if j < len(old) && old[j].a == c.a && old[j].b == c.b && !r.isNew[c.a] && !r.isNew[c.b] {
			r.oldCand[k] = int32(j)
		}
	}
}

// pair returns the remembered outcome of comparing docs a and b, candidate k (none
// without a memo).
func (r *memoRun) pair(k, a, b int) (memoPair, bool) {
	if r == nil || !r.useOld {
		return memoPair{}, false
	}
	j := -1
	switch {
	case r.oldCand != nil && r.oldCand[k] >= 0:
		j = int(r.oldCand[k])
	case r.aligned():
		// A changed text at the same place: its pairs are new (but for a text that was
		// another doc's, not worth a map of every pair).
	default:
		j = r.byTexts(a, b)
	}
	if j < 0 {
		return memoPair{}, false
	}
	return r.old.outcomes[j], true
}

// byTexts finds old's outcome of comparing the texts of docs a and b, or -1.
func (r *memoRun) byTexts(a, b int) int {
	r.keysOnce.Do(func() {
		r.byKeys = make(map[[2]textKey]int, len(r.old.s.cands))
		for i, c := range r.old.s.cands {
			r.byKeys[[2]textKey{r.old.keys[c.a], r.old.keys[c.b]}] = i
		}
	})
	if k, ok := r.byKeys[[2]textKey{r.keys[a], r.keys[b]}]; ok {
		return k
	}
	return -1
}

// putPair keeps the outcome of candidate k, docs a and b.
func (r *memoRun) putPair(k int, p Pair, ok bool) {
	if r == nil {
		return
	}
	p.A, p.B = 0, 0
	r.next.outcomes[k] = memoPair{p, ok}
}
