package desk

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"time"

	"wuxiao/generator/content"
)

// prListTTL is how long the open pull requests the forge listed are shown without asking
// again: each list costs a call per page of them, on the visitor's rate limit.
const prListTTL = 30 * time.Second

// prList remembers the repository's last list of open pull requests, for prListTTL and
// only beside the base tree it was read with (a merge that moved the base lists again).
// The desk's own proposals forget it. Anyone signed in may read the repository's pull
// requests at the forge, and each page shows only its visitor's share of them (unitPRs).
type prList struct {
	mu   sync.Mutex
	gen  int // counts forget: a list asked for before the last forget is not kept
	tree *content.Tree
	at   time.Time
	prs  []PullRequest
}

// get is the list kept for tree at now, if any, and the generation to put a new one with.
func (l *prList) get(tree *content.Tree, now time.Time) ([]PullRequest, int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.tree != tree || l.tree == nil || now.Sub(l.at) >= prListTTL {
		return nil, l.gen, false
	}
	return slices.Clone(l.prs), l.gen, true
}

// put keeps prs, listed beside tree at now, unless the list was forgotten since gen.
func (l *prList) put(gen int, tree *content.Tree, prs []PullRequest, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if gen == l.gen {
		l.tree, l.at, l.prs = tree, now, slices.Clone(prs)
	}
}

// forget drops the list kept (the desk has just opened a pull request, or tried to).
func (l *prList) forget() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen++
	l.tree, l.prs = nil, nil
}

// openPRs is the open pull requests, from the list kept or by asking the forge as the
// visitor, briefly; a forge that does not answer leaves the list empty with a note rather
// than the page unusable.
func (s *Server) openPRs(ctx context.Context, v *visit) ([]PullRequest, string) {
	now := s.sessions.now()
	prs, gen, ok := s.prList.get(v.tree, now)
	if ok {
		return prs, ""
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	prs, err := s.forge(ctx, v).PullRequests(ctx)
	if err != nil {
		s.opt.Logf("desk: listing pull requests: %v", err)
		if _, said, ok := reachTrouble(err); ok {
			return nil, "暂时无法从代码托管平台读取合并请求，列表可能不全：" + said
		}
		return nil, "暂时无法从代码托管平台读取合并请求，列表可能不全。"
	}
	s.prList.put(gen, v.tree, prs, now)
	return prs, ""
}

// openPullRequest is the open pull request at url (a draft's), or nil when there is none
// open, or when the list cannot be read (the forge's failure shows on proposing).
func (s *Server) openPullRequest(r *http.Request, v *visit, url string) *PullRequest {
	if url == "" {
		return nil
	}
	prs, _ := s.openPRs(r.Context(), v)
	for i := range prs {
		if prs[i].URL == url {
			return &prs[i]
		}
	}
	return nil
}
