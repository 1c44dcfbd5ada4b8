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
	groupStart []int32 // group g's documents are posting[groupStart[g]:groupStart[g+1]], in order
	posting    []int32
	groupDF    []int32
	groupFP    []uint32 // group g's fingerprint: groups go by fingerprint
	docStart   []int32  // doc d's groups are docGroups[docStart[d]:docStart[d+1]]
	docGroups  []int32
	stop       []uint32 // boilerplate fingerprints, sorted
	stopDF     []int32  // and in how many documents each is
	nstop      []int32  // per doc: boilerplate fingerprints
	single     []uint64 // fingerprints of one document, as hash<<32 | doc, sorted
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
	s := searchAll(prints, opt)
	return s.cands, s.ix.stop
}

// search is everything candidate search worked out, which a memo keeps so that the next
// search, after a few texts changed, redoes only what they reach (incremental.go).
type search struct {
	boilerDF, symDF int
	total           int   // fingerprint entries
	hist            []int // groups by size, as buildIndex returns them
	extraCost       int32
	ix              *index // docStart and docGroups are not kept
	pl              *plan
	lists           [][]cand // per document, the candidates it counted, sorted
	cands           []cand   // the candidates, sorted by a then b
}

// searchAll is candidates from scratch.
func searchAll(prints []fpset, opt Options) *search {
	s := &search{boilerDF: opt.MaxDF}
	if s.boilerDF == 0 {
		s.boilerDF = max(minStopDF, len(prints)/50)
	}
	s.ix, s.hist, s.total = buildIndex(prints, s.boilerDF, opt.Workers)
	s.symDF = stopLimit(s.hist, s.boilerDF, s.total)
	s.pl = planCounts(s.ix, prints, s.symDF, s.total, opt.Workers)
	s.extraCost = s.pl.extraCost
	s.lists = countPairs(s.ix, s.pl, opt.Workers)
	s.cands = assemble(s.lists)
	s.ix.docStart, s.ix.docGroups = nil, nil
	return s
}

// assemble returns the candidates of every document's list, sorted by a then b, each
// pair once: a pair counted by both its documents (both poor) keeps the count of its
// first. In a corpus written from a few templates nearly every pair shares something:
// only the most promising pairs are kept.
func assemble(lists [][]cand) []cand {
	// The pairs counted by their second document (poor), sorted: by a, counting them
	// into place, then by b (each second document's list is sorted).
	start := make([]int32, len(lists)+1)
	size, nforeign := 0, 0
	for d, l := range lists {
		size += len(l)
		for _, c := range l {
			if int(c.a) != d {
				start[c.a+1]++
				nforeign++
			}
		}
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	foreign := make([]cand, nforeign)
	at := slices.Clone(start)
	for d, l := range lists {
		for _, c := range l {
			if int(c.a) != d {
				foreign[at[c.a]] = c
				at[c.a]++
			}
		}
	}
	for a := range lists {
		if run := foreign[start[a]:start[a+1]]; len(run) > 1 {
			slices.SortFunc(run, byPair)
		}
	}
	all := make([]cand, 0, size)
	for d, l := range lists {
		for len(foreign) > 0 && int(foreign[0].a) < d {
			all = append(all, foreign[0])
			foreign = foreign[1:]
		}
		for _, c := range l {
			if int(c.a) != d {
				continue
			}
			for len(foreign) > 0 && foreign[0].a == c.a && foreign[0].b < c.b {
				all = append(all, foreign[0])
				foreign = foreign[1:]
			}
			if len(foreign) > 0 && foreign[0].a == c.a && foreign[0].b == c.b {
				foreign = foreign[1:]
			}
			all = append(all, c)
		}
	}
	all = append(all, foreign...)
	if limit := candsPerDoc*len(lists) + 1<<14; len(all) > limit {
		all = best(all, limit)
	}
	return all
}

func byPair(x, y cand) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) }

