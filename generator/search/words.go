package search

import (
	"cmp"
	"slices"
	"unicode/utf16"
)

// words is search/words.txt, given the counts of pairsOfPostings; the page fetches it only
// when a query found nothing: every distinct pair of adjacent characters in the titles, unit names and authors'
// names, folded, most documents first. The page proposes a near spelling from it
// (刮版 → 刮板: a pair of the query that no page has, one character changed into a
// pair that pages have).
func words(count map[[2]uint16]int) string {
	type counted struct {
		p [2]uint16
		n int
	}
	pairs := make([]counted, 0, len(count))
	for p, n := range count {
		pairs = append(pairs, counted{p, n})
	}
	slices.SortFunc(pairs, func(a, b counted) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.p[0], b.p[0]), cmp.Compare(a.p[1], b.p[1]))
	})
	u := make([]uint16, 0, 2*len(pairs))
	for _, c := range pairs {
		u = append(u, c.p[0], c.p[1])
	}
	return string(utf16.Decode(u))
}

// pairsOfPostings counts the documents with each pair of words.txt among keys, from
// the lists postingsOf made of the title and the people: what pairsOf finds in each
// document's text, counted, without reading the texts again. A pair is a bigram key
// without a surrogate, and a document has it when either list does.
func pairsOfPostings(byKey map[uint64]*postings, keys []uint64) map[[2]uint16]int {
	count := map[[2]uint16]int{}
	for _, k := range keys {
		p := byKey[k]
		a, b := uint16(k>>16), uint16(k)
		if k < 1<<16 || k >= 1<<32 || p[1].n == 0 && p[2].n == 0 || isSurrogate(a) || isSurrogate(b) {
			continue
		}
		count[[2]uint16{a, b}] = unionLen(&p[1], &p[2])
	}
	return count
}

// pairsOf is the set of pairs of words a document with fields f has, in its title and
// people (the first two).
func pairsOf(f [3]string) map[[2]uint16]bool {
	seen := map[[2]uint16]bool{}
	u := foldUnits(f[0] + "\n" + f[1])
	for j := 0; j+1 < len(u); j++ {
		p := [2]uint16{u[j], u[j+1]}
		if p[0] == ' ' || p[1] == ' ' || isSurrogate(p[0]) || isSurrogate(p[1]) {
			continue
		}
		seen[p] = true
	}
	return seen
}

func isSurrogate(c uint16) bool { return c >= 0xD800 && c < 0xE000 }
