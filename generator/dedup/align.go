package dedup

import (
	"math/bits"
	"slices"
)

// match is a run of n equal key characters at a in one text and b in the other.
type match struct{ a, b, n int }

// span is a passage in key coordinates: [a0,a1) and [b0,b1), with the number
// of characters inside that matched exactly, made of matches [m0,m1).
type span struct{ a0, a1, b0, b1, matched, m0, m1 int }

const (
	maxChain   = 32 // candidate positions examined per seed
	nearBonus  = 16 // preference for a match that continues the previous one
	minDensity = 2  // a passage must match at least 1/minDensity of its length

	// clusterEvidence is how many characters of a copied block must be in
	// passages that hold a rare fingerprint for all its passages to count.
	clusterEvidence = 40
)

// aligner finds the exact matches between one indexed text and others.
type aligner struct {
	a    []rune
	head []int32 // hash bucket → last position in a with that seed hash, -1 if none
	next []int32 // position → previous position in the same bucket
	mask uint64
	// seen is a bit set of a's seed hashes, by their top bits (the bucket's are lower):
	// a position of b whose seed's bit is clear starts no match, and is passed without
	// walking a bucket. The buckets are kept at most half full, and a seed not in a found
	// its bucket not empty 28 % of the time at 10k results, each a walk to a mismatch;
	// seenBits bits for each bucket make it 1.9 %.
	seen  []uint64
	shift uint // seen's bit of hash h is h >> shift; below 64
}

// seenBits is the bits of aligner.seen for each hash bucket.
const seenBits = 16

func seedHash(s []rune) uint64 { return seedRaw(s) * hashMix }

// seedRaw is the rolling hash of s's first gramLen runes before it is mixed.
func seedRaw(s []rune) uint64 {
	s = s[:gramLen] // written out, as gramLen is: the loop cost twice as much
	return (((uint64(s[0])*hashBase+uint64(s[1]))*hashBase+uint64(s[2]))*hashBase+uint64(s[3]))*hashBase + uint64(s[4])
}

// index prepares to align other texts against a.
func (al *aligner) index(a []rune) {
	al.a = a
	size := 1024
	for size < 2*len(a) {
		size *= 2
	}
	al.mask = uint64(size - 1)
	head := slices.Grow(al.head[:0], size)[:size]
	head[0] = -1
	for k := 1; k < size; k *= 2 { // every bucket empty, by copies of ever longer runs
		copy(head[k:], head[:k])
	}
	al.head = head
	next := slices.Grow(al.next[:0], len(a))[:len(a)]
	al.next = next
	nseen := seenBits * size // a power of two
	shift := uint(65 - bits.Len(uint(nseen)))
	al.shift = shift
	seen := slices.Grow(al.seen[:0], nseen/64)[:nseen/64]
	clear(seen)
	al.seen = seen
	if len(a) < gramLen {
		return
	}
	mask := al.mask
	raw := seedRaw(a) // seedRaw(a[i:]), rolled on
	for i := 0; ; i++ {
		full := raw * hashMix
		h := full >> 40 & mask
		next[i] = head[h]
		head[h] = int32(i)
		f := full >> (shift & 63) // the mask tells the compiler the shift is below 64: no test for a larger one
		seen[f/64] |= 1 << (f % 64)
		if i+gramLen >= len(a) {
			return
		}
		raw = (raw-uint64(a[i])*seedTop)*hashBase + uint64(a[i+gramLen])
	}
}

// seedTop is hashBase^(gramLen-1) (mod 2^64), what the first rune of a seed weighs in seedRaw.
const seedTop = hashBase * hashBase * hashBase * hashBase % (1 << 64)