// plan says what each document counts its shared fingerprints through.
type plan struct {
	nsym      []int32 // its first nsym groups (sorted by size) have at most symDF documents
	nextra    []int32 // a poor document counts through so many more
	idx       []int32 // fingerprints it is judged by: rare ones (singletons included) and extras
	poor      []bool
	extraCost int32 // documents a poor one may count through beyond symDF
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
		pl.judge(ix, d, gs, len(prints[d]), symDF)
	})
	npoor := 0
	for _, p := range pl.poor {
		if p {
			npoor++
		}
	}
	pl.extraCost = extraCost(total, npoor)
	parallel(n, workers, func(d int) {
		pl.extra(ix, d, ix.docGroups[ix.docStart[d]:ix.docStart[d+1]])
	})
	return pl
}

// extraCost is how many documents a poor one may count through beyond symDF.
func extraCost(total, npoor int) int32 {
	return int32(min(4096, max(256, costPerEntry*total/max(npoor, 1))))
}

// judge sorts gs, document d's groups in the order of their fingerprints, by size (the
// order of groups of one size depends only on the sizes in that order, so that a search
// updated gives the order a search from scratch gives) and sets d's nsym, poor and idx without
// extras; nfp is the number of its fingerprints.
func (pl *plan) judge(ix *index, d int, gs []int32, nfp, symDF int) {
	sortGroups(ix, gs)
	k, _ := slices.BinarySearchFunc(gs, int32(symDF)+1, func(g, df int32) int { return cmp.Compare(ix.groupDF[g], df) })
	pl.nsym[d] = int32(k)
	pl.idx[d] = int32(nfp - (len(gs) - k) - int(ix.nstop[d]))
	pl.poor[d] = pl.idx[d] < poorLimit
	pl.nextra[d] = 0
}

// sortGroups sorts groups, given in the order of their fingerprints, by size.
func sortGroups(ix *index, gs []int32) {
	slices.SortFunc(gs, func(x, y int32) int { return cmp.Compare(ix.groupDF[x], ix.groupDF[y]) })
}

// extra sets how many groups past the symmetric ones poor document d counts through
// (gs: its groups, sorted by judge), and adds them to its idx.
func (pl *plan) extra(ix *index, d int, gs []int32) {
	if !pl.poor[d] {
		return
	}
	gs = gs[pl.nsym[d]:]
	cost := int32(0)
	for _, g := range gs[:min(len(gs), poorLimit)] {
		if cost += ix.groupDF[g]; cost > pl.extraCost {
			break
		}
		pl.nextra[d]++
	}
	pl.idx[d] += pl.nextra[d]
}

// candShare is the least share of the smaller document's fingerprints a pair must
// share to be aligned. It is fixed, not drawn from opt.MinRatio, so that a pair's
// ratio does not depend on the threshold it is asked at: check and dupes --min 0.01
// align the same pairs.
const candShare = 0.05

// countPairs counts, for each document in a dense scratch array, the
// fingerprints it shares with the others, and returns per document the pairs it
// proposes (see counter.count).
func countPairs(ix *index, pl *plan, workers int) [][]cand {
	n := len(pl.idx)
	lists := make([][]cand, n)
	const chunk = 256
	parallelWith((n+chunk-1)/chunk, workers, func() func(int) {
		ct := newCounter(n)
		return func(c int) {
			var out []cand
			for d := c * chunk; d < min(c*chunk+chunk, n); d++ {
				mine := len(out)
				out = ct.count(out, ix, pl, d, ix.docGroups[ix.docStart[d]:ix.docStart[d]+pl.nsym[d]+pl.nextra[d]])
				lists[d] = out[mine:len(out):len(out)]
			}
		}
	})
	return lists
}

// counter is one worker's scratch space for counting shared fingerprints.
type counter struct {
	// shared is per document the stamp of the count that last met it (high bits) and the
	// fingerprints it shares with that count's document (countBits low bits): a count
	// starts with a new stamp, so that nothing is cleared after it.
	shared []uint32
	stamp  uint32
	first  []uint32 // per document: in what order this count first met it
	met    uint32   // documents this count has met
	hot    []int32  // the documents that reached minShared in this count, in that order
	least  []int32  // by the number of fingerprints a pair is judged by: the least it must share
}

// countBits are the bits of counter.shared that count: a pair shares at most as many
// fingerprints as its document has groups, far below 1<<20 for a text of MaxMarkdown.
const countBits = 20

