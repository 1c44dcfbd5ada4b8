package dedup

import "testing"

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{belt, "ＡＢ①Ⅻ\u200b溫室e\u0301\uf900", "\xff\xfe", "", "ﷺ"} {
		f.Add(s)
	}
	nz := sharedNormalizer()
	f.Fuzz(func(t *testing.T, s string) {
		var a, b text
		nz.normalize(s, &a, true)
		nz.normalize(s, &b, false)
		if string(a.key) != string(b.key) || a.n != b.n {
			t.Fatalf("key differs with and without offsets")
		}
		if d := normalizeDiff(nz, s, true); d != "" {
			t.Fatalf("differs from normalizeRef: %s", d)
		}
		if len(a.start) != a.n || len(a.end) != a.n || len(a.pos) != len(a.key) {
			t.Fatalf("lengths: n %d start %d end %d key %d pos %d", a.n, len(a.start), len(a.end), len(a.key), len(a.pos))
		}
		for j := range a.n {
			if a.start[j] < 0 || a.start[j] >= a.end[j] || int(a.end[j]) > len(s) {
				t.Fatalf("char %d from bytes [%d,%d) of %d", j, a.start[j], a.end[j], len(s))
			}
			if j > 0 && a.start[j] < a.start[j-1] {
				t.Fatalf("offsets go back at %d", j)
			}
		}
		for i, p := range a.pos {
			if p < 0 || int(p) >= a.n || (i > 0 && p <= a.pos[i-1]) {
				t.Fatalf("bad pos %d at %d", p, i)
			}
		}
	})
}

func FuzzFind(f *testing.F) {
	f.Add(belt, greenhouse, 3, 10)
	f.Add(heating, "", 0, 0)
	f.Fuzz(func(t *testing.T, a, b string, cut, length int) {
		// The third text copies a piece of a into b.
		cut = min(max(cut, 0), len(a))
		length = min(max(length, 0), len(a)-cut)
		c := b + a[cut:cut+length] + b
		docs := []Doc{{ID: "a", Text: a}, {ID: "b", Text: b}, {ID: "c", Text: c}}
		pairs, err := Find(docs, Options{Workers: 2, MinRatio: 0.01})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pairs {
			if p.A < 0 || p.A >= p.B || p.B >= len(docs) {
				t.Fatalf("bad pair %d-%d", p.A, p.B)
			}
			if p.CoverA < 0 || p.CoverA > 1 || p.CoverB < 0 || p.CoverB > 1 {
				t.Fatalf("bad covers %v %v", p.CoverA, p.CoverB)
			}
			ta, tb := docs[p.A].Text, docs[p.B].Text
			for _, ps := range p.Passages {
				if ps.AStart < 0 || ps.AStart >= ps.AEnd || ps.AEnd > len(ta) || ps.BStart < 0 || ps.BStart >= ps.BEnd || ps.BEnd > len(tb) {
					t.Fatalf("passage %+v out of range (%d, %d)", ps, len(ta), len(tb))
				}
			}
		}
	})
}
