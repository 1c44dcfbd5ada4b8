package dedup

import (
	"cmp"
	"math"
	"slices"
)

// cand is a candidate pair of documents, a < b, sharing fingerprints;
// score estimates the share of the smaller one that is copied.
type cand struct {
	a, b  int32
	score float32
}

const (
	minShared    = 3       // least shared fingerprints of a candidate pair
	minStopDF    = 16      // fingerprints in fewer documents are never boilerplate
	poorLimit    = 16      // a document with fewer rare fingerprints than this is poor
	partBits     = 8       // fingerprints are sorted in 1<<partBits partitions
	passEntries  = 1 << 22 // entries sorted at a time, at least ...
	maxPasses    = 8       // ... or so many passes over the fingerprints
	costPerEntry = 16      // budget of the symmetric pair counting per fingerprint entry
	candsPerDoc  = 4       // budget of candidate pairs per document (plus a constant)
	maxDocCands  = 64      // candidates one document's count may propose, besides sure ones
	sureScore    = 0.5     // candidates sharing this share of fingerprints are never dropped for the budget
)

// index is the inverted index of the fingerprints that are in more than one
// document but are not boilerplate.
type index struct {
	groupStart []int32 // group g's documents are posting[groupStart[g]:groupStart[g+1]]
	posting    []int32
	groupDF    []int32
	docStart   []int32 // doc d's groups are docGroups[docStart[d]:docStart[d+1]]
	docGroups  []int32
	stop       []uint32 // boilerplate fingerprints, sorted
	nstop      []int32  // per doc: boilerplate fingerprints
}

