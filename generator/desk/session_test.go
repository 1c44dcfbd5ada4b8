package desk

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wuxiao/generator/forge"
)

// TestSessionsSurviveARestart: a desk restarted with the same session key still knows who
// is signed in (the session travels sealed in its cookie: the token is not readable in
// it); another key, a tampered cookie or a signed-out session is not signed in.
func TestSessionsSurviveARestart(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	if strings.Contains(c.Value, "mine1-admin") {
		t.Fatalf("the cookie shows the token or the login: %s", c.Value)
	}
	f.restart()
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusOK {
		t.Fatalf("after a restart: %d %s", w.Code, w.Header().Get("Location"))
	}
	tampered := *c
	flip := byte('A')
	if c.Value[20] == 'A' {
		flip = 'B'
	}
	tampered.Value = c.Value[:20] + string(flip) + c.Value[21:]
	if w := f.get("/unit/kuangqu-mine1/", &tampered); w.Code != http.StatusSeeOther {
		t.Errorf("a tampered cookie: %d", w.Code)
	}
	f.opt.SessionKey = bytes.Repeat([]byte("x"), 32)
	f.restart()
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusSeeOther {
		t.Errorf("another key still signs in: %d", w.Code)
	}
	c = f.as("mine1-admin")
	if w := f.postForm("/logout", url.Values{}, c); w.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", w.Code)
	}
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusSeeOther {
		t.Errorf("a signed-out session still signs in: %d", w.Code)
	}
}

// TestSessionKeyFile: the key file is created (0600, 32 random bytes) when absent and read
// back the same afterwards; one inside the content repository is refused.
func TestSessionKeyFile(t *testing.T) {
	root, data := t.TempDir(), t.TempDir()
	file := filepath.Join(data, "keys", "session.key")
	k1, err := SessionKey(file, root)
	if err != nil || len(k1) < 32 {
		t.Fatalf("SessionKey = %d bytes, %v", len(k1), err)
	}
	// Windows keeps no permission bits (Go says 0666 of every file): none is asserted there.
	unixModes := runtime.GOOS != "windows"
	st, err := os.Stat(file)
	if err != nil || unixModes && st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st.Mode(), err)
	}
	k2, err := SessionKey(file, root)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("read back: %v, same %v", err, bytes.Equal(k1, k2))
	}
	other, _ := SessionKey(filepath.Join(t.TempDir(), "session.key"), root)
	if bytes.Equal(other, k1) {
		t.Errorf("two new key files hold the same key")
	}
	if _, err := SessionKey(filepath.Join(root, "desk-data", "session.key"), root); err == nil || !strings.Contains(err.Error(), "仓库") {
		t.Errorf("a key file inside the repository: %v", err)
	}
	os.WriteFile(filepath.Join(data, "short.key"), []byte("abc"), 0o600)
	if _, err := SessionKey(filepath.Join(data, "short.key"), root); err == nil {
		t.Errorf("a key file of 3 bytes was accepted")
	}
	os.WriteFile(filepath.Join(data, "open.key"), bytes.Repeat([]byte("k"), 64), 0o644)
	if _, err := SessionKey(filepath.Join(data, "open.key"), root); unixModes && (err == nil || !strings.Contains(err.Error(), "0600")) {
		t.Errorf("a key file others can read: %v", err)
	} else if !unixModes && err != nil {
		t.Errorf("a key file on Windows: %v", err)
	}
}

// TestDraftsSurviveARestart: a saved draft is on the desk's disk (per person, 0600) and a
// restarted desk shows it.
func TestDraftsSurviveARestart(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("action", "save")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c); w.Code != http.StatusOK && w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", w.Code, w.Body)
	}
	f.restart()
	if body := f.get("/unit/kuangqu-mine1/", c).Body.String(); !strings.Contains(body, "井下皮带自动张紧装置") || !strings.Contains(body, "草稿") {
		t.Fatalf("the draft is gone after a restart:\n%.3000s", body)
	}
	n := 0
	filepath.WalkDir(f.opt.Drafts, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		// Windows keeps no permission bits (Go says 0777 of every folder, 0666 of every file).
		if runtime.GOOS != "windows" && (d.IsDir() && p != f.opt.Drafts && info.Mode().Perm() != 0o700 || !d.IsDir() && info.Mode().Perm() != 0o600) {
			t.Errorf("%s: mode %v", p, info.Mode().Perm())
		}
		if !d.IsDir() {
			n++
			if data, _ := os.ReadFile(p); bytes.Contains(data, []byte("mine1-admin")) {
				t.Errorf("%s names the login", p)
			}
		}
		return nil
	})
	if n == 0 {
		t.Fatal("no draft file on disk")
	}
}