// matches appends to dst the greedy tiling of b by runs of at least gramLen
// characters found in a: walking b from the left, at each position the
// longest run starting there (preferring one that continues the previous
// match within maxGap) is taken and the walk jumps past it.
func (al *aligner) matches(dst []match, b []rune) []match {
	a, head, next, mask := al.a, al.head, al.next, al.mask
	prevA, prevB := -1, -1 // end of the previous match
	if len(b) < gramLen {
		return dst
	}
	raw := seedRaw(b) // seedRaw(b[i:])
	for i := 0; ; {
		i, raw = al.skip(b, i, raw)
		if i < 0 {
			return dst
		}
		h := raw * hashMix >> 40 & mask
		best, bestScore := match{}, 0
		chain := 0
		for j := int(head[h]); j >= 0 && chain < maxChain; j = int(next[j]) {
			chain++
			bonus := 0
			if prevA >= 0 && j >= prevA-2 && j <= prevA+maxGap && i-prevB <= maxGap {
				bonus = nearBonus
			}
			// To be taken a run must be longer than bestScore-bonus (and gramLen at least): a
			// run of j that differs at the last place of that length is passed without
			// reading it, as a later place of a text mostly repeated in a.
			if need := max(bestScore-bonus+1, gramLen); i+need > len(b) || j+need > len(a) || a[j+need-1] != b[i+need-1] {
				continue
			}
			n := commonPrefix(a[j:], b[i:])
			if n < gramLen {
				continue
			}
			score := n + bonus
			if score > bestScore {
				best, bestScore = match{a: j, b: i, n: n}, score
			}
		}
		if bestScore == 0 {
			best.n = 1 // no run here: the next position
		} else {
			dst = append(dst, best)
			prevA, prevB = best.a+best.n, best.b+best.n
		}
		i += best.n
		if i+gramLen > len(b) {
			return dst
		}
		if best.n == 1 {
			raw = (raw-uint64(b[i-1])*seedTop)*hashBase + uint64(b[i+gramLen-1])
		} else {
			raw = seedRaw(b[i:])
		}
	}
}

// commonPrefix is the number of runes x and y start with alike.
func commonPrefix(x, y []rune) int {
	y = y[:min(len(x), len(y))]
	x = x[:len(y)]
	for n := range y {
		if x[n] != y[n] {
			return n
		}
	}
	return len(y)
}

// skip returns the first position of b from i on whose seed may be one of a's (its bit
// in aligner.seen is set) and that seed's raw hash, given raw, that of position i; -1
// when there is none. Most positions are passed here, the hash rolled from one to the
// next in a loop that reads nothing else: the leaving runes and the entering ones are
// two slices of one length, walked with one index.
func (al *aligner) skip(b []rune, i int, raw uint64) (int, uint64) {
	seen, shift := al.seen, al.shift
	in := b[i+gramLen:]
	out := b[i : i+len(in)]
	for k := 0; ; k++ {
		if f := raw * hashMix >> (shift & 63); seen[f/64]&(1<<(f%64)) != 0 { // shift: as in index
			return i + k, raw
		}
		if k >= len(in) {
			return -1, 0
		}
		raw = (raw-uint64(out[k])*seedTop)*hashBase + uint64(in[k])
	}
}

// passages merges matches (in b order) that follow each other in both texts
// with gaps of at most maxGap into spans, and keeps the spans with at least
// minPassage matched characters making up at least 1/minDensity of them.
func passages(dst []span, ms []match) []span {
	flush := func(s span) {
		if s.matched >= minPassage && minDensity*s.matched >= s.b1-s.b0 {
			dst = append(dst, s)
		}
	}
	var cur span
	open := false
	for k, m := range ms {
		if open {
			gapA, gapB := m.a-cur.a1, m.b-cur.b1
			if gapA >= -2 && gapA <= maxGap && gapB <= maxGap {
				cur.a1 = max(cur.a1, m.a+m.n)
				cur.b1 = m.b + m.n
				cur.matched += m.n
				cur.m1 = k + 1
				continue
			}
			flush(cur)
		}
		cur = span{a0: m.a, a1: m.a + m.n, b0: m.b, b1: m.b + m.n, matched: m.n, m0: k, m1: k + 1}
		open = true
	}
	if open {
		flush(cur)
	}
	return dst
}

// comparer holds one worker's scratch space for comparing texts.
type comparer struct {
	al     aligner
	ta, tb text
	ms     []match
	sp     []span
	sc     scratch
	rare   []bool // per match: holds a fingerprint that is not stop-listed
	keep   []bool // per span: counts
	stop   []uint32
	ra, rb [][2]int32 // scratch of covers
}

// compare aligns the indexed text ta with tb (both normalised with offsets)
// and describes what they share; ok is false if they share no passage.
//
// A passage counts only if one of its exact matches, or of the passages
// next to it in tb, holds a fingerprint of tb that is not stop-listed:
// passages made only of the corpus's boilerplate are no evidence of copying.
func (c *comparer) compare() (p Pair, ok bool) {
	if !c.align() {
		return p, false
	}
	return c.passages()
}

