package desk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"wuxiao/generator/forge"
	"wuxiao/generator/pullreq"
)

// recheckEvery is how often the desk asks the forge again whether a signed-in person may
// still read the repository: a collaborator removed after he signed in keeps his session
// at most this long after his next request. recheckRetry is the wait after a forge that
// did not answer.
const (
	recheckEvery = 5 * time.Minute
	recheckRetry = time.Minute
)

// maxLive bounds the sessions the desk remembers; past it, a session not remembered is
// checked at each request (sign-ins need an account that may read the repository, so only
// collaborators can make sessions at all). maxLivePerLogin bounds those of one account
// (a phone, a few computers and browsers): his sign-in past it ends his oldest, so that
// one account signing in over and over cannot fill the rest.
const (
	maxLive         = 10000
	maxLivePerLogin = 10
)

// liveSessions are the sessions the desk has seen since it started, by id: when the forge
// last let each read the repository, and the token to revoke when the session runs out
// (a person who never comes back would leave it working at the forge). Kept in memory
// only: no token is written to the desk's disk; a session seen again after a restart is
// remembered again.
type liveSessions struct {
	mu   sync.Mutex
	byID map[string]*liveSession
	room int // maxLive; less in tests
}

type liveSession struct {
	login   string
	token   *oauth2.Token
	expires time.Time
	checked time.Time // when the forge last answered the check (or a check was begun)
}

func newLiveSessions() *liveSessions {
	return &liveSessions{byID: map[string]*liveSession{}, room: maxLive}
}

// passed remembers sess as having passed the check at now (a sign-in). It removes and
// returns the same account's other sessions past maxLivePerLogin, those that run out first:
// the caller ends them.
func (l *liveSessions) passed(sess *session, now time.Time) map[string]*liveSession {
	l.mu.Lock()
	defer l.mu.Unlock()
	var his []string
	for id, e := range l.byID {
		if id != sess.ID && pullreq.SameLogin(e.login, sess.Login) {
			his = append(his, id)
		}
	}
	out := map[string]*liveSession{}
	if len(his) >= maxLivePerLogin {
		sort.Slice(his, func(i, j int) bool { return l.byID[his[i]].expires.Before(l.byID[his[j]].expires) })
		for _, id := range his[:len(his)-maxLivePerLogin+1] {
			out[id] = l.byID[id]
			delete(l.byID, id)
		}
	}
	if e := l.byID[sess.ID]; e != nil || len(l.byID) < l.room {
		l.byID[sess.ID] = &liveSession{login: sess.Login, token: sess.Token, expires: sess.Expires, checked: now}
	}
	return out
}

// due remembers sess (with its current token) and tells whether its check is due at now;
// when it is, the check is taken as begun, so that requests at the same time do not ask too.
func (l *liveSessions) due(sess *session, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.byID[sess.ID]
	if e == nil {
		if len(l.byID) >= l.room {
			return true
		}
		e = &liveSession{login: sess.Login, expires: sess.Expires}
		l.byID[sess.ID] = e
	}
	e.token = sess.Token
	if !e.checked.IsZero() && now.Sub(e.checked) < recheckEvery {
		return false
	}
	e.checked = now
	return true
}

// retry makes the check of session id due again recheckRetry after now.
func (l *liveSessions) retry(id string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e := l.byID[id]; e != nil {
		e.checked = now.Add(recheckRetry - recheckEvery)
	}
}

// forget drops session id (signed out, or ended by the desk, its token revoked already).
func (l *liveSessions) forget(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.byID, id)
}

// ran removes and returns the sessions that have run their time at now.
func (l *liveSessions) ran(now time.Time) map[string]*liveSession {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]*liveSession{}
	for id, e := range l.byID {
		if now.After(e.expires) {
			out[id] = e
			delete(l.byID, id)
		}
	}
	return out
}

// stillAllowed asks the forge, at most once per recheckEvery and session, whether sess's
// token still reads the repository as the same account. When it does not (removed from
// the collaborators, the desk's authorization withdrawn, the account renamed) the session
// ends: signed out, its token revoked, audited, and the person told why; it reports false
// after answering the request. A forge that does not answer keeps the session and is asked
// again recheckRetry later.
func (s *Server) stillAllowed(w http.ResponseWriter, r *http.Request, sess *session) bool {
	now := s.sessions.now()
	if !s.live.due(sess, now) {
		return true
	}
	// on the desk's own deadline, not the request's: a removed person who closed his
	// connection during each check would otherwise be asked again only a minute later,
	// his other requests served meanwhile
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
	defer cancel()
	login, err := s.opt.Connect(ctx, sess.Token).Login(ctx)
	var why, msg string
	switch {
	case errors.Is(err, ErrNoAccess), errors.Is(err, forge.ErrUnauthorized):
		why, msg = "no access to the repository", "您的账号已不能读取内容仓库（可能已被移出仓库的协作者，或撤销了对工作台的授权），工作台已让您退出登录。如有疑问，请联系市总工会。"
	case err != nil:
		s.opt.Logf("desk: checking %s's access: %v", sess.Login, err)
		s.live.retry(sess.ID, now)
		return true
	case !pullreq.SameLogin(login, sess.Login):
		why, msg = "the account's name changed", "您在代码托管平台上的账号名已改变，工作台已让您退出登录。请重新登录；如果各项权限没有随新账号名更新，请联系市总工会。"
	default:
		return true
	}
	s.sessions.end(sess.ID)
	s.live.forget(sess.ID)
	s.audit.log(r, sess.Login, "access-ended", "", "ok", why)
	s.revoke(ctx, r, sess)
	http.SetCookie(w, s.cookie(sessionCookie, "", -1))
	s.fail(w, r, http.StatusForbidden, msg)
	return false
}

// sweep ends the sessions that have run their time since the last sweep.
func (s *Server) sweep(ctx context.Context) {
	s.endForgotten(ctx, s.live.ran(s.sessions.now()), "expired")
}

// endForgotten ends sessions the desk remembers no more (the live sessions gave them up):
// each is marked signed out, audited with why, and its token revoked at the forge
// (forgeCallsAtOnce at a time, ten seconds each).
func (s *Server) endForgotten(ctx context.Context, forgotten map[string]*liveSession, why string) {
	if len(forgotten) == 0 {
		return
	}
	ids := make([]string, 0, len(forgotten))
	ended := make([]*liveSession, 0, len(forgotten))
	for id, e := range forgotten {
		ids = append(ids, id)
		ended = append(ended, e)
	}
	s.sessions.end(ids...)
	forEachAtOnce(len(ended), func(i int) {
		e := ended[i]
		s.audit.log(nil, e.login, "session-ended", "", "ok", why)
		s.revoke(ctx, nil, &session{Login: e.login, Token: e.token})
	})
}

// Sweep, until ctx ends, ends the sessions that have run their time every minute, so that
// their tokens are revoked at the forge whether or not their people come back, and deletes
// the drafts not saved for maxDraftAge every hour.
func (s *Server) Sweep(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	s.sweepDrafts()
	for i := 1; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.sweep(ctx)
			if i%60 == 0 {
				s.sweepDrafts()
			}
		}
	}
}

// sweepDrafts deletes the drafts not saved for maxDraftAge, with their proofs.
func (s *Server) sweepDrafts() {
	if n := s.drafts.sweepOld(); n > 0 {
		s.audit.log(nil, "", "draft-pruned", "", "ok", fmt.Sprintf("%d drafts older than %d days", n, int(s.drafts.maxAge.Hours()/24)))
	}
}
