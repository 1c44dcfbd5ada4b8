//go:build race

package content

// raceEnabled: the test binary runs under the race detector, where sync.Pool drops what it
// is given at random, so counted allocations say nothing.
const raceEnabled = true
