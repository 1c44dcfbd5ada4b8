package desk

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Cookie names.
const (
	sessionCookie = "wuxiao_desk"
	flowCookie    = "wuxiao_oauth" // the state and PKCE verifier of a sign-in under way
)

// session is one signed-in person. It travels in the session cookie sealed with the
// session key (AES-GCM: neither readable nor changeable in the browser), so that a desk
// restarted with the same key keeps everyone signed in; the token is never in a log, a
// draft or the repository.
type session struct {
	ID      string        `json:"i"`
	Login   string        `json:"l"`
	Token   *oauth2.Token `json:"t"`
	Expires time.Time     `json:"e"`
}

// sessions seals and opens session cookies, and remembers the sessions signed out before
// their time, until that time, in a file (when given) so that a restart does not forget them.
type sessions struct {
	key   []byte
	aead  cipher.AEAD
	ttl   time.Duration
	mu    sync.Mutex
	ended map[string]time.Time
	file  string // where ended is kept; "" in memory only
	kept  keptEnded
	name  string // the session cookie's name (Server.cookieName)
	now   func() time.Time
	logf  func(format string, args ...any)
}

func newSessions(key []byte, ttl time.Duration) *sessions {
	sealKey := sha256.Sum256(append([]byte("wuxiao desk session seal\x00"), key...))
	block, err := aes.NewCipher(sealKey[:])
	if err != nil {
		panic(err) // a 32-byte key always makes a cipher
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return &sessions{key: key, aead: aead, ttl: ttl, ended: map[string]time.Time{}, now: time.Now, logf: func(string, ...any) {}, name: sessionCookie}
}

// sign returns value.mac, the MAC binding the value to purpose.
func (ss *sessions) sign(purpose, value string) string {
	m := hmac.New(sha256.New, ss.key)
	m.Write([]byte(purpose + "\x00" + value))
	return value + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// open returns the value of a signed string, or false when its MAC is wrong.
func (ss *sessions) open(purpose, signed string) (string, bool) {
	i := strings.LastIndexByte(signed, '.')
	if i < 0 {
		return "", false
	}
	value := signed[:i]
	if !hmac.Equal([]byte(ss.sign(purpose, value)), []byte(signed)) {
		return "", false
	}
	return value, true
}

func randomID() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// begin is a new session of login with tok.
func (ss *sessions) begin(login string, tok *oauth2.Token) session {
	return session{ID: randomID(), Login: login, Token: tok, Expires: ss.now().Add(ss.ttl)}
}

// seal is the cookie value that carries s.
func (ss *sessions) seal(s session) string {
	data, _ := json.Marshal(s)
	nonce := make([]byte, ss.aead.NonceSize())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(ss.aead.Seal(nonce, nonce, data, []byte(sessionCookie)))
}

// get returns the session a request's cookie carries, or nil.
func (ss *sessions) get(r *http.Request) (*session, string) {
	s := ss.unseal(r)
	if s == nil || ss.now().After(s.Expires) {
		return nil, ""
	}
	return s, s.ID
}

// ran returns the session a request's cookie carries when it has run its time and has not
// been signed out, or nil.
func (ss *sessions) ran(r *http.Request) *session {
	if s := ss.unseal(r); s != nil && ss.now().After(s.Expires) {
		return s
	}
	return nil
}

// unseal returns the session sealed in a request's cookie, ended or not, unless it was
// signed out; nil for none, or for a cookie the desk did not seal.
func (ss *sessions) unseal(r *http.Request) *session {
	c, err := r.Cookie(ss.name)
	if err != nil {
		return nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(c.Value)
	n := ss.aead.NonceSize()
	if err != nil || len(raw) < n {
		return nil
	}
	data, err := ss.aead.Open(nil, raw[:n], raw[n:], []byte(sessionCookie))
	if err != nil {
		return nil
	}
	var s session
	if json.Unmarshal(data, &s) != nil || s.ID == "" || s.Login == "" {
		return nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if _, gone := ss.ended[s.ID]; gone {
		return nil
	}
	return &s
}

// flow is a sign-in under way: kept in a signed cookie for ten minutes.
type flow struct {
	State    string `json:"s"`
	Verifier string `json:"v"`
	Next     string `json:"n"`
	Expires  int64  `json:"e"`
}

func (ss *sessions) packFlow(f flow) string {
	data, _ := json.Marshal(f)
	return ss.sign("flow", base64.RawURLEncoding.EncodeToString(data))
}

func (ss *sessions) unpackFlow(v string) (flow, bool) {
	var f flow
	raw, ok := ss.open("flow", v)
	if !ok {
		return f, false
	}
	data, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil || json.Unmarshal(data, &f) != nil || ss.now().Unix() > f.Expires {
		return f, false
	}
	return f, true
}

// cookie is a desk cookie: HttpOnly, SameSite=Lax, Secure over https, for the whole desk.
func (s *Server) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: s.cookieName(name), Value: value, Path: s.path(""), MaxAge: maxAge, HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode}
}

// cookieName is a cookie's name as the desk sets it: with the __Host- prefix when the desk
// is the whole of an https host, so that a browser takes the cookie only from this host
// (another host of the same domain, say the static site or a compromised sibling, cannot
// plant a session or a sign-in of its choosing).
func (s *Server) cookieName(name string) string {
	if s.secure && s.path("") == "/" {
		return "__Host-" + name
	}
	return name
}