// candidates returns the pairs of documents that share enough fingerprints,
// sorted by a then b, and the sorted list of boilerplate fingerprints.
//
// The fingerprints are gathered as (hash, doc) entries into partitions by
// the hash's top bits and each partition is sorted, which groups equal
// hashes. Fingerprints in more than boilerDF documents (by default 2% of
// them) are boilerplate and ignored. Pairs are counted in a dense scratch
// array per document: symmetrically through the fingerprints in at most
// symDF documents, where symDF ≤ boilerDF is chosen so that the counting
// stays linear in the corpus; a poor document, one with few fingerprints
// that rare, also counts through its rarest fingerprints above symDF, which
// costs only as many documents as those fingerprints have.
func candidates(prints []fpset, opt Options) ([]cand, []uint32) {
	boilerDF := opt.MaxDF
	if boilerDF == 0 {
		boilerDF = max(minStopDF, len(prints)/50)
	}
	ix, hist, total := buildIndex(prints, boilerDF, opt.Workers)
	symDF := stopLimit(hist, boilerDF, total)

	// What each doc counts through: its groups up to symDF, and if poor its
	// rarest groups above.
	n := len(prints)
	idx := make([]int32, n) // fingerprints each doc is judged by
	nsym := make([]int32, n)
	poor := make([]bool, n)
	parallel(n, opt.Workers, func(d int) {
		gs := ix.docGroups[ix.docStart[d]:ix.docStart[d+1]]
		slices.SortFunc(gs, func(x, y int32) int { return cmp.Compare(ix.groupDF[x], ix.groupDF[y]) })
		k, _ := slices.BinarySearchFunc(gs, int32(symDF)+1, func(g, df int32) int { return cmp.Compare(ix.groupDF[g], df) })
		nsym[d] = int32(k)
		// Rare: in at most symDF docs, singletons included.
		rare := len(prints[d]) - (len(gs) - k) - int(ix.nstop[d])
		idx[d] = int32(rare)
		if rare < poorLimit {
			poor[d] = true
			idx[d] += int32(min(len(gs)-k, poorLimit))
		}
	})

	// A poor document counts through its rarest fingerprints above symDF
	// while their documents add up to at most extraCost.
	npoor := 0
	for _, p := range poor {
		if p {
			npoor++
		}
	}
	extraCost := int32(min(4096, max(256, costPerEntry*total/max(npoor, 1))))

	frac := opt.MinRatio / 2
	results := make([][]cand, n)
	parallelWith((n+255)/256, opt.Workers, func() func(int) {
		shared := make([]int32, n)
		var touched []int32
		count := func(d int, g int32, all bool) {
			for _, e := range ix.posting[ix.groupStart[g]:ix.groupStart[g+1]] {
				if int(e) == d || !all && (int(e) < d || poor[e]) {
					continue
				}
				if shared[e] == 0 {
					touched = append(touched, e)
				}
				shared[e]++
			}
		}
		return func(chunk int) {
			var out []cand
			for d := chunk * 256; d < min(chunk*256+256, n); d++ {
				gs := ix.docGroups[ix.docStart[d]:ix.docStart[d+1]]
				sym := gs[:nsym[d]]
				for _, g := range sym {
					count(d, g, poor[d])
				}
				if poor[d] {
					cost := int32(0)
					for _, g := range gs[nsym[d]:min(len(gs), int(nsym[d])+poorLimit)] {
						if cost += ix.groupDF[g]; cost > extraCost {
							break
						}
						count(d, g, true)
					}
				}
				// Keep every sure candidate and the best few others.
				mine := len(out)
				for _, e := range touched {
					base := max(min(idx[d], idx[e]), 1)
					if shared[e] >= max(minShared, int32(math.Ceil(frac*float64(base)))) {
						out = append(out, cand{int32(min(d, int(e))), int32(max(d, int(e))), float32(shared[e]) / float32(base)})
					}
					shared[e] = 0
				}
				touched = touched[:0]
				if len(out)-mine > maxDocCands {
					c := out[mine:]
					slices.SortFunc(c, func(x, y cand) int { return cmp.Compare(y.score, x.score) })
					k := maxDocCands
					for k < len(c) && c[k].score >= sureScore {
						k++
					}
					out = out[:mine+k]
				}
			}
			results[chunk] = out
		}
	})
	var all []cand
	for _, r := range results {
		all = append(all, r...)
	}
	byPair := func(x, y cand) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) }
	slices.SortFunc(all, byPair)
	all = slices.CompactFunc(all, func(x, y cand) bool { return x.a == y.a && x.b == y.b })
	// In a corpus written from a few templates nearly every pair shares
	// something: verify only the most promising pairs.
	if limit := candsPerDoc*n + 1<<14; len(all) > limit {
		all = best(all, limit)
	}
	return all, ix.stop
}

// best keeps, in order, about the limit candidates of highest score: those
// above the score where a histogram of the scores crosses the limit.
func best(cands []cand, limit int) []cand {
	const buckets = 1024
	bucket := func(s float32) int { return min(int(s*buckets/2), buckets-1) } // scores run to 1, a little above with poor documents
	var hist [buckets]int
	for _, c := range cands {
		hist[bucket(c.score)]++
	}
	cut, kept := buckets, 0
	for cut > 0 && kept+hist[cut-1] <= limit {
		cut--
		kept += hist[cut]
	}
	out := cands[:0]
	for _, c := range cands {
		if bucket(c.score) >= cut {
			out = append(out, c)
		}
	}
	return out
}

