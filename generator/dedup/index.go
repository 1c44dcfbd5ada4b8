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
	pl := planCounts(ix, prints, symDF, total, opt.Workers)
	all := countPairs(ix, pl, opt)
	byPair := func(x, y cand) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) }
	slices.SortFunc(all, byPair)
	all = slices.CompactFunc(all, func(x, y cand) bool { return x.a == y.a && x.b == y.b })
	// In a corpus written from a few templates nearly every pair shares
	// something: verify only the most promising pairs.
	if limit := candsPerDoc*len(prints) + 1<<14; len(all) > limit {
		all = best(all, limit)
	}
	return all, ix.stop
}

// plan says what each document counts its shared fingerprints through.
type plan struct {
	nsym   []int32 // its first nsym groups (sorted by size) have at most symDF documents
	nextra []int32 // a poor document counts through so many more
	idx    []int32 // fingerprints it is judged by: rare ones (singletons included) and extras
	poor   []bool
}

// planCounts sorts each document's groups by size and decides which it counts
// through: all of at most symDF documents, and for a poor document (fewer
// than poorLimit rare fingerprints) up to poorLimit of the next rarest, as
// long as their documents add up to a budget that keeps the total linear.
func planCounts(ix *index, prints []fpset, symDF, total, workers int) *plan {
	n := len(prints)
	pl := &plan{nsym: make([]int32, n), nextra: make([]int32, n), idx: make([]int32, n), poor: make([]bool, n)}
	parallel(n, workers, func(d int) {
		gs := ix.docGroups[ix.docStart[d]:ix.docStart[d+1]]
		slices.SortFunc(gs, func(x, y int32) int { return cmp.Compare(ix.groupDF[x], ix.groupDF[y]) })
		k, _ := slices.BinarySearchFunc(gs, int32(symDF)+1, func(g, df int32) int { return cmp.Compare(ix.groupDF[g], df) })
		pl.nsym[d] = int32(k)
		pl.idx[d] = int32(len(prints[d]) - (len(gs) - k) - int(ix.nstop[d]))
		pl.poor[d] = pl.idx[d] < poorLimit
	})
	npoor := 0
	for _, p := range pl.poor {
		if p {
			npoor++
		}
	}
	extraCost := int32(min(4096, max(256, costPerEntry*total/max(npoor, 1))))
	parallel(n, workers, func(d int) {
		if !pl.poor[d] {
			return
		}
		gs := ix.docGroups[ix.docStart[d]+pl.nsym[d] : ix.docStart[d+1]]
		cost := int32(0)
		for _, g := range gs[:min(len(gs), poorLimit)] {
			if cost += ix.groupDF[g]; cost > extraCost {
				break
			}
			pl.nextra[d]++
		}
		pl.idx[d] += pl.nextra[d]
	})
	return pl
}

// candShare is the least share of the smaller document's fingerprints a pair must
// share to be aligned. It is fixed, not drawn from opt.MinRatio, so that a pair's
// ratio does not depend on the threshold it is asked at: check and dupes --min 0.01
// align the same pairs.
const candShare = 0.05

// countPairs counts, for each document in a dense scratch array, the
// fingerprints it shares with the others, and proposes the pairs that share
// at least minShared and candShare of the fingerprints the smaller one is
// judged by. Each pair is counted once: by its poor document
// if it has one, else by its first one.
func countPairs(ix *index, pl *plan, opt Options) []cand {
	n := len(pl.idx)
	frac := candShare
	const chunk = 256
	results := make([][]cand, (n+chunk-1)/chunk)
	parallelWith(len(results), opt.Workers, func() func(int) {
		shared := make([]int32, n)
		var touched []int32
		count := func(d int, g int32, all bool) {
			for _, e := range ix.posting[ix.groupStart[g]:ix.groupStart[g+1]] {
				if int(e) == d || !all && (int(e) < d || pl.poor[e]) {
					continue
				}
				if shared[e] == 0 {
					touched = append(touched, e)
				}
				shared[e]++
			}
		}
		return func(c int) {
			var out []cand
			for d := c * chunk; d < min(c*chunk+chunk, n); d++ {
				gs := ix.docGroups[ix.docStart[d] : ix.docStart[d]+pl.nsym[d]+pl.nextra[d]]
				for _, g := range gs {
					count(d, g, pl.poor[d])
				}
				mine := len(out)
				for _, e := range touched {
					base := max(min(pl.idx[d], pl.idx[e]), 1)
					if shared[e] >= max(minShared, int32(math.Ceil(frac*float64(base)))) {
						out = append(out, cand{int32(min(d, int(e))), int32(max(d, int(e))), float32(shared[e]) / float32(base)})
					}
					shared[e] = 0
				}
				touched = touched[:0]
				out = append(out[:mine], bestOfDoc(out[mine:])...)
			}
			results[c] = out
		}
	})
	var all []cand
	for _, r := range results {
		all = append(all, r...)
	}
	return all
}

// bestOfDoc keeps, of one document's candidates, every sure one and the
// maxDocCands best others.
func bestOfDoc(c []cand) []cand {
	if len(c) <= maxDocCands {
		return c
	}
	slices.SortFunc(c, func(x, y cand) int { return cmp.Compare(y.score, x.score) })
	k := maxDocCands
	for k < len(c) && c[k].score >= sureScore {
		k++
	}
	return c[:k]
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
	var passes []int // partition boundaries of the passes
	size := 0        // entries of the largest pass
	for p0 := 0; p0 < nparts; {
		p1 := p0 + 1
		for p1 < nparts && counts[p1+1]-counts[p0] <= max(passEntries, total/maxPasses) {
			p1++
		}
		passes = append(passes, p0)
		size = max(size, counts[p1]-counts[p0])
		p0 = p1
	}
	passes = append(passes, nparts)
	buf := make([]uint64, size)
	for k := range len(passes) - 1 {
		p0, p1 := passes[k], passes[k+1] // this pass sorts partitions [p0, p1)
		base := counts[p0]
		buf := buf[:counts[p1]-base]
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
