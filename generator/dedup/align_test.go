package dedup

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRareOnlyWhereSpansAre is the differential test of compare's rare marks, which
// winnow tb only around the spans' matches: for every candidate pair of the evaluation
// corpus (with its stop list) and of every pair of a small corpus with no stop list,
// each match of a span is rare exactly when the winnowing of the whole of tb puts a
// fingerprint that is not stop-listed inside it, as compare did before.
func TestRareOnlyWhereSpansAre(t *testing.T) {
	nz := sharedNormalizer()
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
	prints, _, _ := fingerprintAll(eval.docs, nz, nil, opt)
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

// matchesRef is matches as it was before it rolled the seed hash on (TestMatchesRolls).
func (al *aligner) matchesRef(dst []match, b []rune) []match {
	a := al.a
	prevA, prevB := -1, -1
	for i := 0; i+gramLen <= len(b); {
		h := seedHash(b[i:]) >> 40 & al.mask
		best, bestScore := match{}, 0
		chain := 0
		for j := int(al.head[h]); j >= 0 && chain < maxChain; j = int(al.next[j]) {
			chain++
			n := 0
			for i+n < len(b) && j+n < len(a) && a[j+n] == b[i+n] {
				n++
			}
			if n < gramLen {
				continue
			}
			score := n
			if prevA >= 0 && j >= prevA-2 && j <= prevA+maxGap && i-prevB <= maxGap {
				score += nearBonus
			}
			if score > bestScore {
				best, bestScore = match{a: j, b: i, n: n}, score
			}
		}
		if bestScore == 0 {
			i++
			continue
		}
		dst = append(dst, best)
		prevA, prevB = best.a+best.n, best.b+best.n
		i += best.n
	}
	return dst
}

// TestMatchesRolls: matches, which rolls the seed hash from one position to the next and
// passes the positions whose seed has no bit in aligner.seen, finds what matchesRef finds
// hashing each position anew and walking its bucket (fails with the bits of b's seeds
// taken one place off): pairs of the benchmark corpus
// (copies among them) and texts of few characters (runs, repeats, runes above the BMP).
func TestMatchesRolls(t *testing.T) {
	nz := sharedNormalizer()
	docs, inj := corpus(300)
	var ta, tb text
	var al aligner
	compare := func(a, b []rune) {
		al.index(a)
		got, want := al.matches(nil, b), al.matchesRef(nil, b)
		if !slices.Equal(got, want) {
			t.Fatalf("%d and %d runes: %d matches, matchesRef %d", len(a), len(b), len(got), len(want))
		}
	}
	for k := range 300 {
		i, j := k, (k*37+11)%len(docs)
		nz.normalize(docs[i].Text, &ta, false)
		nz.normalize(docs[j].Text, &tb, false)
		compare(ta.key, tb.key)
	}
	for _, in := range inj {
		if in.doc < len(docs) && in.src < len(docs) {
			nz.normalize(docs[in.src].Text, &ta, false)
			nz.normalize(docs[in.doc].Text, &tb, false)
			compare(ta.key, tb.key)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune{'a', 'b', '工', '\U0002B404', 0x10FFFF}
	for range 3000 {
		a, b := make([]rune, r.IntN(60)), make([]rune, r.IntN(60))
		for _, s := range [][]rune{a, b} {
			for i := range s {
				s[i] = alphabet[r.IntN(1+r.IntN(len(alphabet)))]
			}
		}
		compare(a, b)
	}
}

// BenchmarkMatches aligns 2,000 pairs of the benchmark corpus, their texts normalised
// beforehand: matches alone (with the index of each first text).
func BenchmarkMatches(b *testing.B) {
	nz := sharedNormalizer()
	docs, _ := corpus(2000)
	keys := make([][]rune, len(docs))
	for i := range docs {
		var t text
		nz.normalize(docs[i].Text, &t, false)
		keys[i] = t.key
	}
	var al aligner
	var ms []match
	for b.Loop() {
		for k := range 400 {
			al.index(keys[k])
			for j := 1; j <= 5; j++ {
				ms = al.matches(ms[:0], keys[(k*7+j*131)%len(docs)])
			}
		}
	}
}

// TestFillHashes: fillHashes sets any range of hashes to what gramHashes makes there, and
// nothing outside it.
func TestFillHashes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		key := make([]rune, gramLen+r.IntN(200))
		for i := range key {
			key[i] = rune(0x4E00 + r.IntN(50))
		}
		want := gramHashes(nil, key)
		from := r.IntN(len(want))
		to := from + 1 + r.IntN(len(want)-from)
		got := make([]uint32, len(want))
		fillHashes(got, key, from, to)
		for i := range got {
			if inside := i >= from && i < to; inside && got[i] != want[i] || !inside && got[i] != 0 {
				t.Fatalf("key of %d, range [%d,%d): hash %d is %x, want %x", len(key), from, to, i, got[i], want[i])
			}
		}
	}
}

// TestIndexRolls: index, which rolls the seed hash from one position of the text to the
// next, fills the buckets and the bit set as hashing each position anew does: texts of
// the benchmark corpus and of few characters (runs, repeats, runes above the BMP).
func TestIndexRolls(t *testing.T) {
	nz := sharedNormalizer()
	docs, _ := corpus(100)
	var keys [][]rune
	for _, d := range docs {
		var tx text
		nz.normalize(d.Text, &tx, false)
		keys = append(keys, tx.key)
	}
	r := rand.New(rand.NewPCG(7, 8))
	alphabet := []rune{'a', 'b', '工', '\U0002B404', 0x10FFFF}
	for range 2000 {
		key := make([]rune, r.IntN(40))
		for i := range key {
			key[i] = alphabet[r.IntN(1+r.IntN(len(alphabet)))]
		}
		keys = append(keys, key)
	}
	var al, ref aligner
	for _, key := range keys {
		al.index(key)
		ref.index(nil) // the sizes of an empty text, then those of key by hand
		size := 1024
		for size < 2*len(key) {
			size *= 2
		}
		ref.mask = uint64(size - 1)
		ref.head = slices.Repeat([]int32{-1}, size)
		ref.next = make([]int32, len(key))
		ref.seen = make([]uint64, seenBits*size/64)
		for i := 0; i+gramLen <= len(key); i++ {
			full := seedHash(key[i:])
			h := full >> 40 & ref.mask
			ref.next[i] = ref.head[h]
			ref.head[h] = int32(i)
			f := full >> al.shift
			ref.seen[f/64] |= 1 << (f % 64)
		}
		seeds := max(len(key)-gramLen+1, 0) // next is read only there
		if !slices.Equal(al.head, ref.head) || !slices.Equal(al.next[:seeds], ref.next[:seeds]) || !slices.Equal(al.seen, ref.seen) || al.mask != ref.mask {
			t.Fatalf("a text of %d runes indexed otherwise than hashing each position anew", len(key))
		}
	}
}

// TestSeedWrittenOut: the constant seedTop is what the first rune of a seed weighs in
// seedRaw, hashBase^(gramLen-1), and seedRaw, written out, is the loop over gramLen runes
// (fails once gramLen changes and they are left as they were, or with a term of either
// left out).
func TestSeedWrittenOut(t *testing.T) {
	want := uint64(1)
	for range gramLen - 1 {
		want *= hashBase
	}
	if seedTop != want {
		t.Fatalf("seedTop %#x, hashBase^(gramLen-1) %#x", uint64(seedTop), want)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 1000 {
		s := make([]rune, gramLen+r.IntN(3))
		for i := range s {
			s[i] = rune(r.IntN(0x110000))
		}
		var h uint64
		for _, c := range s[:gramLen] {
			h = h*hashBase + uint64(c)
		}
		if got := seedRaw(s); got != h {
			t.Fatalf("seedRaw(%q) %#x, the loop %#x", string(s), got, h)
		}
	}
}
