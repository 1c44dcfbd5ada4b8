// Package record writes and reads the binary records the build's caches keep (varints,
// fixed-width little-endian numbers, length-prefixed bytes), a read past the end or of a
// damaged number remembered until the caller asks.
package record

import (
	"encoding/binary"
	"errors"
)

// ErrDamaged is what Err and End give once a read has gone past the end of the record
// or met a varint longer than 64 bits.
var ErrDamaged = errors.New("record: damaged or cut short")

// Writer appends a record to a buffer: each method writes what the Reader method of the
// same name reads (String is read by Bytes). Its zero value is ready; NewWriter starts
// it on a buffer of its own (a header already in it, a capacity to spare copies).
type Writer struct {
	b []byte
}

// NewWriter is a Writer appending to b.
func NewWriter(b []byte) Writer { return Writer{b: b} }

// Data is what was written, b of NewWriter included.
func (w *Writer) Data() []byte { return w.b }

func (w *Writer) Uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }

func (w *Writer) Varint(v int64) { w.b = binary.AppendVarint(w.b, v) }

func (w *Writer) Byte(c byte) { w.b = append(w.b, c) }

func (w *Writer) Uint32(v uint32) { w.b = binary.LittleEndian.AppendUint32(w.b, v) }

func (w *Writer) Uint64(v uint64) { w.b = binary.LittleEndian.AppendUint64(w.b, v) }

// Fixed writes p as it is, with no length: for bytes whose number the reader knows
// (Reader.Fixed).
func (w *Writer) Fixed(p []byte) { w.b = append(w.b, p...) }

// Bytes writes p's length, then p.
func (w *Writer) Bytes(p []byte) { w.b = append(binary.AppendUvarint(w.b, uint64(len(p))), p...) }

// String writes s's length, then s: Reader.Bytes reads it.
func (w *Writer) String(s string) { w.b = append(binary.AppendUvarint(w.b, uint64(len(s))), s...) }

// FrontCoded writes s as the length of the start it shares with prev, then the rest of
// it (String): a sorted list of paths, each written after the one before, takes little
// more than what is new in each.
func (w *Writer) FrontCoded(prev, s string) {
	c := 0
	for c < len(prev) && c < len(s) && prev[c] == s[c] {
		c++
	}
	w.Uvarint(uint64(c))
	w.String(s[c:])
}

// Reader reads a record a Writer wrote. The first read that would go past the end, or
// meets a damaged varint, makes it bad: that read and every one after it give zero values
// (nil for bytes) and Err says ErrDamaged, so a decoder reads on and checks once. The
// bytes it gives share the record's, their capacity cut at their end.
type Reader struct {
	b   []byte
	bad bool
}

// NewReader is a Reader of b.
func NewReader(b []byte) Reader { return Reader{b: b} }

// Err is nil while every read has been within the record, ErrDamaged after one was not.
func (r *Reader) Err() error {
	if r.bad {
		return ErrDamaged
	}
	return nil
}

// End is Err, or ErrDamaged when bytes are left unread: the check after a record's last
// read.
func (r *Reader) End() error {
	if r.bad || len(r.b) != 0 {
		return ErrDamaged
	}
	return nil
}

// Len is the number of bytes not yet read.
func (r *Reader) Len() int { return len(r.b) }

func (r *Reader) fail() {
	r.bad, r.b = true, nil
}

// Uvarint reads an unsigned varint (as binary.Uvarint, in a loop short enough to be
// inlined).
func (r *Reader) Uvarint() uint64 {
	var v uint64
	var shift uint
	for i, c := range r.b {
		if i == binary.MaxVarintLen64 {
			break
		}
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break // more than 64 bits
			}
			r.b = r.b[i+1:]
			return v | uint64(c)<<shift
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
	}
	r.fail()
	return 0
}

// Varint reads a signed varint.
func (r *Reader) Varint() int64 {
	u := r.Uvarint()
	return int64(u>>1) ^ -int64(u&1) // as binary.Varint
}

// Count reads a number of items that take at least min bytes each (min > 0), refusing
// one the rest of the record cannot hold: what a decoder then allocates is bounded by
// the record's size.
func (r *Reader) Count(min int) int {
	n := r.Uvarint()
	if n > uint64(len(r.b)/min) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *Reader) Byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *Reader) Uint32() uint32 {
	if b := r.Fixed(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *Reader) Uint64() uint64 {
	if b := r.Fixed(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// Fixed reads n bytes written with no length (Writer.Fixed); nil for a negative n.
func (r *Reader) Fixed(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.fail()
		return nil
	}
	p := r.b[:n:n]
	r.b = r.b[n:]
	return p
}

// Bytes reads a length, then that many bytes (Writer.Bytes, Writer.String).
func (r *Reader) Bytes() []byte {
	n := r.Uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	p := r.b[:n:n]
	r.b = r.b[n:]
	return p
}

// FrontCoded reads a string Writer.FrontCoded wrote after prev. A start longer than
// prev is damage.
func (r *Reader) FrontCoded(prev string) string {
	c := r.Uvarint()
	if c > uint64(len(prev)) {
		r.fail()
		return ""
	}
	rest := r.Bytes()
	if r.bad {
		return ""
	}
	return prev[:c] + string(rest)
}
