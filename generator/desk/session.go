package desk

import (
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

// session is one signed-in person. The token stays in the desk's memory only: never in a
// cookie, a log, a draft or the repository.
type session struct {
	Login   string
	Token   *oauth2.Token
	Expires time.Time
}

// sessions holds the signed-in people by random id; cookies carry the id and its HMAC.
type sessions struct {
	key []byte
	ttl time.Duration
	mu  sync.Mutex
	by  map[string]*session
	now func() time.Time
}

func newSessions(key []byte, ttl time.Duration) *sessions {
	return &sessions{key: key, ttl: ttl, by: map[string]*session{}, now: time.Now}
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

// start records a new session and returns the cookie value that names it.
func (ss *sessions) start(login string, tok *oauth2.Token) string {
	id := randomID()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	now := ss.now()
	for k, s := range ss.by { // forget the expired
		if now.After(s.Expires) {
			delete(ss.by, k)
		}
	}
	ss.by[id] = &session{Login: login, Token: tok, Expires: now.Add(ss.ttl)}
	return ss.sign("session", id)
}

// get returns the session a request's cookie names, or nil.
func (ss *sessions) get(r *http.Request) (*session, string) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, ""
	}
	id, ok := ss.open("session", c.Value)
	if !ok {
		return nil, ""
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s := ss.by[id]
	if s == nil || ss.now().After(s.Expires) {
		delete(ss.by, id)
		return nil, ""
	}
	return s, id
}

func (ss *sessions) end(id string) {
	ss.mu.Lock()
	delete(ss.by, id)
	ss.mu.Unlock()
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
	return &http.Cookie{Name: name, Value: value, Path: s.path(""), MaxAge: maxAge, HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode}
}
