package search

import (
	"encoding/binary"
	"errors"
)

// A posting list is the ascending doc numbers that have a key, written in whichever
// of two forms is shorter:
//
//	0, uvarint(first), uvarint(gap)...          a sparse list: the first doc, then the gaps
//	1, uvarint(from), bitmap bytes...           a dense list: bit j of byte i (LSB first)
//	                                            is doc (from+i)*8+j
//
// An empty list is written as nothing at all.
const (
	listSparse = 0
	listDense  = 1
)

// encodeList appends the shorter encoding of the ascending docs to buf.
func encodeList(buf []byte, docs []int) []byte {
	if len(docs) == 0 {
		return buf
	}
	sparse := 1
	prev := 0
	for i, d := range docs {
		g := d - prev
		if i == 0 {
			g = d
		}
		sparse += uvarintLen(uint64(g))
		prev = d
	}
	from, to := docs[0]>>3, docs[len(docs)-1]>>3
	dense := 1 + uvarintLen(uint64(from)) + to - from + 1
	if sparse <= dense {
		buf = append(buf, listSparse)
		prev = 0
		for i, d := range docs {
			g := d - prev
			if i == 0 {
				g = d
			}
			buf = binary.AppendUvarint(buf, uint64(g))
			prev = d
		}
		return buf
	}
	buf = append(buf, listDense)
	buf = binary.AppendUvarint(buf, uint64(from))
	start := len(buf)
	buf = append(buf, make([]byte, to-from+1)...)
	for _, d := range docs {
		buf[start+d>>3-from] |= 1 << (d & 7)
	}
	return buf
}

// plist is a posting list being built, kept as it is written in its sparse form:
// the first doc, then the uvarint gaps. A key in every one of ten thousand documents
// costs ten kilobytes so, not eighty.
type plist struct {
	n           int
	first, last int
	gaps        []byte
	wide        bool // a gap takes more than one byte
}

// add appends doc d, which must be above every doc already in l.
func (l *plist) add(d int) {
	if l.n == 0 {
		l.first = d
	} else if g := d - l.last; g < 0x80 { // nearly every gap: one byte, without AppendUvarint's call
		l.gaps = append(l.gaps, byte(g))
	} else {
		l.gaps = binary.AppendUvarint(l.gaps, uint64(g))
		l.wide = true
	}
	l.last = d
	l.n++
}

// join appends every doc of m, all above those of l.
func (l *plist) join(m *plist) {
	switch {
	case m.n == 0:
	case l.n == 0:
		*l = *m
	default:
		l.gaps = binary.AppendUvarint(l.gaps, uint64(m.first-l.last))
		l.gaps = append(l.gaps, m.gaps...)
		l.wide = l.wide || m.wide || m.first-l.last >= 0x80
		l.last = m.last
		l.n += m.n
	}
}

// cursor reads a plist's docs in order: d while ok.
type cursor struct {
	d    int
	gaps []byte
	ok   bool
}

func (l *plist) cursor() cursor { return cursor{d: l.first, gaps: l.gaps, ok: l.n > 0} }

func (c *cursor) next() {
	if len(c.gaps) == 0 {
		c.ok = false
		return
	}
	g, n := binary.Uvarint(c.gaps)
	c.d, c.gaps = c.d+int(g), c.gaps[n:]
}

// unionLen is the number of docs in l or m.
func unionLen(l, m *plist) int {
	a, b := l.cursor(), m.cursor()
	n := 0
	for ; a.ok || b.ok; n++ {
		switch {
		case !b.ok || a.ok && a.d < b.d:
			a.next()
		case !a.ok || b.d < a.d:
			b.next()
		default:
			a.next()
			b.next()
		}
	}
	return n
}

// encode appends the list to buf exactly as encodeList writes its docs.
func (l *plist) encode(buf []byte) []byte {
	if l.n == 0 {
		return buf
	}
	sparse := 1 + uvarintLen(uint64(l.first)) + len(l.gaps)
	from, to := l.first>>3, l.last>>3
	if dense := 1 + uvarintLen(uint64(from)) + to - from + 1; sparse <= dense {
		buf = append(buf, listSparse)
		buf = binary.AppendUvarint(buf, uint64(l.first))
		return append(buf, l.gaps...)
	}
	buf = append(buf, listDense)
	buf = binary.AppendUvarint(buf, uint64(from))
	start := len(buf)
	buf = append(buf, make([]byte, to-from+1)...)
	d, gaps := l.first, l.gaps
	if !l.wide { // every gap one byte: the dense lists of the common keys, nearly always
		bits := buf[start:]
		bits[d>>3-from] |= 1 << (d & 7)
		for _, g := range gaps {
			d += int(g)
			bits[d>>3-from] |= 1 << (d & 7)
		}
		return buf
	}
	for {
		buf[start+d>>3-from] |= 1 << (d & 7)
		if len(gaps) == 0 {
			return buf
		}
		g, n := binary.Uvarint(gaps)
		d, gaps = d+int(g), gaps[n:]
	}
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

var errList = errors.New("search: malformed posting list")

// decodeList reads a list written by encodeList; docs must be below limit.
func decodeList(b []byte, limit int) ([]int, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var out []int
	switch b[0] {
	case listSparse:
		b = b[1:]
		d := -1
		for len(b) > 0 {
			g, n := binary.Uvarint(b)
			if n <= 0 || g > uint64(limit) || (d >= 0 && g == 0) {
				return nil, errList
			}
			if d < 0 {
				d = int(g)
			} else {
				d += int(g)
			}
			if d >= limit {
				return nil, errList
			}
			out = append(out, d)
			b = b[n:]
		}
	case listDense:
		from, n := binary.Uvarint(b[1:])
		if n <= 0 || from > uint64(limit) {
			return nil, errList
		}
		for i, x := range b[1+n:] {
			for j := 0; j < 8; j++ {
				if x&(1<<j) != 0 {
					d := (int(from)+i)*8 + j
					if d >= limit {
						return nil, errList
					}
					out = append(out, d)
				}
			}
		}
	default:
		return nil, errList
	}
	return out, nil
}
