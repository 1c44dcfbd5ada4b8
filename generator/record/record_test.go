package record

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"testing"
)

// item is one value of a record: its kind and what the writer was given.
type item struct {
	kind byte // 'u' Uvarint, 'v' Varint, 'c' Byte, '4' Uint32, '8' Uint64, 'f' Fixed, 'b' Bytes, 's' String, 'n' Count(3), 'a' FrontCoded after prev
	u    uint64
	i    int64
	p    []byte
	prev string
}

func (it item) write(w *Writer) {
	switch it.kind {
	case 'u', 'n':
		w.Uvarint(it.u)
	case 'v':
		w.Varint(it.i)
	case 'c':
		w.Byte(byte(it.u))
	case '4':
		w.Uint32(uint32(it.u))
	case '8':
		w.Uint64(it.u)
	case 'f':
		w.Fixed(it.p)
	case 'b':
		w.Bytes(it.p)
	case 's':
		w.String(string(it.p))
	case 'a':
		w.FrontCoded(it.prev, string(it.p))
	}
}

// read reads an item of it's kind (a Fixed of len(it.p) bytes) and gives it as read.
func (it item) read(r *Reader) item {
	got := item{kind: it.kind}
	switch it.kind {
	case 'u':
		got.u = r.Uvarint()
	case 'n':
		got.u = uint64(r.Count(3))
	case 'v':
		got.i = r.Varint()
	case 'c':
		got.u = uint64(r.Byte())
	case '4':
		got.u = uint64(r.Uint32())
	case '8':
		got.u = r.Uint64()
	case 'f':
		got.p = r.Fixed(len(it.p))
	case 'b', 's':
		got.p = r.Bytes()
	case 'a':
		got.p = []byte(r.FrontCoded(it.prev))
	}
	return got
}

func (it item) equal(o item) bool {
	return it.kind == o.kind && it.u == o.u && it.i == o.i && bytes.Equal(it.p, o.p) // prev is the reader's, not read
}

// sample is a record of every kind of item, with the edges of each.
var sample = []item{
	{kind: 'u', u: 0}, {kind: 'u', u: 1}, {kind: 'u', u: 127}, {kind: 'u', u: 128}, {kind: 'u', u: 300},
	{kind: 'u', u: 1<<63 - 1}, {kind: 'u', u: math.MaxUint64},
	{kind: 'v', i: 0}, {kind: 'v', i: -1}, {kind: 'v', i: 1}, {kind: 'v', i: -64}, {kind: 'v', i: 64},
	{kind: 'v', i: math.MinInt64}, {kind: 'v', i: math.MaxInt64},
	{kind: 'c', u: 0}, {kind: 'c', u: 0xff},
	{kind: '4', u: 0}, {kind: '4', u: 0xdeadbeef}, {kind: '8', u: math.MaxUint64}, {kind: '8', u: 0x0102030405060708},
	{kind: 'f', p: []byte("0123456789abcdef0123456789abcdef")},
	{kind: 'b', p: []byte{}}, {kind: 'b', p: []byte{0, 0x80, 0xff}}, {kind: 'b', p: bytes.Repeat([]byte{0x80}, 200)},
	{kind: 's', p: []byte("")}, {kind: 's', p: []byte("页面\x00键")},
	{kind: 'n', u: 2}, {kind: 'b', p: []byte("abcdef")},
	{kind: 'a', prev: "2023/results/a/index.html", p: []byte("2023/results/b/index.html")},
	{kind: 'a', prev: "2023/results", p: []byte("2023")}, {kind: 'a', prev: "", p: []byte("页")},
	{kind: 'a', prev: "same", p: []byte("same")},
	{kind: 'u', u: 5},
}

func encode(items []item) []byte {
	w := NewWriter([]byte("head"))
	for _, it := range items {
		it.write(&w)
	}
	return w.Data()[len("head"):]
}

func readAll(data []byte, items []item) ([]item, *Reader) {
	r := NewReader(data)
	got := make([]item, len(items))
	for i, it := range items {
		got[i] = it.read(&r)
	}
	return got, &r
}

