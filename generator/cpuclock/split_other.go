//go:build !unix && !windows

package cpuclock

import "time"

// started stands in for the process's start where no processor time is told: a
// budget is then held to the clock since the package was loaded (on one core, never less
// than the processor time; with more, it may be).
var started = time.Now()

func split() (user, sys time.Duration) { return time.Since(started), 0 }