// TestGitHubSignInGoesToGitHub: configured for GitHub with no forge address, the desk
// sends the browser to https://github.com/login/oauth/authorize with PKCE and state, and
// exchanges the code at https://github.com/login/oauth/access_token with the client's
// credentials in the form (GitHub's documented endpoints; the end-to-end test replays the
// same paths on a loopback host).
func TestGitHubSignInGoesToGitHub(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	f.opt.Forge, f.opt.ForgeURL = "github", ""
	f.restart()
	w := f.get("/login", nil)
	loc, err := url.Parse(w.Header().Get("Location"))
	if w.Code != http.StatusFound || err != nil || loc.Scheme+"://"+loc.Host+loc.Path != "https://github.com/login/oauth/authorize" {
		t.Fatalf("login: %d %s", w.Code, w.Header().Get("Location"))
	}
	q := loc.Query()
	if q.Get("client_id") != "id" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" ||
		q.Get("scope") != "repo read:user" || q.Get("redirect_uri") != "https://desk.test/oauth/callback" {
		t.Errorf("authorize query: %v", q)
	}
	if ep := f.s.oauth.Endpoint; ep.TokenURL != "https://github.com/login/oauth/access_token" || ep.AuthStyle != oauth2.AuthStyleInParams {
		t.Errorf("token endpoint: %+v", ep)
	}
}

// TestSignOutRevokesTheToken: signing out ends the session and asks the forge to revoke
// its token (once, the session's own); the audit log says whether that worked. A forge
// that fails or cannot revoke still signs the person out.
func TestSignOutRevokesTheToken(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		result string
	}{
		{"revoked", nil, `"action":"revoke","result":"ok"`},
		{"failed", errors.New("GitHub answered 500"), `"action":"revoke","result":"failed","detail":"GitHub answered 500"`},
		{"cannot", forge.ErrCannotRevoke, `"action":"revoke","result":"unsupported"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, "2026-09-15")
			var revoked []string
			f.opt.Revoke = func(_ context.Context, tok *oauth2.Token) error {
				revoked = append(revoked, tok.AccessToken)
				return tc.err
			}
			f.restart()
			c := f.as("mine1-admin")
			f.as("mine2-admin")
			w := f.postForm("/logout", url.Values{}, c)
			if w.Code != http.StatusSeeOther || !strings.Contains(w.Header().Get("Set-Cookie"), "Max-Age=0") {
				t.Fatalf("logout: %d, Set-Cookie %q", w.Code, w.Header().Get("Set-Cookie"))
			}
			if len(revoked) != 1 || revoked[0] != "mine1-admin" {
				t.Errorf("revoked %q, want the signed-out session's token only", revoked)
			}
			if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusSeeOther {
				t.Errorf("a signed-out session still signs in: %d", w.Code)
			}
			if !strings.Contains(f.audit.String(), tc.result) {
				t.Errorf("audit log lacks %s:\n%s", tc.result, f.audit)
			}
			// A second sign-out with the same cookie revokes nothing more.
			f.postForm("/logout", url.Values{}, c)
			if len(revoked) != 1 {
				t.Errorf("a stale cookie's sign-out revoked again: %q", revoked)
			}
		})
	}
}

// TestExpiredTokenRefreshed: a session whose forge token has expired, or is about to (Gitea's
// and Forgejo's last an hour, a session eight), gets a new one from the forge's token
// endpoint with its refresh token before the forge is called, and the cookie is sealed again
// with it (the same session: its number and end unchanged). Without a refresh token, or when
// the forge refuses, the person is asked to sign in again, not shown the forge's error.
func TestExpiredTokenRefreshed(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	var grants []url.Values
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		grants = append(grants, r.PostForm)
		if r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("refresh_token") != "r1" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":"invalid_grant"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"mine1-admin","refresh_token":"r2","token_type":"bearer","expires_in":3600}`))
	}))
	defer tokens.Close()
	var used []string
	connect := f.opt.Connect
	f.opt.Connect = func(ctx context.Context, tok *oauth2.Token) Forge {
		used = append(used, tok.AccessToken)
		return connect(ctx, tok)
	}
	f.restart()
	f.s.oauth.Endpoint = oauth2.Endpoint{AuthURL: "https://forge.test/login/oauth/authorize", TokenURL: tokens.URL}
	now := f.s.sessions.now()
	cookie := func(tok *oauth2.Token) *http.Cookie {
		return f.signedIn("mine1-admin", tok)
	}
	sessionOf := func(c *http.Cookie) *session {
		r := httptest.NewRequest("GET", "https://desk.test/", nil)
		r.AddCookie(c)
		s, _ := f.s.sessions.get(r)
		return s
	}
	newCookie := func(w *httptest.ResponseRecorder) *http.Cookie {
		for _, c := range w.Result().Cookies() {
			if c.Name == f.s.cookieName(sessionCookie) {
				return c
			}
		}
		return nil
	}

	for name, left := range map[string]time.Duration{"expired": -time.Minute, "about to expire": 20 * time.Second} {
		grants, used = nil, nil
		old := cookie(&oauth2.Token{AccessToken: "stale", RefreshToken: "r1", Expiry: now.Add(left)})
		w := f.get("/unit/kuangqu-mine1/", old)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", name, w.Code, w.Header().Get("Location"))
		}
		if len(grants) != 1 || grants[0].Get("grant_type") != "refresh_token" {
			t.Errorf("%s: token requests %v", name, grants)
		}
		if len(used) == 0 || strings.Trim(strings.ReplaceAll(strings.Join(used, ","), "mine1-admin", ""), ",") != "" { // the list, then its verdicts
			t.Errorf("%s: the forge was called with %q, want the new token only", name, used)
		}
		c := newCookie(w)
		if c == nil {
			t.Fatalf("%s: the cookie was not sealed again", name)
		}
		before, after := sessionOf(old), sessionOf(c)
		if after == nil || after.Token.AccessToken != "mine1-admin" || after.Token.RefreshToken != "r2" || after.ID != before.ID || !after.Expires.Equal(before.Expires) || after.Login != "mine1-admin" {
			t.Errorf("%s: the new cookie's session %+v (was %+v)", name, after, before)
		}
		if strings.Contains(c.Value, "mine1-admin") || !c.HttpOnly || !c.Secure {
			t.Errorf("%s: new cookie %+v", name, c)
		}
		grants = nil
		if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusOK || len(grants) != 0 || newCookie(w) != nil {
			t.Errorf("%s: with the new cookie: %d, %d token requests, cookie set again: %v", name, w.Code, len(grants), newCookie(w) != nil)
		}
	}

	for name, tok := range map[string]*oauth2.Token{
		"no refresh token":      {AccessToken: "stale", Expiry: now.Add(-time.Minute)},
		"refresh token refused": {AccessToken: "stale", RefreshToken: "revoked", Expiry: now.Add(-time.Minute)},
	} {
		used = nil
		w := f.get("/unit/kuangqu-mine1/", cookie(tok))
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login?next=") {
			t.Errorf("%s: %d %s", name, w.Code, w.Header().Get("Location"))
		}
		if c := newCookie(w); c == nil || c.MaxAge >= 0 {
			t.Errorf("%s: the session cookie was not deleted: %+v", name, c)
		}
		if len(used) != 0 {
			t.Errorf("%s: the forge was called with %q", name, used)
		}
	}
	if a := f.audit.String(); !strings.Contains(a, `"action":"refresh","result":"ok"`) || !strings.Contains(a, `"action":"refresh","result":"failed"`) || strings.Contains(a, "r1") || strings.Contains(a, "stale") {
		t.Errorf("audit log:\n%s", a)
	}

	grants = nil // a token without an end (GitHub's OAuth apps) is never refreshed
	if w := f.get("/unit/kuangqu-mine1/", cookie(&oauth2.Token{AccessToken: "mine1-admin"})); w.Code != http.StatusOK || len(grants) != 0 {
		t.Errorf("a token without expiry: %d, %d token requests", w.Code, len(grants))
	}
}

