package main

import (
	"runtime/debug"
	"testing"
)

// The build's heap limit follows the content up to a ceiling that keeps the
// 100,000-result tree (448 MB of content) under issue 17's 2 GiB peak.
func TestMemoryLimit(t *testing.T) {
	for _, c := range []struct{ content, want int64 }{
		{1 << 20, minHeapLimit},      // the demo: the floor
		{32_502_196, 8 * 32_502_196}, // 10,000 results: unchanged
		{448 << 20, 1600 << 20},      // 100,000 results: the ceiling
		{4 << 30, 1600 << 20},
	} {
		if got := memoryLimit(c.content, false); got != c.want {
			t.Errorf("memoryLimit(%d) = %d, want %d", c.content, got, c.want)
		}
	}
	// Through a cache: 15 times the content, to the same ceiling.
	for _, c := range []struct{ content, want int64 }{
		{1 << 20, minHeapLimit},
		{28_600_000, 15 * 28_600_000}, // 10,000 results: 429 MB
		{448 << 20, 1600 << 20},
	} {
		if got := memoryLimit(c.content, true); got != c.want {
			t.Errorf("memoryLimit(%d, cached) = %d, want %d", c.content, got, c.want)
		}
	}
}

// TestBuildPace: a build lets the collector run at GOGC=400 under the
// heap's ceiling until it is done, then sets the pace back; GOGC or GOMEMLIMIT, when set,
// decide alone.
func TestBuildPace(t *testing.T) {
	was := debug.SetGCPercent(100)
	defer debug.SetGCPercent(was)
	limit := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(limit)
	for _, env := range []string{"", "GOGC", "GOMEMLIMIT"} {
		t.Run("env="+env, func(t *testing.T) {
			if env != "" {
				t.Setenv(env, "200")
			}
			debug.SetMemoryLimit(limit)
			restore := buildPace()
			pace, ceiling := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
			debug.SetGCPercent(pace)
			wantPace, wantCeiling := 400, int64(maxHeapLimit)
			if env != "" {
				wantPace, wantCeiling = 100, limit
			}
			if pace != wantPace || ceiling != wantCeiling {
				t.Errorf("during the build: GOGC %d, limit %d; want %d, %d", pace, ceiling, wantPace, wantCeiling)
			}
			restore()
			if now := debug.SetGCPercent(100); now != 100 {
				t.Errorf("after the build: GOGC %d, want 100", now)
			}
		})
	}
}
