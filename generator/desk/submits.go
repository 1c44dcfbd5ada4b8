package desk

import (
	"context"
	"sync"
	"time"
)

// maxSubmitsAtOnce bounds the changes the desk checks and proposes at the same time, all
// people's together: each check reads the whole tree (a declaration's proofs are read from
// the drafts' folder as they are checked and sent, not held: TestDeclarationProofsAreNotHeldInMemory).
const maxSubmitsAtOnce = 2

// submitWait is how long a change waits for its turn before its person is asked to submit
// again later (a declaration's draft is saved by then).
const submitWait = 30 * time.Second

// submitGate gives the changes their turns (declarations in submit, the other forms in
// propose): maxSubmitsAtOnce at a time, and one at a time for each person (a second, a
// double click say, would hold another turn and open another pull request of the same).
type submitGate struct {
	turns chan struct{}
	mu    sync.Mutex
	busy  map[string]bool // the logins with a declaration under way or waiting
}

func newSubmitGate(n int) *submitGate {
	return &submitGate{turns: make(chan struct{}, n), busy: map[string]bool{}}
}

// enter waits, at most wait, for a turn for login's change; false when he has one
// under way already, or no turn came (or ctx ended). After true, leave gives the turn back.
func (g *submitGate) enter(ctx context.Context, login string, wait time.Duration) bool {
	login = lower(login)
	g.mu.Lock()
	if g.busy[login] {
		g.mu.Unlock()
		return false
	}
	g.busy[login] = true
	g.mu.Unlock()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g.turns <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	g.mu.Lock()
	delete(g.busy, login)
	g.mu.Unlock()
	return false
}

// leave ends login's turn.
func (g *submitGate) leave(login string) {
	<-g.turns
	g.mu.Lock()
	delete(g.busy, lower(login))
	g.mu.Unlock()
}
