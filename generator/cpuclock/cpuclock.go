// Package cpuclock tells the processor time this process has used, for the tests and
// benchmarks that hold work to a budget on machines others share, on every system.
package cpuclock

import "time"

// Used is the processor time this process has used so far, user and system.
func Used() time.Duration {
	user, sys := Split()
	return user + sys
}

// Split is Used in its two parts: in user mode and in the system's.
func Split() (user, sys time.Duration) { return split() }
