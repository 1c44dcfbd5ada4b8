package content

import (
	"reflect"
	"slices"
	"testing"

	"wuxiao/generator/diag"
	"wuxiao/generator/record"
)

// TestPositionsRoundTrip: a Positions reads back as it was encoded (no keys apart from
// keys nil), a cut anywhere is refused, and a changed byte reads as an error or as some
// Positions, never a panic.
func TestPositionsRoundTrip(t *testing.T) {
	full := Positions{Start: diag.Pos{File: "content/2023/submissions/a/b.md", Line: 2, Col: 1}}
	full.add("title", diag.Pos{Line: 3, Col: 8})
	full.add("摘要", diag.Pos{Line: 300, Col: -1})
	full.add("", diag.Pos{Line: 1 << 30, Col: 1 << 20})
	read := func(data []byte) (Positions, error) {
		d := &shardReader{r: record.NewStringReader(string(data))}
		var got Positions
		decodePositions(d, &got)
		return got, d.r.End()
	}
	for _, m := range []Positions{full, {}, {Start: diag.Pos{File: "x"}, keys: []keyPos{}}} {
		var w shardWriter
		encodePositions(&w, &m)
		data := w.Data()
		if got, err := read(data); err != nil || !reflect.DeepEqual(got, m) {
			t.Fatalf("read back %#v, %v; wrote %#v", got, err, m)
		}
		for cut := range len(data) {
			if _, err := read(slices.Clone(data[:cut])); err == nil {
				t.Fatalf("%#v cut at %d of %d bytes: read", m, cut, len(data))
			}
		}
		if _, err := read(append(slices.Clone(data), 0)); err == nil {
			t.Fatalf("%#v with a byte more: read", m)
		}
		for i := range data {
			bad := slices.Clone(data)
			bad[i] ^= 0x41
			read(bad)
		}
	}
}

// BenchmarkPositionsDecode decodes the positions of a submission's front matter, as
// ReadReuse does for each of its mappings.
func BenchmarkPositionsDecode(b *testing.B) {
	m := Positions{Start: diag.Pos{File: "content/2023/submissions/unit-0042/result-00042.md", Line: 2, Col: 1}}
	for i, k := range []string{"title", "unit", "category", "authors", "date", "summary", "benefit", "keywords", "studio", "attachments"} {
		m.add(k, diag.Pos{Line: 2 + i, Col: len(k) + 3})
	}
	var w shardWriter
	encodePositions(&w, &m)
	data := w.Data()
	src := string(data)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var got Positions
		d := &shardReader{r: record.NewStringReader(src)}
		if decodePositions(d, &got); d.r.End() != nil {
			b.Fatal(d.r.Err())
		}
	}
}
