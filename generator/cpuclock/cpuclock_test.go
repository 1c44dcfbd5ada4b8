package cpuclock

import (
	"testing"
	"time"
)

// TestUsedCountsSpinning: spinning counts as processor time, 20 ms of it well within 5 s
// however busy the machine, and none of it as more than the clock saw.
func TestUsedCountsSpinning(t *testing.T) {
	wall, start := time.Now(), Used()
	deadline := wall.Add(5 * time.Second)
	for Used()-start < 20*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatalf("5 s spinning counted as %v of processor time", Used()-start)
		}
	}
	if used, seen := Used()-start, time.Since(wall); used > 2*seen+10*time.Millisecond {
		t.Errorf("%v of processor time in %v on the clock", used, seen) // two cores at most in a spin and the collector
	}
}
