package dedup

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"

	"wuxiao/generator/record"
)

// memoMagic starts a saved memo; cacheVersion follows it, so that a memo of other
// fingerprints is not read.
const memoMagic = "wuxiao-dedup-memo2\n"

// MarshalBinary saves what the last run worked out, for a memo in the next process.
func (m *Memo) MarshalBinary() ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	buf := []byte(memoMagic + cacheVersion + "\n")
	st := m.last
	if st == nil {
		return append(buf, 0), nil
	}
	size := st.size // as large as the last memo read, or else a guess
	if size == 0 {
		size = 4*st.s.total + 16*len(st.s.cands) + 64*len(st.keys)
	}
	w := record.NewWriter(append(make([]byte, 0, size+size/8+4096), append(buf, 1)...))
	n := len(st.keys)
	s, ix, pl := st.s, st.s.ix, st.s.pl
	uvarints(&w, n, st.maxDF, s.boilerDF, s.symDF, s.total, int(s.extraCost))
	w.Fixed(st.stop[:])
	for _, k := range st.keys {
		w.Fixed(k[:])
	}
	var one []byte
	for i := range n { // each as it was read, if it was: its length first, to skip it
		one = st.prints.appendRaw(one[:0], i)
		w.Bytes(one)
	}
	uvarints(&w, len(s.hist))
	uvarints(&w, s.hist...)
	u32s(&w, ix.groupFP)
	i32s(&w, ix.groupStart)
	i32s(&w, ix.posting)
	u32s(&w, ix.stop)
	i32s(&w, ix.stopDF)
	i32s(&w, ix.nstop)
	w.Uvarint(uint64(len(ix.single)))
	for _, e := range ix.single {
		w.Uint64(e)
	}
	i32s(&w, pl.nsym)
	i32s(&w, pl.nextra)
	i32s(&w, pl.idx)
	for _, p := range pl.poor {
		w.Byte(b2u(p))
	}
	for _, l := range s.lists {
		w.Uvarint(uint64(len(l)))
		for _, c := range l {
			w.Uint32(uint32(c.a))
			w.Uint32(uint32(c.b))
			w.Uint32(math.Float32bits(c.score))
		}
	}
	for _, o := range st.outcomes {
		w.Byte(b2u(o.ok))
		if !o.ok {
			continue
		}
		w.Uint64(math.Float64bits(o.p.CoverA))
		w.Uint64(math.Float64bits(o.p.CoverB))
		uvarints(&w, o.p.Longest, len(o.p.Passages))
		for _, ps := range o.p.Passages {
			uvarints(&w, ps.AStart, ps.AEnd, ps.BStart, ps.BEnd)
		}
	}
	return w.Data(), nil
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// uvarints writes each of vs as an unsigned varint.
func uvarints(w *record.Writer, vs ...int) {
	for _, v := range vs {
		w.Uvarint(uint64(v))
	}
}

// i32s writes vs' length, then each as 4 bytes (read by readI32s).
func i32s(w *record.Writer, vs []int32) {
	w.Uvarint(uint64(len(vs)))
	for _, v := range vs {
		w.Uint32(uint32(v))
	}
}

// u32s writes vs' length, then each as 4 bytes (read by readU32s).
func u32s(w *record.Writer, vs []uint32) {
	w.Uvarint(uint64(len(vs)))
	for _, v := range vs {
		w.Uint32(v)
	}
}

