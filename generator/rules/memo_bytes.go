package rules

import (
	"errors"

	"wuxiao/generator/diag"
	"wuxiao/generator/record"
)

// MarshalBinary writes the memo for ReadMemo: its version and day and rules, then each
// file's path, sum, shape and findings, then the two groups' keys and findings.
func (m *Memo) MarshalBinary() ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var w record.Writer
	w.String(memoVersion)
	w.String(m.global)
	w.Uvarint(uint64(len(m.files)))
	for f, e := range m.files {
		w.String(f)
		w.Fixed(e.sum[:])
		if e.hasShape {
			w.Byte(1)
			w.Fixed(e.shape[:])
		} else {
			w.Byte(0)
		}
		writeFindings(&w, e.found)
	}
	for _, g := range []groupMemo{m.tree, m.failing} {
		if !g.ok {
			w.Byte(0)
			continue
		}
		w.Byte(1)
		w.Fixed(g.key[:])
		writeFindings(&w, g.found)
	}
	return w.Data(), nil
}

var errShort = errors.New("规则检查缓存不完整")

// ReadMemo reads what MarshalBinary wrote. On bytes it cannot read it returns an empty
// memo with the error: a memo is only ever a saving.
func ReadMemo(data []byte) (*Memo, error) {
	r := record.NewReader(data)
	m := NewMemo()
	if string(r.Bytes()) != memoVersion {
		return NewMemo(), errors.New("不是这一版本的规则检查缓存")
	}
	m.global = string(r.Bytes())
	n := r.Uvarint()
	for i := uint64(0); i < n && r.Err() == nil; i++ {
		f := string(r.Bytes())
		var e fileMemo
		copy(e.sum[:], r.Fixed(32))
		if r.Byte() == 1 {
			e.hasShape = true
			copy(e.shape[:], r.Fixed(32))
		}
		e.found = readFindings(&r)
		m.files[f] = e
	}
	for _, g := range []*groupMemo{&m.tree, &m.failing} {
		if r.Byte() == 1 {
			g.ok = true
			copy(g.key[:], r.Fixed(32))
			g.found = readFindings(&r)
		}
	}
	if r.Err() != nil {
		return NewMemo(), errShort
	}
	if r.Len() > 0 {
		return NewMemo(), errors.New("多余的字节")
	}
	return m, nil
}

func writePos(w *record.Writer, p diag.Pos) {
	w.String(p.File)
	w.Varint(int64(p.Line))
	w.Varint(int64(p.Col))
}

func writeFindings(w *record.Writer, found []diag.Diagnostic) {
	w.Uvarint(uint64(len(found)))
	for _, d := range found {
		writePos(w, d.Pos)
		w.String(d.Rule)
		w.Varint(int64(d.Severity))
		w.String(d.Msg)
		writePos(w, d.Related)
		w.String(d.About)
	}
}

func readPos(r *record.Reader) diag.Pos {
	return diag.Pos{File: string(r.Bytes()), Line: int(r.Varint()), Col: int(r.Varint())}
}

func readFindings(r *record.Reader) []diag.Diagnostic {
	n := r.Uvarint()
	var out []diag.Diagnostic
	for i := uint64(0); i < n && r.Err() == nil; i++ {
		d := diag.Diagnostic{Pos: readPos(r), Rule: string(r.Bytes()), Severity: diag.Severity(r.Varint()), Msg: string(r.Bytes())}
		d.Related, d.About = readPos(r), string(r.Bytes())
		out = append(out, d)
	}
	return out
}
