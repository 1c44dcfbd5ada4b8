package dedup

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// countRef is counter.count as it was: every document met is listed, and looked at
// again after the count.
func countRef(ix *index, pl *plan, d int, gs []int32) []cand {
	shared := make(map[int32]int32)
	var touched []int32
	all := pl.poor[d]
	for _, g := range gs {
		post := ix.posting[ix.groupStart[g]:ix.groupStart[g+1]]
		if !all {
			k, found := slices.BinarySearch(post, int32(d))
			if found {
				k++
			}
			post = post[k:]
		}
		for _, e := range post {
			if int(e) == d || !all && pl.poor[e] {
				continue
			}
			if shared[e] == 0 {
				touched = append(touched, e)
			}
			shared[e]++
		}
	}
	var out []cand
	for _, e := range touched {
		base := max(min(pl.idx[d], pl.idx[e]), 1)
		if shared[e] >= leastShared(base) {
			out = append(out, cand{int32(min(d, int(e))), int32(max(d, int(e))), float32(shared[e]) / float32(base)})
		}
	}
	out = bestOfDoc(out)
	slices.SortFunc(out, byPair)
	return out
}

// TestCountAsRef: counter.count proposes what countRef did, for every document of
// corpora of fingerprints drawn from small pools (so that documents share many, with
// equal scores past maxDocCands), poor documents among them; one counter counts them
// all; in one corpus it counts them again until its stamps go round, in another its stamps
// go round at once to one every document holds.
func TestCountAsRef(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 1))
	crowded := 0
	for round := range 30 {
		n, pool := 150+r.IntN(300), 30+r.IntN(200)
		prints := make([]fpset, n)
		for d := range prints {
			m := map[uint32]bool{}
			for range r.IntN(60) {
				m[uint32(r.IntN(pool))*0x9E3779B1] = true
			}
			for h := range m {
				prints[d] = append(prints[d], h)
			}
			slices.Sort(prints[d])
		}
		ix, hist, total := buildIndex(prints, n/3, 1)
		pl := planCounts(ix, prints, stopLimit(hist, n/3, total), total, 1)
		ct := newCounter(n)
		if round == 1 { // the next count's stamp goes round to the first ever made, which every document holds
			ct.stamp = 1<<32 - 1<<countBits
			for e := range ct.shared {
				ct.shared[e] = 1<<countBits | 7
			}
		}
		passes := 1
		if round == 0 {
			passes = 4200/n + 1 // more counts than stamps
		}
		for i := range passes * n {
			d := i % n
			gs := ix.docGroups[ix.docStart[d] : ix.docStart[d]+pl.nsym[d]+pl.nextra[d]]
			want := countRef(ix, pl, d, gs)
			got := ct.count(nil, ix, pl, d, gs)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, document %d: %d candidates, countRef %d", round, d, len(got), len(want))
			}
			if len(want) >= maxDocCands {
				crowded++
			}
		}
	}
	if crowded < 100 {
		t.Fatalf("%d documents had %d candidates: too few to test bestOfDoc's cut", crowded, maxDocCands)
	}
}
