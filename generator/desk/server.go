package desk

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"wuxiao/generator/content"
	"wuxiao/generator/forge"
	"wuxiao/layouts"
)

// visit is one signed-in request: who, what he may do, and the base tree it was judged on.
type visit struct {
	login string
	token *oauth2.Token
	roles roles
	tree  *content.Tree
	fsys  fs.FS
}

// routes is the desk's mux behind rate limits, cross-origin protection and security headers.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /login", s.login)
	mux.HandleFunc("GET /oauth/callback", s.callback)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("GET /static/{file}", s.static)
	mux.HandleFunc("GET /unit/{unit}/{$}", s.signedIn(s.unitHome))
	mux.HandleFunc("GET /unit/{unit}/declare", s.signedIn(s.declareForm))
	mux.HandleFunc("POST /unit/{unit}/declare", s.signedIn(s.declarePost))
	mux.HandleFunc("GET /county/{unit}/{$}", s.signedIn(s.countyHome))
	mux.HandleFunc("POST /county/{unit}/recommend", s.signedIn(s.recommendPost))
	mux.HandleFunc("GET /county/{unit}/bulletin", s.signedIn(s.bulletinForm))
	mux.HandleFunc("POST /county/{unit}/bulletin", s.signedIn(s.bulletinPost))
	mux.HandleFunc("GET /expert/{$}", s.signedIn(s.expertHome))
	mux.HandleFunc("POST /expert/scores", s.signedIn(s.scoresPost))
	mux.HandleFunc("GET /expert/proof", s.signedIn(s.expertProof))
	mux.HandleFunc("GET /city/{$}", s.signedIn(s.cityHome))
	mux.HandleFunc("GET /city/ledger.xlsx", s.signedIn(s.cityLedger))
	mux.HandleFunc("POST /city/award", s.signedIn(s.awardPost))
	mux.HandleFunc("POST /city/status", s.signedIn(s.statusPost))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.audit.log(r, s.loginOf(r), "cross-origin", r.URL.Path, "refused", "")
		s.fail(w, r, http.StatusForbidden, "这个表单不是从工作台本身提交的，已拒绝。请回到工作台重新打开页面再提交。")
	}))
	var h http.Handler = mux
	if prefix := strings.TrimSuffix(s.path(""), "/"); prefix != "" {
		h = http.StripPrefix(prefix, h)
	}
	return s.headers(s.limit(cop.Handler(h)))
}

// path is p under the desk's base URL path.
func (s *Server) path(p string) string {
	u, _ := url.Parse(s.opt.BaseURL)
	return strings.TrimRight(u.Path, "/") + "/" + strings.TrimPrefix(p, "/")
}

// headers sets the security headers every answer carries.
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// limit applies the rate limits: per person once signed in, per address before. A request
// another site's page made (fromAnotherSite) is refused first, uncounted: a page with sixty
// images of /login would otherwise keep everyone behind its visitor's address from signing in.
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fromAnotherSite(r) {
			s.fail(w, r, http.StatusForbidden, "这个请求来自其他网站的页面，工作台不予处理。请直接在浏览器中打开工作台的网址。")
			return
		}
		ip := limitKey(s.audit.address(r))
		key, rt := "ip:"+ip, rateRead
		if login := s.loginOf(r); login != "" {
			key = "login:" + strings.ToLower(login)
		}
		switch {
		case strings.HasSuffix(r.URL.Path, "/login") || strings.HasSuffix(r.URL.Path, "/oauth/callback"):
			rt, key = rateLogin, "signin:"+ip
		case r.Method != http.MethodGet && r.Method != http.MethodHead:
			rt, key = rateWrite, "write:"+key
		}
		if ok, tell := s.limits.allow(key, rt); !ok {
			w.Header().Set("Retry-After", "60")
			if tell {
				s.audit.log(r, s.loginOf(r), "rate-limit", r.URL.Path, "refused", "")
			}
			s.fail(w, r, http.StatusTooManyRequests, "操作太频繁，请稍等一分钟再试。")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) loginOf(r *http.Request) string {
	if sess, _ := s.sessions.get(r); sess != nil {
		return sess.Login
	}
	return ""
}

// current is the request's session, its token renewed when due (a session whose token
// cannot be renewed is signed out: nil) and its access checked with that token when due
// (stillAllowed). answered tells that the request was answered already: access ended.
func (s *Server) current(w http.ResponseWriter, r *http.Request) (sess *session, answered bool) {
	sess, _ = s.sessions.get(r)
	if sess != nil && !s.freshToken(w, r, sess) {
		http.SetCookie(w, s.cookie(sessionCookie, "", -1))
		return nil, false
	}
	if sess != nil && !s.stillAllowed(w, r, sess) {
		return nil, true
	}
	return sess, false
}

