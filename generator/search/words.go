package search

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf16"
)

// words is search/words.txt (given the counts of pairCounts), which the page fetches only when a query found nothing:
// every distinct pair of adjacent characters in the titles, unit names and authors'
// names, folded, most documents first. The page proposes a near spelling from it
// (刮版 → 刮板: a pair of the query that no page has, one character changed into a
// pair that pages have).
func words(count map[[2]uint16]int) string {
	pairs := make([][2]uint16, 0, len(count))
	for p := range count {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(a, b [2]uint16) int {
		return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	var b strings.Builder
	for _, p := range pairs {
		b.WriteString(string(utf16.Decode(p[:])))
	}
	return b.String()
}

// pairCounts counts the documents with each pair of words.
func pairCounts(docs []Doc) map[[2]uint16]int {
	count := map[[2]uint16]int{}
	for i := range docs {
		for p := range pairsOf(docs[i].Fields()) {
			count[p]++
		}
	}
	return count
}

// pairsOf is the set of pairs of words a document with fields f has.
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