func newCounter(docs int) *counter {
	return &counter{shared: make([]uint32, docs), first: make([]uint32, docs)}
}

// leastShared is the least number of fingerprints a pair judged by base of them must share
// to be a candidate: minShared, and candShare of them.
func leastShared(base int32) int32 {
	return max(minShared, int32(math.Ceil(candShare*float64(base))))
}

// growLeast makes ct.least reach base.
func (ct *counter) growLeast(base int32) {
	for int(base) >= len(ct.least) {
		ct.least = append(ct.least, leastShared(int32(len(ct.least))))
	}
}

// count appends to out the pairs document d proposes, counting through the groups gs:
// those sharing at least minShared and candShare of the fingerprints the smaller one
// is judged by, sorted by a then b. Each pair is counted once: by its poor document
// if it has one, else by its first one (by both when both are poor).
//
// A document is looked at again only once it shares minShared fingerprints (hot), as no
// pair sharing fewer is ever a candidate: most of those a count meets share one or two.
func (ct *counter) count(out []cand, ix *index, pl *plan, d int, gs []int32) []cand {
	ct.stamp += 1 << countBits
	if ct.stamp == 0 { // the stamps went round: an old count's could be taken for this one's
		clear(ct.shared)
		ct.stamp = 1 << countBits
	}
	stamp, shared, first := ct.stamp, ct.shared, ct.first
	ct.met = 0
	all := pl.poor[d]
	for _, g := range gs {
		post := ix.posting[ix.groupStart[g]:ix.groupStart[g+1]]
		if !all { // only the documents after d count: a group's documents are in order
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
			v := shared[e]
			if v&^(1<<countBits-1) != stamp { // first met in this count
				v = stamp
				first[e] = ct.met
				ct.met++
			}
			v++
			shared[e] = v
			if v&(1<<countBits-1) == minShared {
				ct.hot = append(ct.hot, e)
			}
		}
	}
	mine := len(out)
	for _, e := range ct.hot {
		base := max(min(pl.idx[d], pl.idx[e]), 1)
		if int(base) >= len(ct.least) {
			ct.growLeast(base)
		}
		if n := int32(shared[e] & (1<<countBits - 1)); n >= ct.least[base] { // leastShared(base), worked out once
			out = append(out, cand{int32(min(d, int(e))), int32(max(d, int(e))), float32(n) / float32(base)})
		}
	}
	ct.hot = ct.hot[:0]
	if mc := out[mine:]; len(mc) > maxDocCands { // bestOfDoc takes them in the order first met
		slices.SortFunc(mc, func(x, y cand) int { return cmp.Compare(first[x.a+x.b-int32(d)], first[y.a+y.b-int32(d)]) })
	}
	out = append(out[:mine], bestOfDoc(out[mine:])...)
	slices.SortFunc(out[mine:], byPair)
	return out
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
			return func(k int) { tmp = sortPartition(buf[counts[p0+k]-base:counts[p0+k+1]-base], tmp) }
		})
		forGroups(buf, func(g []uint64) {
			hist[min(len(g), boilerDF+1)]++
			switch {
			case len(g) == 1:
				ix.single = append(ix.single, g[0])
			case len(g) > boilerDF:
				ix.stop = append(ix.stop, uint32(g[0]>>32)) // in order: passes and partitions go by the top bits
				ix.stopDF = append(ix.stopDF, int32(len(g)))
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
				ix.groupFP = append(ix.groupFP, uint32(g[0]>>32))
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

// radixMin is the smallest partition sortPartition sorts by radix: below it, the radix
// passes' two counting tables of 4,097 entries cost more than comparing. A check of a
// small site has 256 small partitions; a test of the rules ran buildIndex some 1,500
// times, a third of its processor time in clearing and adding up those tables.
const radixMin = 512

// sortPartition sorts entries of one partition by their hash, keeping the order of
// entries with equal hashes (they are already in doc order, and a (hash, doc) entry is
// the hash above the doc, so sorting the entries as numbers keeps that order too). tmp
// is scratch space, returned for reuse.
func sortPartition(part, tmp []uint64) []uint64 {
	if len(part) < radixMin {
		slices.Sort(part)
		return tmp
	}
	return radixSort(part, tmp)
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
