package dedup

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCounterLeast: the least shared fingerprints a counter reads from its table, grown
// as bases come in any order, are what count worked out for each pair: minShared, and
// candShare of the fingerprints the pair is judged by, rounded up.
func TestCounterLeast(t *testing.T) {
	var ct counter
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		base := int32(1 + r.IntN(1+r.IntN(6000)))
		if int(base) >= len(ct.least) {
			ct.growLeast(base)
		}
		if want := max(minShared, int32(math.Ceil(candShare*float64(base)))); ct.least[base] != want {
			t.Fatalf("base %d: least %d, want %d", base, ct.least[base], want)
		}
	}
	if len(ct.least) < 3000 {
		t.Fatalf("table of %d", len(ct.least))
	}
}

// TestSortPartitionMatchesStable: a partition's (hash, doc) entries, filled in doc order,
// come out sorted by hash with equal hashes in doc order (what counting and the postings
// rely on), below and above the size where sortPartition sorts by comparison instead of
// by radix, with hashes drawn from a few values so that many are equal.
func TestSortPartitionMatchesStable(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	var tmp []uint64
	for _, n := range []int{0, 1, 2, 3, 17, radixMin - 1, radixMin, radixMin + 1, 1000, 20000} {
		for _, distinct := range []int{1, 7, 1 << 24} {
			var part []uint64
			for d := range n { // docs in order, as buildIndex fills a partition
				for range 1 + r.IntN(2) {
					h := uint32(0xAB)<<24 | uint32(r.IntN(distinct))
					part = append(part, uint64(h)<<32|uint64(d))
				}
			}
			part = part[:min(len(part), n)]
			want := slices.Clone(part)
			slices.SortStableFunc(want, func(a, b uint64) int { return cmp.Compare(a>>32, b>>32) })
			tmp = sortPartition(part, tmp)
			if !slices.Equal(part, want) {
				t.Fatalf("%d entries of %d hashes: sorted wrongly", n, distinct)
			}
		}
	}
}
