package dedup

import (
	"slices"
	"testing"
)

// TestRareOnlyWhereSpansAre is the differential test of compare's rare marks, which
// winnow tb only around the spans' matches: for every candidate pair of the evaluation
// corpus (with its stop list) and of every pair of a small corpus with no stop list,
// each match of a span is rare exactly when the winnowing of the whole of tb puts a
// fingerprint that is not stop-listed inside it, as compare did before.
func TestRareOnlyWhereSpansAre(t *testing.T) {
	nz := newNormalizer()
	check := func(docs []Doc, pairs [][2]int, stop []uint32) int {
		c := &comparer{stop: stop}
		spans := 0
		for _, pr := range pairs {
			nz.normalize(docs[pr[0]].Text, &c.ta, true)
			c.al.index(c.ta.key)
			nz.normalize(docs[pr[1]].Text, &c.tb, true)
			c.compare()
			hashes := gramHashes(nil, c.tb.key)
			pos := winnow(nil, hashes)
			for _, s := range c.sp {
				spans++
				for i := s.m0; i < s.m1; i++ {
					m := c.ms[i]
					want := false
					for _, q := range pos {
						if int(q) >= m.b && int(q)+gramLen <= m.b+m.n {
							if _, found := slices.BinarySearch(stop, hashes[q]); !found {
								want = true
							}
						}
					}
					if c.rare[i] != want {
						t.Fatalf("docs %d, %d: match %d (%+v) rare %v, the whole winnowing says %v", pr[0], pr[1], i, m, c.rare[i], want)
					}
				}
			}
		}
		return spans
	}

	eval := buildEval(4, 6, 3)
	opt, _ := Options{}.withDefaults()
	prints, _ := fingerprintAll(eval.docs, nz, nil, opt)
	cands, stop := candidates(prints, opt)
	var pairs [][2]int
	for _, cd := range cands {
		pairs = append(pairs, [2]int{int(cd.a), int(cd.b)})
	}
	n := check(eval.docs, pairs, stop)

	small := buildEval(9, 2, 2).docs[:24]
	pairs = pairs[:0]
	for a := range small {
		for b := range small {
			if a != b {
				pairs = append(pairs, [2]int{a, b})
			}
		}
	}
	n += check(small, pairs, nil)
	if n < 100 {
		t.Errorf("only %d spans compared", n)
	}
}
