package search

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestListRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		docs []int
		form byte
	}{
		{[]int{0}, listSparse},
		{[]int{5, 300, 70000}, listSparse},
		{[]int{8, 9, 10, 11, 12, 13, 14, 15, 16}, listDense},
		{[]int{1000, 1001, 1003, 1005, 1007, 1009, 1010}, listDense},
	} {
		b := encodeList(nil, tc.docs)
		if b[0] != tc.form {
			t.Errorf("%v written in form %d, want %d", tc.docs, b[0], tc.form)
		}
		got, err := decodeList(b, 1<<20)
		if err != nil || !slices.Equal(got, tc.docs) {
			t.Errorf("%v came back as %v, %v", tc.docs, got, err)
		}
	}
	if b := encodeList(nil, nil); len(b) != 0 {
		t.Errorf("empty list written as %x", b)
	}
}

// FuzzDecodeList: any bytes decode without panic, into ascending docs below the limit,
// and every ascending list survives a round trip.
func FuzzDecodeList(f *testing.F) {
	f.Add([]byte{0, 5, 1, 1}, 100)
	f.Add([]byte{1, 0, 0xff, 0x01}, 100)
	f.Add(encodeList(nil, []int{3, 4, 5, 6, 7, 9, 10}), 16)
	f.Fuzz(func(t *testing.T, b []byte, limit int) {
		if limit < 0 || limit > 1<<20 {
			return
		}
		docs, err := decodeList(b, limit)
		if err != nil {
			return
		}
		for i, d := range docs {
			if d < 0 || d >= limit || (i > 0 && d <= docs[i-1]) {
				t.Fatalf("decodeList(%x) = %v", b, docs)
			}
		}
		again, err := decodeList(encodeList(nil, docs), limit)
		if err != nil || !slices.Equal(again, docs) {
			t.Fatalf("round trip of %v gave %v, %v", docs, again, err)
		}
	})
}

// FuzzDecodeShard: the engine's reading of a key shard never panics.
func FuzzDecodeShard(f *testing.F) {
	ix, err := Build(sampleDocs(), Options{ShardBytes: 256})
	if err != nil {
		f.Fatal(err)
	}
	for name, data := range ix.Files {
		if len(name) > 9 && name[:9] == Dir+"k/" {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sh, err := decodeShard(b)
		if err != nil {
			return
		}
		for _, lists := range sh {
			for _, l := range lists {
				_, _ = decodeList(l, 1<<16)
			}
		}
	})
}

// TestPlistAsEncodeList: a list built doc by doc, and joined from two halves, is
// written byte for byte as encodeList writes the same docs, in either form, with gaps
// of one byte only or some of two.
func TestPlistAsEncodeList(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		var docs []int
		d := r.IntN(5000)
		for range r.IntN(n + 1) {
			docs = append(docs, d)
			d += 1 + r.IntN(1+r.IntN(40))
			if r.IntN(50) == 0 { // a gap of two bytes, in a list that may still be dense
				d += 127 + r.IntN(300)
			}
		}
		checkPlist(t, docs, r.IntN(len(docs)+1))
	}
	// Dense lists with one gap of one byte or more, the gap added doc by doc or where
	// two halves are joined.
	for _, jump := range []int{127, 128, 129, 200, 16384} {
		var docs []int
		for d := range 1000 {
			docs = append(docs, 3+d)
		}
		for d := range 1000 {
			docs = append(docs, 1002+jump+d)
		}
		for _, cut := range []int{0, 1, 500, 999, 1000, 1001, 2000} {
			checkPlist(t, docs, cut)
		}
	}
}

// checkPlist fails t unless a list built of docs one by one, and one joined from two
// halves cut at cut, write what encodeList writes of docs.
func checkPlist(t *testing.T, docs []int, cut int) {
	t.Helper()
	var whole, left, right plist
	for i, d := range docs {
		whole.add(d)
		if i < cut {
			left.add(d)
		} else {
			right.add(d)
		}
	}
	left.join(&right)
	want := encodeList(nil, docs)
	if got := whole.encode(nil); !bytes.Equal(got, want) {
		t.Fatalf("%v: plist wrote %x, encodeList %x", docs, got, want)
	}
	if got := left.encode(nil); !bytes.Equal(got, want) {
		t.Fatalf("%v joined at %d: %x, want %x", docs, cut, got, want)
	}
}