// buildIndex sorts the fingerprints into groups and indexes those of 2 to
// boilerDF documents. It returns as well how many groups have each size up
// to boilerDF (hist[n]), and the number of fingerprint entries.
//
// The (hash, doc) entries are sorted partition by partition, a few
// partitions at a time, so that only a slice of them is ever in memory.
func buildIndex(prints []fpset, boilerDF, workers int) (*index, []int, int) {
	nparts := 1 << partBits
	shift := 32 - partBits
	counts := make([]int, nparts+1)
	for _, fp := range prints {
		for _, h := range fp {
			counts[h>>shift+1]++
		}
	}
	for i := 1; i <= nparts; i++ {
		counts[i] += counts[i-1]
	}
	total := counts[nparts]
	ix := &index{groupStart: []int32{0}, docStart: make([]int32, len(prints)+1), nstop: make([]int32, len(prints))}
	hist := make([]int, boilerDF+2)
	var buf []uint64
	for p0 := 0; p0 < nparts; {
		p1 := p0 + 1 // this pass sorts partitions [p0, p1)
		for p1 < nparts && counts[p1+1]-counts[p0] <= max(passEntries, total/maxPasses) {
			p1++
		}
		base := counts[p0]
		buf = slices.Grow(buf[:0], counts[p1]-base)[:counts[p1]-base]
		fill := slices.Clone(counts[p0:p1])
		for d, fp := range prints {
			lo, _ := slices.BinarySearch(fp, uint32(p0)<<shift)
			for _, h := range fp[lo:] {
				p := int(h >> shift)
				if p >= p1 {
					break
				}
				buf[fill[p-p0]-base] = uint64(h)<<32 | uint64(d)
				fill[p-p0]++
			}
		}
		parallelWith(p1-p0, workers, func() func(int) {
			var tmp []uint64
			return func(k int) { tmp = radixSort(buf[counts[p0+k]-base:counts[p0+k+1]-base], tmp) }
		})
		forGroups(buf, func(g []uint64) {
			hist[min(len(g), boilerDF+1)]++
			switch {
			case len(g) > boilerDF:
				ix.stop = append(ix.stop, uint32(g[0]>>32)) // in order: passes and partitions go by the top bits
				for _, e := range g {
					ix.nstop[uint32(e)]++
				}
			case len(g) >= 2:
				for _, e := range g {
					d := int32(uint32(e))
					ix.posting = append(ix.posting, d)
					ix.docStart[d+1]++
				}
				ix.groupStart = append(ix.groupStart, int32(len(ix.posting)))
				ix.groupDF = append(ix.groupDF, int32(len(g)))
			}
		})
		p0 = p1
	}
	for i := 1; i <= len(prints); i++ {
		ix.docStart[i] += ix.docStart[i-1]
	}
	ix.docGroups = make([]int32, len(ix.posting))
	at := slices.Clone(ix.docStart[:len(prints)])
	for g := range len(ix.groupDF) {
		for _, d := range ix.posting[ix.groupStart[g]:ix.groupStart[g+1]] {
			ix.docGroups[at[d]] = int32(g)
			at[d]++
		}
	}
	return ix, hist, total
}

// radixSort sorts entries of one partition by their hash, keeping the
// order of entries with equal hashes (they are already in doc order): two
// stable passes over the 24 low bits of the hash. tmp is scratch space,
// returned for reuse.
func radixSort(part, tmp []uint64) []uint64 {
	tmp = slices.Grow(tmp[:0], len(part))[:len(part)]
	src, dst := part, tmp
	for _, shift := range []uint{32, 44} {
		var count [1<<12 + 1]int
		for _, e := range src {
			count[(e>>shift)&(1<<12-1)+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, e := range src {
			k := (e >> shift) & (1<<12 - 1)
			dst[count[k]] = e
			count[k]++
		}
		src, dst = dst, src
	}
	return tmp // after two passes the result is back in part
}

// forGroups calls f with each run of entries that share a hash.
func forGroups(part []uint64, f func(g []uint64)) {
	for i := 0; i < len(part); {
		j := i + 1
		for j < len(part) && part[j]>>32 == part[i]>>32 {
			j++
		}
		f(part[i:j])
		i = j
	}
}

// stopLimit returns the largest group size up to maxDF whose groups, with
// all smaller ones, keep the symmetric pair counting within budget: a group
// of n documents costs n(n-1) counter increments.
func stopLimit(hist []int, maxDF, total int) int {
	budget := costPerEntry*total + 1<<20
	cost := 0
	for n := 2; n <= maxDF; n++ {
		cost += hist[n] * n * (n - 1)
		if cost > budget {
			return max(n-1, 2)
		}
	}
	return maxDF
}