// signedIn runs h for a signed-in person, with his roles read from the base branch now.
func (s *Server) signedIn(h func(http.ResponseWriter, *http.Request, *visit)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, answered := s.current(w, r)
		if answered {
			return
		}
		if sess == nil {
			s.closeRan(w, r)
			http.Redirect(w, r, s.path("login")+"?next="+url.QueryEscape(s.path(r.URL.Path)), http.StatusSeeOther)
			return
		}
		tree, fsys, err := s.opt.Base.Tree(r.Context())
		if err != nil {
			s.opt.Logf("desk: %v", err)
			s.fail(w, r, http.StatusServiceUnavailable, "暂时无法读取内容仓库，请稍后再试。")
			return
		}
		h(w, r, &visit{login: sess.Login, token: sess.Token, roles: rolesOf(tree, sess.Login), tree: tree, fsys: fsys})
	}
}

// forge is the forge as the visiting person.
func (s *Server) forge(ctx context.Context, v *visit) Forge { return s.opt.Connect(ctx, v.token) }

// refuse answers a request for something the person may not reach, and logs it.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, v *visit, what string) {
	s.audit.log(r, v.login, "forbidden", r.URL.Path, "refused", what)
	s.fail(w, r, http.StatusForbidden, "您的账号没有权限打开这个页面（"+what+"）。如需开通，请联系市总工会。")
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	sess, answered := s.current(w, r)
	if answered {
		return
	}
	if sess == nil {
		s.closeRan(w, r)
		s.render(w, r, http.StatusOK, "signin", &page{Title: "登录"})
		return
	}
	tree, _, err := s.opt.Base.Tree(r.Context())
	if err != nil {
		s.fail(w, r, http.StatusServiceUnavailable, "暂时无法读取内容仓库，请稍后再试。")
		return
	}
	ro := rolesOf(tree, sess.Login)
	s.render(w, r, http.StatusOK, "home", &page{Title: "工作台", Login: sess.Login, Data: ro})
}

// login starts the OAuth authorization code flow with state and PKCE.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if !localPath(next) {
		next = s.path("")
	}
	f := flow{State: randomID(), Verifier: oauth2.GenerateVerifier(), Next: next, Expires: time.Now().Add(10 * time.Minute).Unix()}
	http.SetCookie(w, s.cookie(flowCookie, s.sessions.packFlow(f), 600))
	http.Redirect(w, r, s.oauth.AuthCodeURL(f.State, oauth2.S256ChallengeOption(f.Verifier)), http.StatusFound)
}

// localPath tells whether next is a path on this host: not //host, a scheme, a backslash,
// nor any control character (a browser drops tabs and line breaks from a Location before
// resolving it, so "/\t/host" would lead to //host).
func localPath(next string) bool {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return false
	}
	for i := 0; i < len(next); i++ {
		if next[i] < 0x20 || next[i] == 0x7f {
			return false
		}
	}
	u, err := url.Parse(next)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil
}

