package desk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wuxiao/generator/forge"
)

// clocked is a fixture whose desk reads the time from the returned clock, revoking into revoked.
func clocked(t *testing.T) (*fixture, *time.Time, *[]string) {
	f := newFixture(t, "2026-09-15")
	revoked := &[]string{}
	var mu sync.Mutex // the sweep revokes several at once
	f.opt.Revoke = func(_ context.Context, tok *oauth2.Token) error {
		mu.Lock()
		defer mu.Unlock()
		*revoked = append(*revoked, tok.AccessToken)
		return nil
	}
	f.restart()
	clock := time.Date(2026, 9, 15, 9, 0, 0, 0, time.UTC)
	f.s.sessions.now = func() time.Time { return clock }
	return f, &clock, revoked
}

// TestRemovedCollaboratorLosesHisSession: a collaborator removed from the repository after
// he signed in loses his session within recheckEvery of his next request (the forge is
// asked again whether his token may read the base branch), his token is revoked, the
// removal audited and he is told so in Chinese; the forge is asked once per session and
// period, not once a request.
func TestRemovedCollaboratorLosesHisSession(t *testing.T) {
	f, clock, revoked := clocked(t)
	c := f.as("mine1-admin")
	for range 20 {
		if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusOK {
			t.Fatalf("a collaborator: %d", w.Code)
		}
	}
	fg := f.forge("mine1-admin")
	if fg.logins != 0 {
		t.Errorf("20 pages asked the forge %d times whether he may read the repository", fg.logins)
	}
	fg.access = fmt.Errorf("mine1-admin: %w", ErrNoAccess)
	*clock = clock.Add(recheckEvery / 2)
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusOK {
		t.Fatalf("before the next check: %d", w.Code)
	}
	*clock = clock.Add(recheckEvery)
	w := f.get("/unit/kuangqu-mine1/", c)
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "已不能读取内容仓库") || !strings.Contains(w.Header().Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("after his removal: %d %q\n%s", w.Code, w.Header().Get("Set-Cookie"), w.Body)
	}
	if strings.Join(*revoked, ",") != "mine1-admin" || !strings.Contains(f.audit.String(), `"action":"access-ended","result":"ok"`) {
		t.Errorf("revoked %q; audit log:\n%s", *revoked, f.audit)
	}
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusSeeOther {
		t.Errorf("the same cookie again: %d", w.Code)
	}
	if len(*revoked) != 1 {
		t.Errorf("revoked %q", *revoked)
	}
}

// TestRenamedAccountLosesHisSession: roles are read by login name; a token that now
// answers to another name (the account was renamed, its old name free for anyone) ends
// the session.
func TestRenamedAccountLosesHisSession(t *testing.T) {
	f, clock, revoked := clocked(t)
	c := f.as("mine1-admin")
	f.get("/unit/kuangqu-mine1/", c)
	f.forge("mine1-admin").renamed = "someone-new"
	*clock = clock.Add(recheckEvery + time.Second)
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "账号名") {
		t.Fatalf("after a rename: %d\n%s", w.Code, w.Body)
	}
	if len(*revoked) != 1 {
		t.Errorf("revoked %q", *revoked)
	}
}

// TestSessionUnknownSinceARestartIsChecked: a cookie the desk has not seen since it started
// (a restart) is checked at its first request.
func TestSessionUnknownSinceARestartIsChecked(t *testing.T) {
	f, _, revoked := clocked(t)
	c := f.as("mine1-admin")
	f.forge("mine1-admin").access = fmt.Errorf("mine1-admin: %w", ErrNoAccess)
	now := f.s.sessions.now
	f.restart()
	f.s.sessions.now = now
	if w := f.get("/", c); w.Code != http.StatusForbidden || f.forge("mine1-admin").logins != 1 {
		t.Errorf("after a restart: %d, asked %d times", w.Code, f.forge("mine1-admin").logins)
	}
	if len(*revoked) != 1 {
		t.Errorf("revoked %q", *revoked)
	}
}

// TestForgeDownKeepsTheSessionAndAsksAgainLater: a forge that does not answer the check
// ends no session (the person is not at fault), and the desk asks again a minute later,
// not at every request.
func TestForgeDownKeepsTheSessionAndAsksAgainLater(t *testing.T) {
	f, clock, revoked := clocked(t)
	c := f.as("mine1-admin")
	fg := f.forge("mine1-admin")
	fg.access = errors.New("forge: 502 bad gateway")
	*clock = clock.Add(recheckEvery)
	for range 5 {
		if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusOK {
			t.Fatalf("with the forge down: %d", w.Code)
		}
	}
	if fg.logins != 1 || len(*revoked) != 0 {
		t.Errorf("asked %d times, revoked %q", fg.logins, *revoked)
	}
	*clock = clock.Add(recheckRetry + time.Second)
	f.get("/unit/kuangqu-mine1/", c)
	if fg.logins != 2 {
		t.Errorf("a minute later: asked %d times", fg.logins)
	}
}

