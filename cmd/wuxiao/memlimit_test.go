package main

import "testing"

// The build's heap limit follows the content up to a ceiling that keeps the
// 100,000-result tree (448 MB of content) under issue 17's 2 GiB peak.
func TestMemoryLimit(t *testing.T) {
	for _, c := range []struct{ content, want int64 }{
		{1 << 20, minHeapLimit},      // the demo: the floor
		{32_502_196, 8 * 32_502_196}, // 10,000 results: unchanged
		{448 << 20, 1700 << 20},      // 100,000 results: the ceiling
		{4 << 30, 1700 << 20},
	} {
		if got := memoryLimit(c.content, false); got != c.want {
			t.Errorf("memoryLimit(%d) = %d, want %d", c.content, got, c.want)
		}
	}
	// Through a cache: 11 times the content, to the same ceiling.
	for _, c := range []struct{ content, want int64 }{
		{1 << 20, minHeapLimit},
		{28_600_000, 11 * 28_600_000}, // 10,000 results: 315 MB
		{448 << 20, 1700 << 20},
	} {
		if got := memoryLimit(c.content, true); got != c.want {
			t.Errorf("memoryLimit(%d, cached) = %d, want %d", c.content, got, c.want)
		}
	}
}
