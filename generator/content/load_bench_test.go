package content

import (
	"testing"
	"time"

	"wuxiao/generator/cpuclock"
	"wuxiao/generator/testtree"
)

// BenchmarkLoad loads the synthetic tree of WUXIAO_BENCH_ROOT (/dev/shm/synth10k: 10,544
// files), or of 1,000 results, from the disk as a build without a cache does, and
// reports the processor time a load takes in user and system mode (user-ms/op,
// sys-ms/op: the other work of a shared machine changes them less than the wall time;
// system time is most of what reading the files costs).
func BenchmarkLoad(b *testing.B) {
	root := testtree.BenchRoot(b, 1000)
	fsys := DirFS(root)
	var user, sys time.Duration
	for b.Loop() {
		u0, s0 := cpuclock.Split()
		if _, _, err := Load(fsys); err != nil {
			b.Fatal(err)
		}
		u1, s1 := cpuclock.Split()
		user, sys = user+u1-u0, sys+s1-s0
	}
	b.ReportMetric(float64(user)/float64(b.N)/1e6, "user-ms/op")
	b.ReportMetric(float64(sys)/float64(b.N)/1e6, "sys-ms/op")
}