// TestTokensOfSessionsNeverEndedAreRevoked: a session whose person never comes back after
// its eight hours still has its token revoked at the forge (GitHub's OAuth app tokens
// never end on their own), by the desk's sweep, off any request, once.
func TestTokensOfSessionsNeverEndedAreRevoked(t *testing.T) {
	f, clock, revoked := clocked(t)
	c := f.as("mine1-admin")
	f.get("/unit/kuangqu-mine1/", c)
	other := f.as("expert2")
	f.get("/expert/", other)
	*clock = clock.Add(4 * time.Hour)
	f.s.sweep(context.Background())
	if len(*revoked) != 0 {
		t.Fatalf("revoked %q within the sessions' time", *revoked)
	}
	*clock = clock.Add(4*time.Hour + time.Second)
	f.s.sweep(context.Background())
	f.s.sweep(context.Background())
	if strings.Join(*revoked, ",") != "expert2,mine1-admin" && strings.Join(*revoked, ",") != "mine1-admin,expert2" {
		t.Fatalf("revoked %q, want both sessions' tokens once", *revoked)
	}
	if !strings.Contains(f.audit.String(), `"action":"session-ended","result":"ok","detail":"expired"`) {
		t.Errorf("audit log:\n%s", f.audit)
	}
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusSeeOther || len(*revoked) != 2 {
		t.Errorf("the ended cookie again: %d, revoked %q", w.Code, *revoked)
	}
}

// TestCheckUsesARenewedToken: the access check on the home page, as on every other page,
// asks with the session's token renewed first: a Gitea token past its hour is refused
// (401), which would end the session of a person who may still read the repository.
func TestCheckUsesARenewedToken(t *testing.T) {
	f, _, revoked := clocked(t)
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"mine1-admin","refresh_token":"r2","token_type":"bearer","expires_in":3600}`))
	}))
	defer tokens.Close()
	f.s.oauth.Endpoint = oauth2.Endpoint{AuthURL: "https://forge.test/login/oauth/authorize", TokenURL: tokens.URL}
	f.forge("stale").access = fmt.Errorf("user: %w", forge.ErrUnauthorized)
	sess := f.s.sessions.begin("mine1-admin", &oauth2.Token{AccessToken: "stale", RefreshToken: "r1", Expiry: f.s.sessions.now().Add(-time.Minute)})
	c := &http.Cookie{Name: f.s.cookieName(sessionCookie), Value: f.s.sessions.seal(sess)} // not seen since a restart: checked at once
	if w := f.get("/", c); w.Code != http.StatusOK || strings.Contains(w.Body.String(), "已不能读取") || len(*revoked) != 0 {
		t.Errorf("home with a token to renew: %d, revoked %q\n%s", w.Code, *revoked, w.Body)
	}
	if f.forge("mine1-admin").logins != 1 || f.forge("stale").logins != 0 {
		t.Errorf("checked with the renewed token %d times, the stale one %d times", f.forge("mine1-admin").logins, f.forge("stale").logins)
	}
}

// TestRefusedTokenEndsTheSession: a token the forge refuses (401: the person withdrew the
// desk's authorization) ends the session like a removal.
func TestRefusedTokenEndsTheSession(t *testing.T) {
	f, clock, revoked := clocked(t)
	c := f.as("mine1-admin")
	f.forge("mine1-admin").access = fmt.Errorf("user: %w", forge.ErrUnauthorized)
	*clock = clock.Add(recheckEvery + time.Second)
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "撤销了对工作台的授权") || len(*revoked) != 1 {
		t.Errorf("a refused token: %d, revoked %q", w.Code, *revoked)
	}
}

// TestOneAccountCannotFillTheLiveSessions: one collaborator signing in over and over (a
// script, from many addresses) keeps at most maxLivePerLogin sessions, his oldest ended
// and their tokens revoked, so that he cannot fill the desk's memory of sessions
// (maxLive): past it, each request of anyone who signs in after costs a forge check.
func TestOneAccountCannotFillTheLiveSessions(t *testing.T) {
	f, _, revoked := clocked(t)
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"bearer"}`, r.PostForm.Get("code"))
	}))
	defer tokens.Close()
	f.s.oauth.Endpoint = oauth2.Endpoint{AuthURL: "https://forge.test/login/oauth/authorize", TokenURL: tokens.URL}
	room := 200 // maxLive in a twentieth of the time: the same 21 checks for 21 requests with 10,000
	f.s.live.room = room
	signIn := func(login, addr string) *http.Cookie {
		r := httptest.NewRequest("GET", "https://desk.test/login", nil)
		r.RemoteAddr = addr
		w := httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		loc, _ := url.Parse(w.Header().Get("Location"))
		r = httptest.NewRequest("GET", "https://desk.test/oauth/callback?code="+login+"&state="+url.QueryEscape(loc.Query().Get("state")), nil)
		r.RemoteAddr = addr
		r.AddCookie(w.Result().Cookies()[0])
		w = httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		for _, c := range w.Result().Cookies() {
			if c.Name == f.s.cookieName(sessionCookie) && c.MaxAge >= 0 {
				return c
			}
		}
		t.Fatalf("%s's sign-in: %d\n%s", login, w.Code, w.Body)
		return nil
	}
	first := signIn("mine1-admin", "198.51.100.1:1000")
	for i := 1; i < room; i++ { // five sign-ins an address, within its limit
		signIn("mine1-admin", fmt.Sprintf("10.%d.%d.1:1000", i/5/250, i/5%250))
	}
	if w := f.get("/unit/kuangqu-mine1/", first); w.Code != http.StatusSeeOther {
		t.Errorf("his first session, after %d more sign-ins: %d, want it ended", room-1, w.Code)
	}
	if len(*revoked) != room-maxLivePerLogin || !strings.Contains(f.audit.String(), `"action":"session-ended","result":"ok","detail":"the account's oldest past maxLivePerLogin"`) {
		t.Errorf("%d tokens revoked, want %d", len(*revoked), room-maxLivePerLogin)
	}
	c := signIn("expert2", "192.0.2.7:1000")
	for range 20 {
		if w := f.get("/expert/", c); w.Code != http.StatusOK {
			t.Fatalf("the expert's page: %d", w.Code)
		}
	}
	if n := f.forge("expert2").logins; n != 1 {
		t.Errorf("an expert who signed in after %d sign-ins of another account: the forge asked %d times in his sign-in and 20 pages, want once", room, n)
	}
}