// TestRoundTrip: each item reads back as written, in the bytes encoding/binary gives it
// (so that records written before this package are read the same).
func TestRoundTrip(t *testing.T) {
	data := encode(sample)
	got, r := readAll(data, sample)
	if err := r.End(); err != nil {
		t.Fatalf("End: %v", err)
	}
	for i := range sample {
		if !sample[i].equal(got[i]) {
			t.Errorf("item %d: wrote %+v, read %+v", i, sample[i], got[i])
		}
	}
	for _, tc := range []struct {
		write func(*Writer)
		want  []byte
	}{
		{func(w *Writer) { w.Uvarint(300) }, binary.AppendUvarint(nil, 300)},
		{func(w *Writer) { w.Varint(-300) }, binary.AppendVarint(nil, -300)},
		{func(w *Writer) { w.Uint32(7) }, binary.LittleEndian.AppendUint32(nil, 7)},
		{func(w *Writer) { w.Uint64(7) }, binary.LittleEndian.AppendUint64(nil, 7)},
		{func(w *Writer) { w.String("ab") }, []byte{2, 'a', 'b'}},
		{func(w *Writer) { w.Bytes([]byte("ab")) }, []byte{2, 'a', 'b'}},
		{func(w *Writer) { w.Fixed([]byte("ab")) }, []byte("ab")},
		{func(w *Writer) { w.Byte(9) }, []byte{9}},
		{func(w *Writer) { w.FrontCoded("abc/x", "abd") }, []byte{2, 1, 'd'}},
	} {
		var w Writer
		tc.write(&w)
		if !bytes.Equal(w.Data(), tc.want) {
			t.Errorf("wrote %x, want %x", w.Data(), tc.want)
		}
	}
}

// TestBytesShareCapacity: bytes read share the record's and cannot be appended to over
// what follows them.
func TestBytesShareCapacity(t *testing.T) {
	data := encode([]item{{kind: 'b', p: []byte("ab")}, {kind: 'f', p: []byte("cd")}, {kind: 'u', u: 1}})
	r := NewReader(data)
	b, f := r.Bytes(), r.Fixed(2)
	if cap(b) != 2 || cap(f) != 2 || &b[0] != &data[1] {
		t.Fatalf("cap %d and %d, shared %v", cap(b), cap(f), &b[0] == &data[1])
	}
	_ = append(b, 'X')
	if r.Uvarint() != 1 || string(f) != "cd" || r.End() != nil {
		t.Fatal("an append to bytes read wrote over the record")
	}
}

// TestEveryCut: a record cut anywhere is damaged (End), what stands before the cut reads
// as written, and nothing is read after the read that ran short.
func TestEveryCut(t *testing.T) {
	data := encode(sample)
	for cut := range len(data) {
		got, r := readAll(slices.Clone(data[:cut]), sample)
		if r.End() == nil || r.Err() == nil {
			t.Fatalf("cut at %d of %d: read whole", cut, len(data))
		}
		end := 0 // of item i
		for i, it := range sample {
			end += len(encode(sample[i : i+1]))
			need := end
			if it.kind == 'n' { // a count of items of 3 bytes at least
				need += 3 * int(it.u)
			}
			if need <= cut {
				if !got[i].equal(it) {
					t.Fatalf("cut at %d: item %d, before the cut, read as %+v", cut, i, got[i])
				}
				continue
			}
			for j, g := range got[i:] {
				if !g.equal(item{kind: g.kind}) {
					t.Fatalf("cut at %d: item %d, after the cut, read as %+v", cut, i+j, g)
				}
			}
			break
		}
	}
}

// TestEveryFlip: a record with any one bit flipped reads without a panic, within its own
// bytes, and never as the record written (there is no checksum here: the framing
// changes, or a value does).
func TestEveryFlip(t *testing.T) {
	data := encode(sample)
	for i := range data {
		for bit := range 8 {
			bad := slices.Clone(data)
			bad[i] ^= 1 << bit
			got, r := readAll(bad, sample)
			same := r.End() == nil
			for j := range sample {
				same = same && got[j].equal(sample[j])
				if len(got[j].p) > len(bad) {
					t.Fatalf("byte %d bit %d: item %d read %d bytes of %d", i, bit, j, len(got[j].p), len(bad))
				}
			}
			if same {
				t.Fatalf("byte %d bit %d flipped: read as written", i, bit)
			}
		}
	}
}

