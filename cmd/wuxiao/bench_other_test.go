//go:build !linux

package main

import "os"

// peakRSS is unknown here.
func peakRSS() int64 { return 0 }

// childUsage is unknown here.
func childUsage(*os.ProcessState) (peak, faults int64) { return 0, 0 }
