package dedup

import (
	"math"
	"math/rand/v2"
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