// TestSticky: once a read runs short or meets a varint of more than 64 bits, it and
// every read after it give zero values, even where bytes would follow.
func TestSticky(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		read func(*Reader)
	}{
		{"varint cut", []byte{0x80}, func(r *Reader) { r.Uvarint() }},
		{"varint of 11 bytes", append(bytes.Repeat([]byte{0x80}, 10), 0, 1), func(r *Reader) { r.Uvarint() }},
		{"varint over 64 bits", append(bytes.Repeat([]byte{0xff}, 9), 2, 1), func(r *Reader) { r.Varint() }},
		{"bytes longer than the record", []byte{5, 'a', 1}, func(r *Reader) { r.Bytes() }},
		{"count more than fits", []byte{3, 1, 1, 1, 1, 1}, func(r *Reader) { r.Count(2) }},
		{"fixed", []byte{1, 2, 3}, func(r *Reader) { r.Fixed(4) }},
		{"negative fixed", []byte{1, 2, 3}, func(r *Reader) { r.Fixed(-1) }},
		{"uint32", []byte{1, 2, 3}, func(r *Reader) { r.Uint32() }},
		{"uint64", []byte{1, 2, 3, 4, 5, 6, 7}, func(r *Reader) { r.Uint64() }},
		{"byte", nil, func(r *Reader) { r.Byte() }},
		{"front coded sharing more than prev", []byte{3, 1, 'x', 1}, func(r *Reader) { r.FrontCoded("ab") }},
	} {
		r := NewReader(slices.Clone(tc.data))
		tc.read(&r)
		if r.Err() != ErrDamaged || r.End() != ErrDamaged || r.Len() != 0 {
			t.Errorf("%s: Err %v, End %v, %d bytes left", tc.name, r.Err(), r.End(), r.Len())
		}
		if r.Uvarint() != 0 || r.Varint() != 0 || r.Byte() != 0 || r.Uint32() != 0 || r.Uint64() != 0 ||
			r.Bytes() != nil || r.Fixed(1) != nil || r.Count(1) != 0 || r.FrontCoded("x") != "" || r.Err() == nil {
			t.Errorf("%s: a read after the damage gave a value", tc.name)
		}
	}
	r := NewReader([]byte{1})
	if r.Uvarint() != 1 || r.End() != nil || r.Fixed(0) == nil || r.Err() != nil {
		t.Error("a whole record read as damaged")
	}
	r = NewReader([]byte{1, 2})
	if r.Uvarint(); r.Err() != nil || r.End() != ErrDamaged {
		t.Error("a byte left over: End gave no error")
	}
}

// TestVarintAsBinary: Uvarint and Varint read what encoding/binary reads, and refuse
// what it refuses, at every length around the edges.
func TestVarintAsBinary(t *testing.T) {
	var cases [][]byte
	for n := range 12 {
		for _, last := range []byte{0, 1, 2, 0x7f} {
			cases = append(cases, append(bytes.Repeat([]byte{0xff}, n), last))
			cases = append(cases, append(bytes.Repeat([]byte{0x80}, n), last))
		}
		cases = append(cases, bytes.Repeat([]byte{0x80}, n))
	}
	for _, c := range cases {
		checkVarints(t, c)
	}
}

func checkVarints(t *testing.T, c []byte) {
	t.Helper()
	wantU, nu := binary.Uvarint(c)
	r := NewReader(c)
	if u := r.Uvarint(); u != wantU || (r.Err() == nil) != (nu > 0) || nu > 0 && r.Len() != len(c)-nu {
		t.Fatalf("Uvarint(%x) = %d, %v, %d left; binary: %d, %d", c, u, r.Err(), r.Len(), wantU, nu)
	}
	wantV, nv := binary.Varint(c)
	r = NewReader(c)
	if v := r.Varint(); v != wantV || (r.Err() == nil) != (nv > 0) || nv > 0 && r.Len() != len(c)-nv {
		t.Fatalf("Varint(%x) = %d, %v; binary: %d, %d", c, v, r.Err(), wantV, nv)
	}
}

