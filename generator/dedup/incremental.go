package dedup

import (
	"cmp"
	"maps"
	"slices"
)

// update returns the search of prints, which differ from old, the prints s was made of,
// (old is not changed: a stopped run leaves the memo as it was)
// only at the documents changed: it counts again the candidates of only the documents
// whose counts the change can reach, and returns how many those are. It returns false
// when the change reaches the whole search (the boilerplate, the size of group counted
// symmetrically, the budget of the poor documents): then the search starts from scratch.
//
// A document's count depends on its groups (their documents), on how it is judged
// (nsym, nextra, idx, poor) and on how the documents in its groups are judged (idx,
// poor). A changed document changes the groups of the fingerprints it gained or lost,
// and so the groups and judgement of their documents (A); a document in a group with
// one of A whose judgement changed (P) is counted again as well.
func (s *search) update(old, prints *printSet, changed []int, workers int) (*search, int, bool) {
	n := len(prints.fp)
	type change struct{ add, del []int32 }
	diffs := map[uint32]*change{}
	get := func(f uint32) *change {
		if diffs[f] == nil {
			diffs[f] = &change{}
		}
		return diffs[f]
	}
	total := s.total
	for _, c := range changed {
		total += prints.count(c) - old.count(c)
		for a, b := old.get(c), prints.get(c); len(a) > 0 || len(b) > 0; {
			switch {
			case len(b) == 0 || len(a) > 0 && a[0] < b[0]:
				get(a[0]).del = append(get(a[0]).del, int32(c))
				a = a[1:]
			case len(a) == 0 || b[0] < a[0]:
				get(b[0]).add = append(get(b[0]).add, int32(c))
				b = b[1:]
			default:
				a, b = a[1:], b[1:]
			}
		}
	}
	ix := s.ix
	hist := slices.Clone(s.hist)
	stopDF := ix.stopDF
	inA := make([]bool, n)
	var docsA []int
	mark := func(d int32) {
		if !inA[d] {
			inA[d] = true
			docsA = append(docsA, int(d))
		}
	}
	for _, c := range changed {
		mark(int32(c))
	}
	type group struct {
		fp      uint32
		members []int32 // new: none, one (a single) or a group
	}
	var affected []group
	for _, f := range slices.Sorted(maps.Keys(diffs)) {
		ch := diffs[f]
		if k, ok := slices.BinarySearch(ix.stop, f); ok {
			df := stopDF[k] - int32(len(ch.del)) + int32(len(ch.add))
			if int(df) <= s.boilerDF {
				return nil, 0, false
			}
			if &stopDF[0] == &ix.stopDF[0] {
				stopDF = slices.Clone(stopDF)
			}
			stopDF[k] = df
			continue
		}
		var members []int32
		if k, ok := slices.BinarySearch(ix.groupFP, f); ok {
			members = ix.posting[ix.groupStart[k]:ix.groupStart[k+1]]
		} else if k, ok := slices.BinarySearchFunc(ix.single, f, func(e uint64, f uint32) int { return cmp.Compare(uint32(e>>32), f) }); ok {
			members = []int32{int32(uint32(ix.single[k]))}
		}
		var nm []int32
		for _, d := range members {
			if !slices.Contains(ch.del, d) {
				nm = append(nm, d)
			}
		}
		nm = append(nm, ch.add...)
		slices.Sort(nm)
		if len(nm) > s.boilerDF {
			return nil, 0, false
		}
		if len(members) > 0 {
			hist[len(members)]--
		}
		if len(nm) > 0 {
			hist[len(nm)]++
		}
		for _, d := range members {
			mark(d)
		}
		for _, d := range nm {
			mark(d)
		}
		affected = append(affected, group{f, nm})
	}
	if stopLimit(hist, s.boilerDF, total) != s.symDF {
		return nil, 0, false
	}

	// The new index: the old groups and singles, with the affected ones replaced.
	nix := &index{groupStart: make([]int32, 1, len(ix.groupStart)+len(affected)), stop: ix.stop, stopDF: stopDF, nstop: ix.nstop}
	nix.posting = make([]int32, 0, len(ix.posting)+len(affected))
	addGroup := func(f uint32, members []int32) {
		nix.posting = append(nix.posting, members...)
		nix.groupStart = append(nix.groupStart, int32(len(nix.posting)))
		nix.groupDF = append(nix.groupDF, int32(len(members)))
		nix.groupFP = append(nix.groupFP, f)
	}
	j := 0
	for k, f := range ix.groupFP {
		for ; j < len(affected) && affected[j].fp <= f; j++ {
			if len(affected[j].members) >= 2 {
				addGroup(affected[j].fp, affected[j].members)
			}
		}
		if j > 0 && affected[j-1].fp == f {
			continue
		}
		addGroup(f, ix.posting[ix.groupStart[k]:ix.groupStart[k+1]])
	}
	for ; j < len(affected); j++ {
		if len(affected[j].members) >= 2 {
			addGroup(affected[j].fp, affected[j].members)
		}
	}
	nix.single = make([]uint64, 0, len(ix.single)+len(affected))
	j = 0
	for _, e := range ix.single {
		f := uint32(e >> 32)
		for ; j < len(affected) && affected[j].fp <= f; j++ {
			if len(affected[j].members) == 1 {
				nix.single = append(nix.single, uint64(affected[j].fp)<<32|uint64(uint32(affected[j].members[0])))
			}
		}
		if j > 0 && affected[j-1].fp == f {
			continue
		}
		nix.single = append(nix.single, e)
	}
	for ; j < len(affected); j++ {
		if len(affected[j].members) == 1 {
			nix.single = append(nix.single, uint64(affected[j].fp)<<32|uint64(uint32(affected[j].members[0])))
		}
	}
	nix.nstop = slices.Clone(ix.nstop)
	for _, c := range changed {
		nix.nstop[c] = 0
		for _, f := range prints.get(c) {
			if _, ok := slices.BinarySearch(nix.stop, f); ok {
				nix.nstop[c]++
			}
		}
	}

	// Judge A again; count again A and the documents that count through a group one
	// of A judged otherwise: a poor document counts every other, another only those
	// after it (and not poor, which is a judgement too).
	pl := &plan{nsym: slices.Clone(s.pl.nsym), nextra: slices.Clone(s.pl.nextra), idx: slices.Clone(s.pl.idx), poor: slices.Clone(s.pl.poor)}
	gsOf := nix.groupsOf(inA, docsA)
	for _, d := range docsA {
		pl.judge(nix, d, gsOf[d], prints.count(d), s.symDF)
	}
	npoor := 0
	for _, p := range pl.poor {
		if p {
			npoor++
		}
	}
	if pl.extraCost = extraCost(total, npoor); pl.extraCost != s.extraCost {
		return nil, 0, false
	}
	recount := slices.Clone(docsA)
	inR := slices.Clone(inA)
	var others []int
	for _, e := range docsA {
		pl.extra(nix, e, gsOf[e])
		if pl.idx[e] == s.pl.idx[e] && pl.poor[e] == s.pl.poor[e] {
			continue
		}
		for _, g := range gsOf[e] {
			for _, d := range nix.posting[nix.groupStart[g]:nix.groupStart[g+1]] {
				if !inR[d] && (pl.poor[d] || int(d) < e) {
					inR[d] = true
					recount = append(recount, int(d))
					others = append(others, int(d))
				}
			}
		}
	}
	isOther := make([]bool, n)
	for _, d := range others {
		isOther[d] = true
	}
	for d, gs := range nix.groupsOf(isOther, others) {
		sortGroups(nix, gs)
		gsOf[d] = gs
	}
	lists := slices.Clone(s.lists)
	parallelWith(len(recount), min(workers, 1+len(recount)/64), func() func(int) {
		ct := newCounter(n)
		return func(i int) {
			d := recount[i]
			lists[d] = ct.count(nil, nix, pl, d, gsOf[d][:pl.nsym[d]+pl.nextra[d]])
		}
	})
	ns := &search{boilerDF: s.boilerDF, symDF: s.symDF, total: total, hist: hist, extraCost: s.extraCost, ix: nix, pl: pl, lists: lists}
	ns.cands = assemble(lists)
	return ns, len(recount), true
}

// groupsOf returns the groups of each of docs (want[d] for each), in the order of their
// fingerprints: one pass over the postings, cheaper than looking up every fingerprint of
// a thousand documents.
func (ix *index) groupsOf(want []bool, docs []int) map[int][]int32 {
	out := make(map[int][]int32, len(docs))
	if len(docs) == 0 {
		return out
	}
	for g := range len(ix.groupFP) {
		for _, d := range ix.posting[ix.groupStart[g]:ix.groupStart[g+1]] {
			if want[d] {
				out[int(d)] = append(out[int(d)], int32(g))
			}
		}
	}
	return out
}
