//go:build linux

package main

import (
	"os"
	"syscall"
)

// peakRSS is the most memory this process has held, in bytes.
func peakRSS() int64 {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return int64(u.Maxrss) << 10 // kilobytes on Linux
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
