package desk

import (
	"context"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

// refreshAhead is how long before its end a forge token is renewed: a form posted with
// two proofs may take that long to reach the forge.
const refreshAhead = time.Minute

// freshToken renews sess's forge token with its refresh token when it has ended or is
// about to (Gitea's and Forgejo's access tokens last an hour by default, a desk session
// eight; GitHub's OAuth app tokens have no end and are left alone), and seals the session
// cookie again with the new token: the same session, its number and end unchanged. It
// reports false when the token cannot be renewed (no refresh token, or the forge refuses
// it): the person must sign in again.
func (s *Server) freshToken(w http.ResponseWriter, r *http.Request, sess *session) bool {
	tok := sess.Token
	if tok == nil || tok.Expiry.IsZero() || s.sessions.now().Add(refreshAhead).Before(tok.Expiry) {
		return true
	}
	if tok.RefreshToken == "" {
		s.audit.log(r, sess.Login, "refresh", "", "failed", "no refresh token")
		return false
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	renewed, err := s.oauth.TokenSource(s.tokenContext(ctx), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	if err != nil {
		s.audit.log(r, sess.Login, "refresh", "", "failed", "forge") // the error may quote the request: not logged
		return false
	}
	sess.Token = renewed
	http.SetCookie(w, s.cookie(sessionCookie, s.sessions.seal(*sess), 0))
	s.audit.log(r, sess.Login, "refresh", "", "ok", "")
	return true
}
