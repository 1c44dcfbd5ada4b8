//go:build linux

package main

import "syscall"

// peakRSS is the most memory this process has held, in bytes.
func peakRSS() int64 {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return int64(u.Maxrss) << 10 // kilobytes on Linux
}
