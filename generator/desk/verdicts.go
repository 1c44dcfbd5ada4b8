package desk

import (
	"context"
	"sync"
	"time"
)

// verdictTTL is how long a checks' verdict the forge gave is shown without asking again;
// maxVerdicts bounds the verdicts remembered, maxShownVerdicts those one page asks for.
const (
	verdictTTL       = 30 * time.Second
	maxVerdicts      = 2000
	maxShownVerdicts = 50
)

// verdicts remembers the checks' verdicts the forge gave, by head commit, for verdictTTL.
// A verdict is shown only beside a pull request the page shows its visitor anyway, and
// anyone signed in may read the repository's pull requests at the forge.
type verdicts struct {
	mu   sync.Mutex
	byID map[string]verdict
}

type verdict struct {
	text string
	at   time.Time
}

func newVerdicts() *verdicts { return &verdicts{byID: map[string]verdict{}} }

func (vs *verdicts) get(sha string, now time.Time) (string, bool) {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	v, ok := vs.byID[sha]
	if !ok || now.Sub(v.at) >= verdictTTL {
		return "", false
	}
	return v.text, true
}

func (vs *verdicts) put(sha, text string, now time.Time) {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if len(vs.byID) >= maxVerdicts {
		for k, v := range vs.byID {
			if now.Sub(v.at) >= verdictTTL {
				delete(vs.byID, k)
			}
		}
		if len(vs.byID) >= maxVerdicts {
			return
		}
	}
	vs.byID[sha] = verdict{text, now}
}

// withVerdicts fills in the checks' verdict of the pull requests a page shows (the first
// maxShownVerdicts), from what the forge said within verdictTTL or by asking it as the
// visitor, forgeCallsAtOnce at a time; a verdict that cannot be read shows as none yet.
func (s *Server) withVerdicts(ctx context.Context, v *visit, prs []PullRequest) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	now := s.sessions.now()
	f := s.forge(ctx, v)
	var ask []int // the shown pull requests whose verdict is not remembered
	for i := range prs[:min(len(prs), maxShownVerdicts)] {
		if prs[i].HeadSHA == "" {
			continue
		}
		if text, ok := s.verdicts.get(prs[i].HeadSHA, now); ok {
			prs[i].Checks = text
			continue
		}
		ask = append(ask, i)
	}
	forEachAtOnce(len(ask), func(k int) {
		pr := &prs[ask[k]]
		if text, err := f.Verdict(ctx, pr.HeadSHA); err == nil {
			pr.Checks = text
			s.verdicts.put(pr.HeadSHA, text, now)
		}
	})
}
