package content

import (
	"syscall"
	"testing"
	"time"

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
		u0, s0 := rusage()
		if _, _, err := Load(fsys); err != nil {
			b.Fatal(err)
		}
		u1, s1 := rusage()
		user, sys = user+u1-u0, sys+s1-s0
	}
	b.ReportMetric(float64(user)/float64(b.N)/1e6, "user-ms/op")
	b.ReportMetric(float64(sys)/float64(b.N)/1e6, "sys-ms/op")
}

// rusage is the processor time the process has spent in user and in system mode.
func rusage() (user, sys time.Duration) {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0, 0
	}
	return time.Duration(u.Utime.Nano()), time.Duration(u.Stime.Nano())
}
