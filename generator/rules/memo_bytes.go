package rules

import (
	"encoding/binary"
	"errors"

	"wuxiao/generator/diag"
)

// MarshalBinary writes the memo for ReadMemo: its version and day and rules, then each
// file's path, sum, shape and findings, then the two groups' keys and findings.
func (m *Memo) MarshalBinary() ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := appendString(nil, memoVersion)
	b = appendString(b, m.global)
	b = binary.AppendUvarint(b, uint64(len(m.files)))
	for f, e := range m.files {
		b = appendString(b, f)
		b = append(b, e.sum[:]...)
		if e.hasShape {
			b = append(b, 1)
			b = append(b, e.shape[:]...)
		} else {
			b = append(b, 0)
		}
		b = appendFindings(b, e.found)
	}
	for _, g := range []groupMemo{m.tree, m.failing} {
		if !g.ok {
			b = append(b, 0)
			continue
		}
		b = append(b, 1)
		b = append(b, g.key[:]...)
		b = appendFindings(b, g.found)
	}
	return b, nil
}

// ReadMemo reads what MarshalBinary wrote. On bytes it cannot read it returns an empty
// memo with the error: a memo is only ever a saving.
func ReadMemo(data []byte) (*Memo, error) {
	r := &memoReader{b: data}
	m := NewMemo()
	if r.string() != memoVersion {
		return NewMemo(), errors.New("不是这一版本的规则检查缓存")
	}
	m.global = r.string()
	n := r.uvarint()
	for i := uint64(0); i < n && r.err == nil; i++ {
		f := r.string()
		var e fileMemo
		copy(e.sum[:], r.bytes(32))
		if r.byte() == 1 {
			e.hasShape = true
			copy(e.shape[:], r.bytes(32))
		}
		e.found = r.findings()
		m.files[f] = e
	}
	for _, g := range []*groupMemo{&m.tree, &m.failing} {
		if r.byte() == 1 {
			g.ok = true
			copy(g.key[:], r.bytes(32))
			g.found = r.findings()
		}
	}
	if r.err == nil && len(r.b) > 0 {
		r.err = errors.New("多余的字节")
	}
	if r.err != nil {
		return NewMemo(), r.err
	}
	return m, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendPos(b []byte, p diag.Pos) []byte {
	b = appendString(b, p.File)
	b = binary.AppendVarint(b, int64(p.Line))
	return binary.AppendVarint(b, int64(p.Col))
}

func appendFindings(b []byte, found []diag.Diagnostic) []byte {
	b = binary.AppendUvarint(b, uint64(len(found)))
	for _, d := range found {
		b = appendPos(b, d.Pos)
		b = appendString(b, d.Rule)
		b = binary.AppendVarint(b, int64(d.Severity))
		b = appendString(b, d.Msg)
		b = appendPos(b, d.Related)
		b = appendString(b, d.About)
	}
	return b
}

// memoReader reads a memo's bytes; the first problem stops it (every read after gives
// zero values).
type memoReader struct {
	b   []byte
	err error
}

var errShort = errors.New("规则检查缓存不完整")

func (r *memoReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *memoReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *memoReader) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = errShort
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *memoReader) byte() byte {
	if b := r.bytes(1); len(b) == 1 {
		return b[0]
	}
	return 0
}

func (r *memoReader) string() string { return string(r.bytes(r.uvarint())) }

func (r *memoReader) pos() diag.Pos {
	return diag.Pos{File: r.string(), Line: int(r.varint()), Col: int(r.varint())}
}

func (r *memoReader) findings() []diag.Diagnostic {
	n := r.uvarint()
	var out []diag.Diagnostic
	for i := uint64(0); i < n && r.err == nil; i++ {
		d := diag.Diagnostic{Pos: r.pos(), Rule: r.string(), Severity: diag.Severity(r.varint()), Msg: r.string()}
		d.Related, d.About = r.pos(), r.string()
		out = append(out, d)
	}
	return out
}
