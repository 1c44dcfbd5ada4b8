package dedup

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
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
	w := memoWriter{buf: append(make([]byte, 0, size+size/8+4096), append(buf, 1)...)}
	n := len(st.keys)
	s, ix, pl := st.s, st.s.ix, st.s.pl
	w.uvarints(n, st.maxDF, s.boilerDF, s.symDF, s.total, int(s.extraCost))
	w.buf = append(w.buf, st.stop[:]...)
	for _, k := range st.keys {
		w.buf = append(w.buf, k[:]...)
	}
	var one []byte
	for i := range n { // each as it was read, if it was: its length first, to skip it
		one = st.prints.appendRaw(one[:0], i)
		w.uvarints(len(one))
		w.buf = append(w.buf, one...)
	}
	w.ints(s.hist)
	w.u32s(ix.groupFP)
	w.i32s(ix.groupStart)
	w.i32s(ix.posting)
	w.u32s(ix.stop)
	w.i32s(ix.stopDF)
	w.i32s(ix.nstop)
	w.uvarints(len(ix.single))
	for _, e := range ix.single {
		w.buf = binary.LittleEndian.AppendUint64(w.buf, e)
	}
	w.i32s(pl.nsym)
	w.i32s(pl.nextra)
	w.i32s(pl.idx)
	for _, p := range pl.poor {
		w.buf = append(w.buf, b2u(p))
	}
	for _, l := range s.lists {
		w.uvarints(len(l))
		for _, c := range l {
			w.buf = binary.LittleEndian.AppendUint32(w.buf, uint32(c.a))
			w.buf = binary.LittleEndian.AppendUint32(w.buf, uint32(c.b))
			w.buf = binary.LittleEndian.AppendUint32(w.buf, math.Float32bits(c.score))
		}
	}
	for _, o := range st.outcomes {
		w.buf = append(w.buf, b2u(o.ok))
		if !o.ok {
			continue
		}
		w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(o.p.CoverA))
		w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(o.p.CoverB))
		w.uvarints(o.p.Longest, len(o.p.Passages))
		for _, ps := range o.p.Passages {
			w.uvarints(ps.AStart, ps.AEnd, ps.BStart, ps.BEnd)
		}
	}
	return w.buf, nil
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

type memoWriter struct{ buf []byte }

func (w *memoWriter) uvarints(vs ...int) {
	for _, v := range vs {
		w.buf = binary.AppendUvarint(w.buf, uint64(v))
	}
}

func (w *memoWriter) ints(vs []int) {
	w.uvarints(len(vs))
	w.uvarints(vs...)
}

func (w *memoWriter) i32s(vs []int32) {
	w.uvarints(len(vs))
	for _, v := range vs {
		w.buf = binary.LittleEndian.AppendUint32(w.buf, uint32(v))
	}
}

func (w *memoWriter) u32s(vs []uint32) {
	w.uvarints(len(vs))
	for _, v := range vs {
		w.buf = binary.LittleEndian.AppendUint32(w.buf, v)
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
	r := memoReader{data: data[len(head)+1:]}
	if data[len(head)] != 1 {
		return errors.New("dedup: damaged memo")
	}
	st := &memoState{s: &search{ix: &index{}, pl: &plan{}}}
	s, ix, pl := st.s, st.s.ix, st.s.pl
	n := r.count(16)
	st.maxDF, s.boilerDF, s.symDF, s.total = int(r.uvarint()), int(r.uvarint()), int(r.uvarint()), int(r.uvarint())
	s.extraCost = int32(r.uvarint())
	pl.extraCost = s.extraCost
	copy(st.stop[:], r.bytes(16))
	st.keys = make([]textKey, n)
	for i := range st.keys {
		copy(st.keys[i][:], r.bytes(16))
	}
	st.prints = &printSet{fp: make([]fpset, n), raw: make([][]byte, n)}
	for i := range n { // decoded when needed
		st.prints.raw[i] = r.bytes(r.count(1))
	}
	s.hist = make([]int, r.count(1))
	for i := range s.hist {
		s.hist[i] = int(r.uvarint())
	}
	ix.groupFP = r.u32s()
	ix.groupStart = r.i32s()
	ix.posting = r.i32s()
	ix.stop = r.u32s()
	ix.stopDF = r.i32s()
	ix.nstop = r.i32s()
	ix.single = make([]uint64, r.count(8))
	for i := range ix.single {
		ix.single[i] = binary.LittleEndian.Uint64(r.bytes(8))
	}
	pl.nsym, pl.nextra, pl.idx = r.i32s(), r.i32s(), r.i32s()
	pl.poor = make([]bool, n)
	for i, b := range r.bytes(n) {
		pl.poor[i] = b == 1
	}
	s.lists = make([][]cand, n)
	for d := range s.lists {
		l := make([]cand, r.count(12))
		for i := range l {
			b := r.bytes(12)
			l[i] = cand{int32(binary.LittleEndian.Uint32(b)), int32(binary.LittleEndian.Uint32(b[4:])), math.Float32frombits(binary.LittleEndian.Uint32(b[8:]))}
		}
		s.lists[d] = l
	}
	if r.err == nil {
		r.err = st.valid()
	}
	if r.err != nil {
		return errors.New("dedup: damaged memo")
	}
	s.cands = assemble(s.lists)
	st.outcomes = make([]memoPair, len(s.cands))
	for i := range st.outcomes {
		o := &st.outcomes[i]
		if ok := r.bytes(1); ok[0] != 1 {
			continue
		}
		o.ok = true
		o.p.CoverA = math.Float64frombits(binary.LittleEndian.Uint64(r.bytes(8)))
		o.p.CoverB = math.Float64frombits(binary.LittleEndian.Uint64(r.bytes(8)))
		o.p.Longest = int(r.uvarint())
		o.p.Passages = make([]Passage, r.count(4))
		for j := range o.p.Passages {
			o.p.Passages[j] = Passage{int(r.uvarint()), int(r.uvarint()), int(r.uvarint()), int(r.uvarint())}
		}
	}
	if r.err != nil || len(r.data) != 0 {
		return errors.New("dedup: damaged memo")
	}
	st.size = len(data)
	m.last = st
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

// count reads a count of things at least size bytes each, refusing one the rest of the
// data cannot hold.
func (r *memoReader) count(size int) int {
	v := r.uvarint()
	if v > uint64(len(r.data)/size) {
		r.err, r.data = errors.New("count too large"), nil
		return 0
	}
	return int(v)
}

func (r *memoReader) i32s() []int32 {
	vs := make([]int32, r.count(4))
	b := r.bytes(4 * len(vs))
	for i := range vs {
		vs[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return vs
}

func (r *memoReader) u32s() []uint32 {
	vs := make([]uint32, r.count(4))
	b := r.bytes(4 * len(vs))
	for i := range vs {
		vs[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return vs
}
