package desk

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestForEachAtOnceBoundsTheCalls: every index is called exactly once, never more than
// forgeCallsAtOnce at the same time, and at that many when there is enough to do.
func TestForEachAtOnceBoundsTheCalls(t *testing.T) {
	for _, n := range []int{0, 1, 3, forgeCallsAtOnce, 17} {
		var running, most atomic.Int32
		var mu sync.Mutex
		called := map[int]int{}
		forEachAtOnce(n, func(i int) {
			now := running.Add(1)
			for {
				was := most.Load()
				if now <= was || most.CompareAndSwap(was, now) {
					break
				}
			}
			// wait (2 s at most) until as many run as may, so that a bound set lower
			// than forgeCallsAtOnce shows, on a loaded machine too
			for end := time.Now().Add(2 * time.Second); n >= forgeCallsAtOnce && most.Load() < forgeCallsAtOnce && time.Now().Before(end); {
				time.Sleep(time.Millisecond)
			}
			time.Sleep(2 * time.Millisecond) // long enough for an unbounded loop to start the rest
			running.Add(-1)
			mu.Lock()
			called[i]++
			mu.Unlock()
		})
		if len(called) != n {
			t.Errorf("n=%d: %d indexes called, want %d", n, len(called), n)
		}
		for i, c := range called {
			if i < 0 || i >= n || c != 1 {
				t.Errorf("n=%d: index %d called %d times", n, i, c)
			}
		}
		if want := int32(min(n, forgeCallsAtOnce)); most.Load() > forgeCallsAtOnce || n >= forgeCallsAtOnce && most.Load() != want {
			t.Errorf("n=%d: at most %d at once, want %d", n, most.Load(), want)
		}
	}
}
