package search

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"wuxiao/generator/record"
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

// TestPostingsKeptAsFolded: the index's two passes give the same lists whether the
// second folds every text again or reads the units the first kept (keyer.kept), on
// random docs with several parts to a field (extras, short forms, empty parts) and
// with a text's last units and the next's first making frequent trigrams.
func TestPostingsKeptAsFolded(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 7))
	docs := randomDocs(r, 400)
	for i := range docs {
		d := &docs[i]
		for range r.IntN(3) {
			rs := []rune(d.Body)
			d.Extra = append(d.Extra, string(rs[r.IntN(len(rs)):]))
		}
		if r.IntN(2) == 0 {
			d.UnitShort = []string{string([]rune(d.Unit)[:1]), "王李"}
		}
		if r.IntN(5) == 0 {
			d.Summary = ""
		}
	}
	lists := func(byKey map[uint64]*postings) map[uint64][3]string {
		out := map[uint64][3]string{}
		for k, p := range byKey {
			out[k] = [3]string{string(p[0].encode(nil)), string(p[1].encode(nil)), string(p[2].encode(nil))}
		}
		return out
	}
	uni := postingsOf(docs, newKeyer(nil, unigrams|bigrams))
	freq := frequentBigrams(uni, len(docs))
	tri := postingsOf(docs, newKeyer(freq, trigrams))
	if len(freq) == 0 || len(tri) == 0 {
		t.Fatal("no frequent bigrams: the test wants trigrams")
	}
	kept := make([]keptText, len(docs))
	keptUni := postingsOf(docs, newKeyer(nil, unigrams|bigrams).keeping(kept))
	keptTri := postingsOf(docs, newKeyer(freq, trigrams).keeping(kept))
	for _, c := range []struct {
		name      string
		got, want map[uint64]*postings
	}{{"characters and bigrams", keptUni, uni}, {"trigrams", keptTri, tri}} {
		if got, want := lists(c.got), lists(c.want); !maps.Equal(got, want) {
			t.Errorf("%s: %d keys with the texts kept, %d folded again", c.name, len(got), len(want))
			for k, l := range want {
				if got[k] != l {
					t.Errorf("key %x: lists differ", k)
					break
				}
			}
			for k := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("key %x found only with the texts kept", k)
					break
				}
			}
		}
	}
	for i, k := range kept {
		if k.units != nil {
			t.Fatalf("doc %d's units kept after the second pass", i)
		}
	}
}

// writeShardRef is writeShard as it was: the same layout, appended to a writer from empty.
func writeShardRef(es []entry) []byte {
	var w record.Writer
	appendShard(&w, es)
	return w.Data()
}

// TestWriteShardSized: writeShard writes what appending from empty wrote, into one
// allocation of the shard's length (shardSize), for shards of 0 to 300 entries with keys
// of one to seven bytes' gaps and lists of 0 to 300 bytes.
func TestWriteShardSized(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for range 300 {
		es := make([]entry, r.IntN(300))
		key := uint64(0)
		for i := range es {
			key += 1 + r.Uint64N(1<<(7*(1+r.IntN(7))))
			es[i].key = key
			for j := range es[i].list {
				es[i].list[j] = make([]byte, r.IntN(300))
			}
		}
		got, want := writeShard(es), writeShardRef(es)
		if !bytes.Equal(got, want) {
			t.Fatalf("%d entries: the shard differs from the appended one", len(es))
		}
		if len(got) != cap(got) {
			t.Fatalf("%d entries: %d bytes in %d allocated", len(es), len(got), cap(got))
		}
		if n := testing.AllocsPerRun(3, func() { writeShard(es) }); n != 1 {
			t.Fatalf("%d entries: %v allocations", len(es), n)
		}
	}
}

// TestPostingsListEveryDoc: postingsOf's lists hold each doc that has the key, once, in
// order (all fields, and each field's own), as a set of each doc's keys says, with the
// first doc (0) among them: a list's last doc starts as none, not doc 0.
func TestPostingsListEveryDoc(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 8))
	docs := randomDocs(r, 300)
	uni := postingsOf(docs, newKeyer(nil, unigrams|bigrams))
	freq := frequentBigrams(uni, len(docs))
	for _, kr := range []*keyer{newKeyer(nil, unigrams|bigrams), newKeyer(freq, trigrams)} {
		want := map[uint64]*[3][]int{}
		for i := range docs {
			for _, kf := range kr.docKeys(&docs[i], i, nil) {
				k, j := kf&keyBits, int(kf>>fieldShift)
				l := want[k]
				if l == nil {
					l = new([3][]int)
					want[k] = l
				}
				for _, f := range []int{0, j + 1} {
					if f < 3 && !slices.Contains(l[f], i) {
						l[f] = append(l[f], i)
					}
				}
			}
		}
		got := postingsOf(docs, kr)
		if len(got) != len(want) || len(want) == 0 {
			t.Fatalf("%d keys, want %d", len(got), len(want))
		}
		for k, l := range want {
			p := got[k]
			if p == nil {
				t.Fatalf("key %x not listed", k)
			}
			for f := range 3 {
				docs, err := decodeList(p[f].encode(nil), len(docs))
				if err != nil || !slices.Equal(docs, l[f]) {
					t.Fatalf("key %x, list %d: %v (%v), want %v", k, f, docs, err, l[f])
				}
			}
		}
	}
}