// align is compare's part that reads the keys alone: the matches, the spans and which of
// them count (c.keep); it reports whether one does.
func (c *comparer) align() bool {
	tb := &c.tb
	c.ms = c.al.matches(c.ms[:0], tb.key)
	c.sp = passages(c.sp[:0], c.ms)
	if len(c.sp) == 0 {
		return false
	}
	n := max(len(tb.key)-gramLen+1, 0)
	c.sc.hashes = slices.Grow(c.sc.hashes[:0], n)[:n] // filled only where winnowSpans looks
	c.sc.pos = c.winnowSpans(c.sc.pos[:0], c.sc.hashes, tb.key)
	c.rare = slices.Grow(c.rare[:0], len(c.ms))[:len(c.ms)]
	k := 0
	for i, m := range c.ms {
		c.rare[i] = false
		for k < len(c.sc.pos) && int(c.sc.pos[k]) < m.b {
			k++
		}
		for q := k; q < len(c.sc.pos) && int(c.sc.pos[q])+gramLen <= m.b+m.n; q++ {
			if _, found := slices.BinarySearch(c.stop, c.sc.hashes[c.sc.pos[q]]); !found {
				c.rare[i] = true
				break
			}
		}
	}
	// Passages that follow each other in tb (whatever their order in ta)
	// are one copied block: it counts whole if one passage of it does.
	c.keep = slices.Grow(c.keep[:0], len(c.sp))[:len(c.sp)]
	for i := 0; i < len(c.sp); {
		j, evidence := i, 0
		for ; j < len(c.sp) && (j == i || c.sp[j].b0-c.sp[j-1].b1 <= maxGap); j++ {
			if slices.Contains(c.rare[c.sp[j].m0:c.sp[j].m1], true) {
				evidence += c.sp[j].matched
			}
		}
		for k := i; k < j; k++ {
			own := slices.Contains(c.rare[c.sp[k].m0:c.sp[k].m1], true)
			c.keep[k] = own || evidence >= clusterEvidence
		}
		i = j
	}
	return slices.Contains(c.keep, true)
}

// passages is compare's part that maps the spans align kept to the texts' offsets.
func (c *comparer) passages() (p Pair, ok bool) {
	ta, tb := &c.ta, &c.tb
	p.CoverA, p.CoverB = c.covers()
	for i, s := range c.sp {
		if !c.keep[i] {
			continue
		}
		a0, a1 := ta.pos[s.a0], ta.pos[s.a1-1]+1
		b0, b1 := tb.pos[s.b0], tb.pos[s.b1-1]+1
		p.Passages = append(p.Passages, Passage{
			AStart: int(ta.start[a0]), AEnd: int(ta.end[a1-1]),
			BStart: int(tb.start[b0]), BEnd: int(tb.end[b1-1]),
		})
		p.Longest = max(p.Longest, int(a1-a0), int(b1-b0))
	}
	if len(p.Passages) == 0 {
		return Pair{}, false
	}
	return p, true
}

// covers is the shares of ta's and tb's normalised texts that the spans align kept cover:
// passages' CoverA and CoverB, from the key's places alone (not the byte offsets).
func (c *comparer) covers() (coverA, coverB float64) {
	ta, tb := &c.ta, &c.tb
	c.ra, c.rb = c.ra[:0], c.rb[:0]
	for i, s := range c.sp {
		if c.keep[i] {
			c.ra = append(c.ra, [2]int32{ta.pos[s.a0], ta.pos[s.a1-1] + 1})
			c.rb = append(c.rb, [2]int32{tb.pos[s.b0], tb.pos[s.b1-1] + 1})
		}
	}
	return float64(union(c.ra)) / float64(max(ta.n, 1)), float64(union(c.rb)) / float64(max(tb.n, 1))
}

// winnowSpans appends to dst the positions winnow(hashes) selects inside the matches
// of the spans, and perhaps a few around them: only those can make a match of a span
// rare (the marks of other matches are never read). Spans cover about a tenth of tb
// in the synthetic 10,000-result tree, and winnowing all of tb for each candidate pair
// cost a tenth of the alignment. A window selects its rightmost minimum whatever came
// before (winnowRange), so that the windows able to select a position inside a match
// are enough: those starting up to a window before it, to its last gram. hashes, one a
// gram of key, are worked out here for those windows alone (fillHashes); the rest of it
// is left as it was.
func (c *comparer) winnowSpans(dst []int32, hashes []uint32, key []rune) []int32 {
	if len(hashes) == 0 {
		return dst
	}
	w := min(window, len(hashes))
	lo, hi := -1, -1 // the window starts gathered so far
	for _, s := range c.sp {
		for _, m := range c.ms[s.m0:s.m1] {
			a, b := max(0, m.b-w+1), min(len(hashes)-w, m.b+m.n-gramLen)
			if a > b {
				continue
			}
			if lo >= 0 && a <= hi+w { // touching or overlapping: one run of windows keeps the positions in order
				hi = max(hi, b)
				continue
			}
			if lo >= 0 {
				fillHashes(hashes, key, lo, hi+w)
				dst = winnowRange(dst, hashes, w, lo, hi)
			}
			lo, hi = a, b
		}
	}
	if lo >= 0 {
		fillHashes(hashes, key, lo, hi+w)
		dst = winnowRange(dst, hashes, w, lo, hi)
	}
	return dst
}

