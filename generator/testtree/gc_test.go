package testtree

import (
	"runtime/debug"
	"testing"
)

// TestCollectLessOften: without GOGC and GOMEMLIMIT the collector runs at 400 % under a
// limit of 1 GiB; with them it is left as they say.
func TestCollectLessOften(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	debug.SetGCPercent(100)
	CollectLessOften()
	if got, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1); got != 400 || limit != 1<<30 {
		t.Errorf("GOGC and GOMEMLIMIT unset: collector at %d %%, limit %d, want 400 %% and 1 GiB", got, limit)
	}
	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "3GiB")
	debug.SetGCPercent(50)
	debug.SetMemoryLimit(3 << 30)
	CollectLessOften()
	if got, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1); got != 50 || limit != 3<<30 {
		t.Errorf("GOGC=50 GOMEMLIMIT=3GiB: collector at %d %%, limit %d, left as they were", got, limit)
	}
}
