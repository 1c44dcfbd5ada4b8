package search

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPairsFromPostings: the pairs of words.txt counted from the lists of the title
// and people fields are pairCounts' count from the documents' text, surrogates, spaces
// and line ends included.
func TestPairsFromPostings(t *testing.T) {
	site, tree := loadSite(t, "../..")
	demo, _ := FromSite(site, tree)
	bodies(demo, make([][32]byte, len(demo)), nil)
	for name, docs := range map[string][]Doc{
		"sample": sampleDocs(),
		"random": randomDocs(rand.New(rand.NewPCG(3, 4)), 400),
		"demo":   demo,
	} {
		want := pairCounts(docs)
		byKey := postingsOf(docs, newKeyer(nil, unigrams|bigrams))
		got := pairsOfPostings(byKey, slices.Collect(maps.Keys(byKey)))
		if len(want) < 20 {
			t.Fatalf("%s: %d pairs: the test wants more", name, len(want))
		}
		if !maps.Equal(got, want) {
			for p, n := range want {
				if got[p] != n {
					t.Errorf("%s: pair %q: %d documents, want %d", name, string([]rune{rune(p[0]), rune(p[1])}), got[p], n)
				}
			}
			t.Fatalf("%s: %d pairs counted, want %d", name, len(got), len(want))
		}
	}
}

// pairCounts counts the documents with each pair of words.txt from their texts: the
// reference pairsOfPostings is tested against, and what builds counted before it.
func pairCounts(docs []Doc) map[[2]uint16]int {
	count := map[[2]uint16]int{}
	for i := range docs {
		for p := range pairsOf([3]string{docs[i].Title, docs[i].people()}) { // the first two of Fields: pairsOf reads no more
			count[p]++
		}
	}
	return count
}
