//go:build linux

package main

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// peakRSS is the most memory this process has held, in bytes.
func peakRSS() int64 {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return int64(u.Maxrss) << 10 // kilobytes on Linux
}

// cpuTime is the processor time this process has used so far, user and system: on a
// machine others share, a build's wall time says more about them than about the build.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// TestCPUTime: cpuTime counts the processor time spent, as the rebuild benchmarks
// report it (cpu-x-cold): spinning, it reaches 20 ms more well within 5 s, however busy
// the machine.
func TestCPUTime(t *testing.T) {
	start, deadline := cpuTime(), time.Now().Add(5*time.Second)
	for cpuTime()-start < 20*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatalf("5 s spinning counted as %v of processor time", cpuTime()-start)
		}
	}
}

// childUsage is the peak memory, in bytes, and the minor page faults of the process
// that ps ended.
func childUsage(ps *os.ProcessState) (peak, faults int64) {
	u, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0
	}
	return int64(u.Maxrss) << 10, int64(u.Minflt)
}