// FuzzReader: any bytes read as any sequence of items give no panic, varints as
// encoding/binary reads them, nothing after a damaged read, and nothing outside the
// record. Run it for a bounded time:
//
//	go test ./generator/record -run - -fuzz FuzzReader -fuzztime 60s -parallel 1
func FuzzReader(f *testing.F) {
	f.Add(encode(sample), []byte("uuuuuuuvvvvvvvcc4488fbbbssnb\x09\x09\x09\x09u"))
	f.Add([]byte{0x80, 0x80, 1, 3, 'a', 'b'}, []byte("ubuf"))
	f.Add(append(bytes.Repeat([]byte{0xff}, 9), 1), []byte("v"))
	f.Fuzz(func(t *testing.T, data, ops []byte) {
		if len(ops) > 256 {
			ops = ops[:256]
		}
		r := NewReader(data)
		for _, op := range ops {
			rest, wasBad := data[len(data)-r.Len():], r.Err() != nil
			if !wasBad {
				checkVarints(t, rest)
			}
			var p []byte
			var zero bool
			switch op % 10 {
			case 0:
				zero = r.Uvarint() == 0
			case 1:
				zero = r.Varint() == 0
			case 2:
				zero = r.Byte() == 0
			case 3:
				zero = r.Uint32() == 0
			case 4:
				zero = r.Uint64() == 0
			case 5:
				p = r.Fixed(int(op) - 100)
				zero = p == nil
			case 6, 7:
				p = r.Bytes()
				zero = p == nil
			case 8:
				zero = r.Count(int(op%4)+1) == 0
			case 9:
				zero = r.FrontCoded("2023/results") == ""
			}
			if wasBad && (!zero || r.Len() != 0) {
				t.Fatalf("op %q after damage: a value", op)
			}
			if at := len(data) - r.Len() - len(p); len(p) > 0 && (cap(p) != len(p) || &p[0] != &data[at]) {
				t.Fatalf("op %q: %d bytes not the record's before what is left", op, len(p))
			}
		}
	})
}

// FuzzRoundTrip: values of every kind, written, read back as they were.
func FuzzRoundTrip(f *testing.F) {
	f.Add(uint64(300), int64(-5), []byte("ab"), uint8(3))
	f.Add(uint64(math.MaxUint64), int64(math.MinInt64), []byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, u uint64, i int64, p []byte, n uint8) {
		items := []item{{kind: 'u', u: u}, {kind: 'v', i: i}, {kind: 'b', p: p}, {kind: '8', u: u},
			{kind: 'f', p: p}, {kind: 's', p: p}, {kind: '4', u: uint64(uint32(u))}, {kind: 'c', u: uint64(n)}}
		for range n % 8 {
			items = append(items, item{kind: 'v', i: i ^ int64(n)})
		}
		got, r := readAll(encode(items), items)
		if r.End() != nil {
			t.Fatal(r.End())
		}
		for k := range items {
			if !got[k].equal(items[k]) && !(len(items[k].p) == 0 && len(got[k].p) == 0) {
				t.Fatalf("item %d: wrote %+v, read %+v", k, items[k], got[k])
			}
		}
	})
}

// BenchmarkReader reads a folder's record of 1,000 files as the build cache keeps it.
func BenchmarkReader(b *testing.B) {
	var w Writer
	for i := range 1000 {
		w.Uvarint(uint64(i % 20))
		w.String("2023/results/" + strings.Repeat("x", i%30) + ".html")
		w.String("page-0123456789abcdef")
		w.Varint(int64(i * 1000))
		w.Varint(1700000000000000000 + int64(i))
		w.Varint(int64(i) + 123456)
		w.Uvarint(0o100644)
	}
	data := w.Data()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r := NewReader(data)
		for range 1000 {
			r.Uvarint()
			r.Bytes()
			r.Bytes()
			r.Varint()
			r.Varint()
			r.Varint()
			r.Uvarint()
		}
		if r.End() != nil {
			b.Fatal(r.End())
		}
	}
}
