package desk

import "sync"

// forgeCallsAtOnce is how many calls to the forge one task of the desk makes at the same
// time (the verdicts a page shows, the tokens a sweep revokes): enough to hide the round
// trips, few enough that one page or sweep does not crowd out the people's own requests.
const forgeCallsAtOnce = 4

// forEachAtOnce calls do(i) for each i in [0, n), at most forgeCallsAtOnce at a time,
// and returns when all have returned.
func forEachAtOnce(n int, do func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, forgeCallsAtOnce)
	for i := range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			do(i)
		}()
	}
	wg.Wait()
}