// A branch's name is anyone's to choose (any writer of the repository, or anyone's fork of
// a public one): a pull request on a branch named like the desk's, opened by someone who is
// no admin of the unit or county it names, is not listed as theirs (on the unit's page, nor
// among the county's units) and takes no bulletin issue. Found by an attacker's review.
func TestDeskBranchNamesAreNotOwnership(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	spoof := PullRequest{Number: 77, Title: "申报：补交材料请联系 0353-XXXX（矿一工会）", URL: "https://forge.test/pr/77",
		Author: "outsider", Branch: "desk/kuangqu-mine1/fake-123456"}
	issue := PullRequest{Number: 78, Title: "简报：冒名", URL: "https://forge.test/pr/78", Author: "outsider",
		Branch: "desk/kuangqu/bulletin-kuangqu-2026-500-abcdef"}
	own := PullRequest{Number: 79, Title: "申报：本单位的", URL: "https://forge.test/pr/79", Author: "mine1-admin",
		Branch: "desk/kuangqu-mine1/ben-dan-wei-654321"}
	for _, login := range []string{"mine1-admin", "kuangqu-union"} {
		f.forge(login).open = []PullRequest{spoof, issue, own}
	}
	for _, tc := range []struct{ login, target string }{{"mine1-admin", "/unit/kuangqu-mine1/"}, {"kuangqu-union", "/county/kuangqu/"}} {
		f.s.prList.forget()
		page := f.get(tc.target, f.as(tc.login)).Body.String()
		if strings.Contains(page, "补交材料") || !strings.Contains(page, "本单位的") {
			t.Errorf("%s: the outsider's pull request listed %v, the admin's own %v", tc.target, strings.Contains(page, "补交材料"), strings.Contains(page, "本单位的"))
		}
	}
	f.s.prList.forget()
	if page := f.get("/county/kuangqu/bulletin", f.as("kuangqu-union")).Body.String(); strings.Contains(page, `value="501"`) {
		t.Error("the bulletin form proposes issue 501 after the outsider's branch")
	}
	v := url.Values{"title": {"矿区“五小”成果现场观摩"}, "date": {"2026-09-15"}, "issue": {"500"}, "body": {"矿区总工会组织各基层单位观摩获奖成果。"}}
	f.s.prList.forget()
	if w := f.postForm("/county/kuangqu/bulletin", v, f.as("kuangqu-union")); strings.Contains(w.Body.String(), "已在未合并的合并请求 #78") {
		t.Error("issue 500 is refused as taken by the outsider's pull request")
	}
}
