package record

import (
	"encoding/binary"
)

// StringReader is a Reader of a record held in a string: what it reads as bytes it gives
// as strings cut from the record, not copied, so that a decoder may keep them (the kept
// parse of a cached build is read from its cache file straight into a string, and its
// texts are cut from it). Its reads are Reader's, the same record reading the same.
type StringReader struct {
	s   string
	bad bool
}

// NewStringReader is a StringReader of s.
func NewStringReader(s string) StringReader { return StringReader{s: s} }

// Err is nil while every read has been within the record, ErrDamaged after one was not.
func (r *StringReader) Err() error {
	if r.bad {
		return ErrDamaged
	}
	return nil
}

// End is Err, or ErrDamaged when bytes are left unread.
func (r *StringReader) End() error {
	if r.bad || len(r.s) != 0 {
		return ErrDamaged
	}
	return nil
}

// Len is the number of bytes not yet read.
func (r *StringReader) Len() int { return len(r.s) }

func (r *StringReader) fail() {
	r.bad, r.s = true, ""
}

// Uvarint reads an unsigned varint, as Reader.Uvarint.
func (r *StringReader) Uvarint() uint64 {
	var v uint64
	var shift uint
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break // more than 64 bits
			}
			r.s = r.s[i+1:]
			return v | uint64(c)<<shift
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
	}
	r.fail()
	return 0
}

// Varint reads a signed varint.
func (r *StringReader) Varint() int64 {
	u := r.Uvarint()
	return int64(u>>1) ^ -int64(u&1) // as binary.Varint
}

func (r *StringReader) Byte() byte {
	if len(r.s) == 0 {
		r.fail()
		return 0
	}
	c := r.s[0]
	r.s = r.s[1:]
	return c
}

func (r *StringReader) Uint64() uint64 {
	if s := r.Fixed(8); len(s) == 8 {
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	}
	return 0
}

// Fixed reads n bytes written with no length (Writer.Fixed); "" for a negative n.
func (r *StringReader) Fixed(n int) string {
	if n < 0 || n > len(r.s) {
		r.fail()
		return ""
	}
	p := r.s[:n]
	r.s = r.s[n:]
	return p
}

// String reads a length, then that many bytes (Writer.Bytes, Writer.String): Reader.Bytes.
func (r *StringReader) String() string {
	n := r.Uvarint()
	if n > uint64(len(r.s)) {
		r.fail()
		return ""
	}
	p := r.s[:n]
	r.s = r.s[n:]
	return p
}