// callback finishes the sign-in: the state must be the one this browser was given.
func (s *Server) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	http.SetCookie(w, s.cookie(flowCookie, "", -1))
	c, err := r.Cookie(s.cookieName(flowCookie))
	var f flow
	ok := err == nil
	if ok {
		f, ok = s.sessions.unpackFlow(c.Value)
	}
	if !ok || q.Get("state") == "" || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.State)) != 1 {
		s.audit.log(r, "", "signin", "", "refused", "state")
		s.fail(w, r, http.StatusBadRequest, "登录请求无效或已过期（可能不是从本工作台发起的）。请重新登录。")
		return
	}
	if e := q.Get("error"); e != "" {
		s.audit.log(r, "", "signin", "", "refused", "forge: "+oauthError(e))
		s.fail(w, r, http.StatusForbidden, "代码托管平台没有授权本工作台。需要时请重新登录并点击“授权”。")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	tok, err := s.oauth.Exchange(s.tokenContext(ctx), q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		s.opt.Logf("desk: sign-in: code exchange failed") // the error may quote the request: not logged
		if why, said, ok := exchangeTrouble(err); ok {
			s.audit.log(r, "", "signin", "", "failed", "exchange: "+why)
			s.fail(w, r, http.StatusBadGateway, said)
			return
		}
		s.audit.log(r, "", "signin", "", "failed", "exchange")
		s.fail(w, r, http.StatusBadGateway, "无法从代码托管平台取得授权，请重新登录。")
		return
	}
	login, err := s.opt.Connect(ctx, tok).Login(ctx)
	if errors.Is(err, ErrNoAccess) {
		s.audit.log(r, login, "signin", "", "refused", "no access to the repository")
		s.revoke(r.Context(), r, &session{Login: login, Token: tok}) // the desk keeps no token it will not use
		s.fail(w, r, http.StatusForbidden, "您的账号不能读取内容仓库，不能使用工作台。如果您是单位管理员或评审专家，请联系市总工会把您的账号加为仓库的协作者。")
		return
	}
	if err != nil {
		s.opt.Logf("desk: sign-in: reading the account: %v", err)
	}
	if why, said, ok := reachTrouble(err); ok {
		s.audit.log(r, "", "signin", "", "failed", "user: "+why)
		s.fail(w, r, http.StatusBadGateway, said)
		return
	}
	if err != nil || login == "" {
		s.audit.log(r, "", "signin", "", "failed", "user")
		s.fail(w, r, http.StatusBadGateway, "无法从代码托管平台读取您的账号，请重新登录。")
		return
	}
	sess := s.sessions.begin(login, tok)
	s.endForgotten(r.Context(), s.live.passed(&sess, s.sessions.now()), "the account's oldest past maxLivePerLogin")
	http.SetCookie(w, s.cookie(sessionCookie, s.sessions.seal(sess), 0))
	s.audit.log(r, login, "signin", "", "ok", "")
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
}

// oauthError is the forge's error code if it is one of OAuth's (RFC 6749 4.1.2.1), else
// "other": the parameter is whatever the link that brought the browser here said.
func oauthError(code string) string {
	switch code {
	case "access_denied", "invalid_request", "unauthorized_client", "unsupported_response_type",
		"invalid_scope", "server_error", "temporarily_unavailable":
		return code
	}
	return "other"
}

// logout ends the session, then asks the forge to revoke its token: the token in a
// cookie copied before the sign-out must not keep working at the forge either.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if sess, id := s.sessions.get(r); sess != nil {
		s.sessions.end(id)
		s.live.forget(id)
		s.audit.log(r, sess.Login, "signout", "", "ok", "")
		s.revoke(r.Context(), r, sess)
	}
	http.SetCookie(w, s.cookie(sessionCookie, "", -1))
	http.Redirect(w, r, s.path(""), http.StatusSeeOther)
}

// closeRan closes the session of a request's cookie that has run its eight hours, once:
// it is marked signed out, its token revoked at the forge (GitHub's OAuth app tokens never
// end on their own) and the cookie deleted. A person who never comes back leaves the
// token to the desk's sweep (Sweep), when this desk saw the session since it started.
func (s *Server) closeRan(w http.ResponseWriter, r *http.Request) {
	sess := s.sessions.ran(r)
	if sess == nil {
		return
	}
	s.sessions.end(sess.ID)
	s.live.forget(sess.ID)
	s.audit.log(r, sess.Login, "session-ended", "", "ok", "")
	s.revoke(r.Context(), r, sess)
	http.SetCookie(w, s.cookie(sessionCookie, "", -1))
}

// revoke asks the forge to revoke sess's token, waiting at most ten seconds, and logs how
// it went (r, the request it happens in, may be nil); a failure does not keep anyone signed in.
func (s *Server) revoke(ctx context.Context, r *http.Request, sess *session) {
	if s.opt.Revoke == nil || sess.Token == nil {
		s.audit.log(r, sess.Login, "revoke", "", "unsupported", "")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	switch err := s.opt.Revoke(ctx, sess.Token); {
	case err == nil:
		s.audit.log(r, sess.Login, "revoke", "", "ok", "")
	case errors.Is(err, forge.ErrCannotRevoke):
		s.audit.log(r, sess.Login, "revoke", "", "unsupported", "")
	default:
		s.audit.log(r, sess.Login, "revoke", "", "failed", err.Error())
		s.opt.Logf("desk: revoking %s's token: %v", sess.Login, err)
	}
}

// static serves the site's stylesheet and reading settings (read.js: the font sizes and
// high contrast of the header's bar) and the desk's own stylesheet.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	var data []byte
	var err error
	switch name := r.PathValue("file"); name {
	case "style.css", "favicon.svg", "read.js":
		data, err = fs.ReadFile(layouts.FS(), "static/"+name)
	case "desk.css":
		data, err = fs.ReadFile(assets, "static/desk.css")
	default:
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(w, r, r.PathValue("file"), time.Time{}, bytes.NewReader(data))
}