// TestEndedSessionRevokedOnReturn: when a person comes back with the cookie of a session
// that has run its eight hours, the desk asks the forge to revoke that session's token
// (GitHub's OAuth app tokens never end on their own), deletes the cookie and asks for a
// sign-in, once: the same cookie again revokes nothing more, and a cookie not the desk's
// own revokes nothing.
func TestEndedSessionRevokedOnReturn(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	var revoked []string
	f.opt.Revoke = func(_ context.Context, tok *oauth2.Token) error {
		revoked = append(revoked, tok.AccessToken)
		return nil
	}
	f.restart()
	clock := time.Date(2026, 9, 15, 9, 0, 0, 0, time.UTC)
	f.s.sessions.now = func() time.Time { return clock }
	c := f.as("mine1-admin")
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusOK || len(revoked) != 0 {
		t.Fatalf("within the session: %d, revoked %q", w.Code, revoked)
	}
	clock = clock.Add(8*time.Hour + time.Second)
	for i, target := range []string{"/unit/kuangqu-mine1/", "/"} {
		w := f.get(target, c)
		if deleted := strings.Contains(w.Header().Get("Set-Cookie"), "Max-Age=0"); deleted != (i == 0) {
			t.Errorf("%s after the session's end: cookie deleted %v", target, deleted)
		}
		if target != "/" && (w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login?next=")) {
			t.Errorf("%s after the session's end: %d %s", target, w.Code, w.Header().Get("Location"))
		}
		if target == "/" && (w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "登录")) {
			t.Errorf("home after the session's end: %d", w.Code)
		}
	}
	if len(revoked) != 1 || revoked[0] != "mine1-admin" {
		t.Errorf("revoked %q, want the ended session's token once", revoked)
	}
	if !strings.Contains(f.audit.String(), `"action":"revoke","result":"ok"`) || !strings.Contains(f.audit.String(), `"action":"session-ended"`) {
		t.Errorf("audit log:\n%s", f.audit)
	}
	forged := &http.Cookie{Name: f.s.cookieName(sessionCookie), Value: c.Value[:len(c.Value)-2] + "AA"}
	f.get("/unit/kuangqu-mine1/", forged)
	if len(revoked) != 1 {
		t.Errorf("a forged cookie revoked %q", revoked)
	}
}