// UnmarshalBinary replaces what m remembers by a saved memo; on an error (another
// version, a damaged file) m stays empty.
func (m *Memo) UnmarshalBinary(data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.last = nil
	head := memoMagic + cacheVersion + "\n"
	if len(data) < len(head)+1 || string(data[:len(head)]) != head {
		return errors.New("dedup: not a memo of this version")
	}
	if data[len(head)] == 0 && len(data) == len(head)+1 {
		return nil
	}
	r := record.NewReader(data[len(head)+1:])
	if data[len(head)] != 1 {
		return errors.New("dedup: damaged memo")
	}
	st := &memoState{s: &search{ix: &index{}, pl: &plan{}}}
	s, ix, pl := st.s, st.s.ix, st.s.pl
	n := r.Count(16)
	st.maxDF, s.boilerDF, s.symDF, s.total = int(r.Uvarint()), int(r.Uvarint()), int(r.Uvarint()), int(r.Uvarint())
	s.extraCost = int32(r.Uvarint())
	pl.extraCost = s.extraCost
	copy(st.stop[:], r.Fixed(16))
	st.keys = make([]textKey, n)
	for i := range st.keys {
		copy(st.keys[i][:], r.Fixed(16))
	}
	st.prints = &printSet{fp: make([]fpset, n), raw: make([][]byte, n)}
	for i := range n { // decoded when needed
		st.prints.raw[i] = r.Bytes()
	}
	s.hist = make([]int, r.Count(1))
	for i := range s.hist {
		s.hist[i] = int(r.Uvarint())
	}
	ix.groupFP = readU32s(&r)
	ix.groupStart = readI32s(&r)
	ix.posting = readI32s(&r)
	ix.stop = readU32s(&r)
	ix.stopDF = readI32s(&r)
	ix.nstop = readI32s(&r)
	ix.single = make([]uint64, r.Count(8))
	for i := range ix.single {
		ix.single[i] = r.Uint64()
	}
	pl.nsym, pl.nextra, pl.idx = readI32s(&r), readI32s(&r), readI32s(&r)
	pl.poor = make([]bool, n)
	for i, b := range r.Fixed(n) {
		pl.poor[i] = b == 1
	}
	s.lists = make([][]cand, n)
	for d := range s.lists {
		l := make([]cand, r.Count(12))
		for i := range l {
			l[i] = cand{int32(r.Uint32()), int32(r.Uint32()), math.Float32frombits(r.Uint32())}
		}
		s.lists[d] = l
	}
	if r.Err() != nil || st.valid() != nil {
		return errors.New("dedup: damaged memo")
	}
	s.cands = assemble(s.lists)
	st.outcomes = make([]memoPair, len(s.cands))
	for i := range st.outcomes {
		o := &st.outcomes[i]
		if r.Byte() != 1 {
			continue
		}
		o.ok = true
		o.p.CoverA = math.Float64frombits(r.Uint64())
		o.p.CoverB = math.Float64frombits(r.Uint64())
		o.p.Longest = int(r.Uvarint())
		o.p.Passages = make([]Passage, r.Count(4))
		for j := range o.p.Passages {
			o.p.Passages[j] = Passage{int(r.Uvarint()), int(r.Uvarint()), int(r.Uvarint()), int(r.Uvarint())}
		}
	}
	if r.End() != nil {
		return errors.New("dedup: damaged memo")
	}
	st.size = len(data)
	m.last, m.stale = st, 0
	return nil
}

// valid checks that a memo read back is one a run could have made, as far as its
// indexes go: a damaged memo must not make a run fail.
func (st *memoState) valid() error {
	n := len(st.keys)
	s, ix, pl := st.s, st.s.ix, st.s.pl
	bad := errors.New("inconsistent")
	if len(ix.nstop) != n || len(pl.nsym) != n || len(pl.nextra) != n || len(pl.idx) != n || len(s.hist) != s.boilerDF+2 ||
		len(ix.stopDF) != len(ix.stop) || len(ix.groupStart) != len(ix.groupFP)+1 || ix.groupStart[0] != 0 ||
		int(ix.groupStart[len(ix.groupFP)]) != len(ix.posting) || !slices.IsSorted(ix.groupFP) || !slices.IsSorted(ix.stop) || !slices.IsSorted(ix.single) {
		return bad
	}
	ix.groupDF = make([]int32, len(ix.groupFP))
	for g := range ix.groupDF {
		ix.groupDF[g] = ix.groupStart[g+1] - ix.groupStart[g]
		if ix.groupDF[g] < 2 {
			return bad
		}
	}
	for _, d := range ix.posting {
		if d < 0 || int(d) >= n {
			return bad
		}
	}
	for _, e := range ix.single {
		if int(uint32(e)) >= n {
			return bad
		}
	}
	for d := range n {
		if pl.nsym[d] < 0 || pl.nextra[d] < 0 || int(pl.nsym[d]+pl.nextra[d]) > st.prints.count(d) {
			return bad
		}
		for _, c := range s.lists[d] {
			if c.a < 0 || c.a >= c.b || int(c.b) >= n || int(c.a) != d && int(c.b) != d {
				return bad
			}
		}
	}
	return nil
}

// readI32s reads what i32s wrote.
func readI32s(r *record.Reader) []int32 {
	vs := make([]int32, r.Count(4))
	b := r.Fixed(4 * len(vs))
	for i := range vs {
		vs[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return vs
}

// readU32s reads what u32s wrote.
func readU32s(r *record.Reader) []uint32 {
	vs := make([]uint32, r.Count(4))
	b := r.Fixed(4 * len(vs))
	for i := range vs {
		vs[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return vs
}