// fillHashes sets hashes[from:to] to what gramHashes(nil, key) holds there.
func fillHashes(hashes []uint32, key []rune, from, to int) {
	hs := hashes[from:to]
	h := seedRaw(key[from:])
	out := key[from : from+len(hs)-1] // the leaving runes and the entering ones, as in skip
	in := key[from+gramLen:][:len(out)]
	for k, r := range out {
		hs[k] = uint32((h * hashMix) >> 32)
		h = (h-uint64(r)*seedTop)*hashBase + uint64(in[k])
	}
	hs[len(out)] = uint32((h * hashMix) >> 32)
}

// union returns the total length of the union of ranges, sorting them.
func union(rs [][2]int32) int {
	slices.SortFunc(rs, func(x, y [2]int32) int { return int(x[0] - y[0]) })
	total, end := 0, int32(-1)
	for _, r := range rs {
		if r[0] > end {
			total += int(r[1] - r[0])
			end = r[1]
		} else if r[1] > end {
			total += int(r[1] - end)
			end = r[1]
		}
	}
	return total
}

// verify aligns every candidate pair and keeps those reaching opt.MinRatio, in the
// order of the candidates.
// Candidates come sorted by a, so each worker indexes a document once for
// all its candidates.
//
// With a memo, a pair compared before under the same boilerplate is not aligned again,
// and a document is indexed only for the pairs that are new.
func verify(docs []Doc, seen []seenText, cands []cand, stop []uint32, nz *normalizer, memo *memoRun, opt Options) []Pair {
	if memo != nil {
		memo.useStop(stop)
	}
	learnKeys(docs, seen, cands, nz, memo, opt.Workers, opt.Done)
	var groups []int // group g is cands[groups[g]:groups[g+1]]
	for i := 0; i < len(cands); i++ {
		if i == 0 || cands[i].a != cands[i-1].a {
			groups = append(groups, i)
		}
	}
	groups = append(groups, len(cands))
	normalize := func(i int, t *text) {
		if seen[i].calm {
			nz.normalizeCalm(&docs[i], t, true)
		} else {
			nz.normalizeDoc(&docs[i], t, true)
		}
	}
	found := make([][]Pair, len(groups)-1) // per group, so that the pairs come out in order
	parallelWith(len(groups)-1, opt.Workers, func() func(int) {
		c := &comparer{stop: stop}
		var aligned, shared int // this worker's pairs aligned by their keys, and of those whose passages it mapped
		return func(g int) {
			if stopped(opt.Done) {
				return
			}
			a := int(cands[groups[g]].a)
			indexed, fullA := false, false // a's offsets are made only for a pair that needs them
			var out []Pair
			for k := groups[g]; k < groups[g+1]; k++ {
				b := int(cands[k].b)
				var p Pair
				var ok bool
				if mp, found := memo.pair(k, a, b); found {
					p, ok = mp.p, mp.ok
				} else {
					if !indexed { // a, once for all its pairs
						if !seen[a].keyOf(&c.ta) {
							normalize(a, &c.ta)
							fullA = true
						}
						c.al.index(c.ta.key)
						indexed = true
					}
					// Where nearly every pair needs its passages, normalising b at once costs
					// less than its key and then its text: after 64 pairs, by the share so far.
					fullB := aligned >= 64 && shared*8 > aligned*7 || !seen[b].keyOf(&c.tb)
					if fullB {
						normalize(b, &c.tb)
					} else {
						aligned++
					}
					ok = c.align()
					if ok && memo == nil { // a pair under the ratio is not reported, nor kept
						coverA, coverB := c.covers()
						ok = max(coverA, coverB) >= opt.MinRatio
					}
					if ok {
						// The offsets, for the passages: the same keys again (a's index stands).
						if !fullA {
							normalize(a, &c.ta)
							fullA = true
						}
						if !fullB {
							normalize(b, &c.tb)
							shared++
						}
						p, ok = c.passages()
					}
				}
				memo.putPair(k, p, ok)
				if ok && max(p.CoverA, p.CoverB) >= opt.MinRatio {
					p.A, p.B = a, b
					out = append(out, p)
				}
			}
			found[g] = out
		}
	})
	var pairs []Pair
	for _, out := range found {
		pairs = append(pairs, out...)
	}
	return pairs
}
