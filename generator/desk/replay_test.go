package desk

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"wuxiao/generator/forge"
)

// A cassette is GitHub's side of a conversation with the desk: the requests it must
// receive, in order, and what it answers. Files under testdata/github, one per step of
// the story, are played in name order as one sequence.
//
// The cassettes in this repository were WRITTEN BY HAND from GitHub's REST and OAuth
// documentation (docs.github.com/rest, docs.github.com/apps/oauth-apps), not recorded from
// github.com: the machine they were written on has no network. TestRecordGitHub
// (record_test.go) re-records them against a real repository in the same format.
//
// Strings in a request may hold placeholders: {{name}} matches any text the first time
// and must be that same text afterwards (a branch's random stamp, the OAuth state);
// {{*}} matches anything and binds nothing (a blob's content, which the test reads
// from the request itself). Placeholders in an answer are replaced by their values.
type cassette struct {
	Comment   string     `json:"comment,omitempty"`
	Exchanges []exchange `json:"exchanges"`
}

// exchange is one request and its answer.
type exchange struct {
	Note string `json:"note,omitempty"`
	// Host is github.com (the browser's authorization page and the token endpoint) or
	// api.github.com (the REST API).
	Host string `json:"host"`
	// As names the person whose token the request must carry (people.json); "" for none.
	As       string         `json:"as,omitempty"`
	Request  replayRequest  `json:"request"`
	Response replayResponse `json:"response"`
	// PKCE names the placeholders of a sign-in's code challenge and verifier: the
	// verifier sent to the token endpoint must hash to the challenge (RFC 7636 S256).
	PKCE *struct{ Challenge, Verifier string } `json:"pkce,omitempty"`
}

type replayRequest struct {
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Query  map[string]string `json:"query,omitempty"`
	Form   map[string]string `json:"form,omitempty"` // an application/x-www-form-urlencoded body
	JSON   json.RawMessage   `json:"json,omitempty"` // a JSON body, exactly (placeholders aside)
}

type replayResponse struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	JSON    json.RawMessage   `json:"json,omitempty"`
	Text    string            `json:"text,omitempty"`
}

// story is testdata/github/story.json: the repository and the accounts by role.
type story struct {
	Repo   string            `json:"repo"`
	People map[string]person `json:"people"`
}

// person is one account of the story.
type person struct {
	Login string `json:"login"`
	Token string `json:"token"`
}

// played is a request that was answered: the exchange it matched (or was recorded as),
// the body it carried and the body of the answer.
type played struct {
	X    exchange
	Body []byte
	Resp []byte
}

// replay serves a cassette strictly: a request that is not the next exchange (another
// method, path, query, body, or another person's token) fails, and so does a cassette
// not played to its end (Done).
type replay struct {
	repo      forge.Repo
	people    map[string]person
	exchanges []exchange
	files     []string // which file each exchange came from

	mu     sync.Mutex
	next   int
	vars   map[string]string
	played []played
	errs   []string
	failed chan struct{} // closed at the first failure
}

// loadReplay reads the cassettes of dir (only those named, if any).
func loadReplay(dir string, only ...string) (*replay, error) {
	rp := &replay{vars: map[string]string{}, failed: make(chan struct{})}
	data, err := os.ReadFile(filepath.Join(dir, "story.json"))
	if err != nil {
		return nil, err
	}
	var st story
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("story.json: %v", err)
	}
	rp.people = st.People
	if rp.repo, err = forge.ParseRepo(st.Repo); err != nil {
		return nil, fmt.Errorf("story.json: %v", err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "[0-9]*.json"))
	if len(only) > 0 {
		names = slices.DeleteFunc(names, func(n string) bool { return !slices.Contains(only, filepath.Base(n)) })
	}
	sort.Strings(names)
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var c cassette
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		for _, x := range c.Exchanges {
			if x.As != "" && rp.people[x.As].Token == "" {
				return nil, fmt.Errorf("%s: %s %s: no person %q in story.json", name, x.Request.Method, x.Request.Path, x.As)
			}
			rp.exchanges = append(rp.exchanges, x)
			rp.files = append(rp.files, filepath.Base(name))
		}
	}
	if len(rp.exchanges) == 0 {
		return nil, fmt.Errorf("%s: no cassettes", dir)
	}
	return rp, nil
}

// fail records a failure; the first one closes failed.
func (rp *replay) fail(format string, args ...any) {
	if len(rp.errs) == 0 {
		close(rp.failed)
	}
	rp.errs = append(rp.errs, fmt.Sprintf(format, args...))
}

// Errors are the failures so far, and the exchanges never played.
func (rp *replay) Errors() []string {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	out := slices.Clone(rp.errs)
	if rp.next < len(rp.exchanges) {
		x := rp.exchanges[rp.next]
		out = append(out, fmt.Sprintf("%d of %d exchanges were never played; the first: %s %s %s (%s)",
			len(rp.exchanges)-rp.next, len(rp.exchanges), x.Host, x.Request.Method, x.Request.Path, rp.files[rp.next]))
	}
	return out
}

// People implements ghSide.
func (rp *replay) People() map[string]person { return rp.people }

// Failed implements ghSide.
func (rp *replay) Failed() <-chan struct{} { return rp.failed }

// SetDesk binds {{desk}}, the desk's address.
func (rp *replay) SetDesk(u string) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	rp.vars["desk"] = u
}

// Step checks that the story's step name begins where its cassette does.
func (rp *replay) Step(name, role string) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if len(rp.errs) == 0 && (rp.next >= len(rp.exchanges) || rp.files[rp.next] != name+".json") {
		at := "the cassettes' end"
		if rp.next < len(rp.exchanges) {
			at = rp.files[rp.next]
		}
		rp.fail("step %s begins at %s", name, at)
	}
}

// Played is what was answered so far.
func (rp *replay) Played() []played {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	return slices.Clone(rp.played)
}

// Var is a placeholder's value.
func (rp *replay) Var(name string) string {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	return rp.vars[name]
}

// ServeHTTP answers one request: the API's when r.Host is api.github.com (the test's
// transport sets it), the web's otherwise.
func (rp *replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	host := "github.com"
	if r.Host == "api.github.com" {
		host = "api.github.com"
	}
	rp.mu.Lock()
	defer rp.mu.Unlock()
	got := fmt.Sprintf("%s %s %s", host, r.Method, r.URL.RequestURI())
	if len(rp.errs) > 0 {
		http.Error(w, `{"message":"replay: failed earlier"}`, http.StatusInternalServerError)
		return
	}
	if rp.next >= len(rp.exchanges) {
		rp.fail("unexpected request after the cassettes' end: %s", got)
		http.Error(w, `{"message":"replay: unexpected request"}`, http.StatusInternalServerError)
		return
	}
	x, file := rp.exchanges[rp.next], rp.files[rp.next]
	vars := cloneVars(rp.vars)
	if problem := rp.match(x, host, r, body, vars); problem != "" {
		rp.fail("request %d (%s, %s): got %s: %s", rp.next+1, file, x.Note, got, problem)
		http.Error(w, `{"message":"replay: not the expected request"}`, http.StatusInternalServerError)
		return
	}
	if x.PKCE != nil {
		sum := sha256.Sum256([]byte(vars[x.PKCE.Verifier]))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != vars[x.PKCE.Challenge] {
			rp.fail("request %d (%s): the PKCE verifier does not hash to the challenge sent to the authorization page", rp.next+1, file)
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		}
	}
	rp.vars = vars
	rp.next++
	for k, v := range x.Response.Headers {
		w.Header().Set(k, fill(v, vars))
	}
	out := []byte(fill(x.Response.Text, vars))
	if len(x.Response.JSON) > 0 {
		out = []byte(fill(string(x.Response.JSON), vars))
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
		}
	}
	rp.played = append(rp.played, played{X: x, Body: body, Resp: out})
	w.WriteHeader(x.Response.Status)
	w.Write(out)
}

func cloneVars(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// match says what in r differs from x ("" when nothing), binding placeholders in vars.
func (rp *replay) match(x exchange, host string, r *http.Request, body []byte, vars map[string]string) string {
	if host != x.Host || r.Method != x.Request.Method {
		return fmt.Sprintf("want %s %s %s", x.Host, x.Request.Method, x.Request.Path)
	}
	if !matchText(x.Request.Path, r.URL.Path, vars) {
		return fmt.Sprintf("want path %s", x.Request.Path)
	}
	if p := matchValues("query", x.Request.Query, r.URL.Query(), vars); p != "" {
		return p
	}
	auth := r.Header.Get("Authorization")
	if x.As == "" && auth != "" {
		return "carries a token, want none"
	}
	if x.As != "" && auth != "Bearer "+rp.people[x.As].Token {
		who := "no token"
		for name, p := range rp.people {
			if auth == "Bearer "+p.Token {
				who = "the token of " + name
			}
		}
		if who == "no token" && auth != "" {
			who = "an unknown token"
		}
		return fmt.Sprintf("made with %s, want %s's (%s)", who, x.As, rp.people[x.As].Login)
	}
	if host == "api.github.com" {
		if v := r.Header.Get("X-GitHub-Api-Version"); v != "2022-11-28" {
			return fmt.Sprintf("X-GitHub-Api-Version %q, want 2022-11-28", v)
		}
	}
	switch {
	case x.Request.Form != nil:
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
			return "Content-Type " + ct + ", want a form"
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return "body is not a form: " + err.Error()
		}
		return matchValues("form", x.Request.Form, form, vars)
	case len(x.Request.JSON) > 0:
		var want, have any
		if err := json.Unmarshal(x.Request.JSON, &want); err != nil {
			return "the cassette's JSON: " + err.Error()
		}
		if err := json.Unmarshal(body, &have); err != nil {
			return fmt.Sprintf("body is not JSON (%v): %.200s", err, body)
		}
		if p := matchJSON("", want, have, vars); p != "" {
			return p + "\nbody: " + string(body)
		}
	case len(bytes.TrimSpace(body)) > 0:
		return fmt.Sprintf("carries a body, want none: %.200s", body)
	}
	return ""
}

func matchValues(what string, want map[string]string, have url.Values, vars map[string]string) string {
	for k, vs := range have {
		w, ok := want[k]
		if !ok {
			return fmt.Sprintf("%s has %s=%q, not in the cassette", what, k, vs)
		}
		if len(vs) != 1 || !matchText(w, vs[0], vars) {
			return fmt.Sprintf("%s %s=%q, want %q", what, k, vs, w)
		}
	}
	for k := range want {
		if _, ok := have[k]; !ok {
			return fmt.Sprintf("%s lacks %s", what, k)
		}
	}
	return ""
}

// matchJSON compares a request's JSON with the cassette's: the same keys, the same
// values, strings as templates.
func matchJSON(at string, want, have any, vars map[string]string) string {
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want an object", at)
		}
		for k := range h {
			if _, ok := w[k]; !ok {
				return fmt.Sprintf("%s.%s is sent but not in the cassette", at, k)
			}
		}
		for _, k := range slices.Sorted(mapKeys(w)) {
			hv, ok := h[k]
			if !ok {
				return fmt.Sprintf("%s.%s is missing", at, k)
			}
			if p := matchJSON(at+"."+k, w[k], hv, vars); p != "" {
				return p
			}
		}
		return ""
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return fmt.Sprintf("%s: want a list of %d", at, len(w))
		}
		for i := range w {
			if p := matchJSON(fmt.Sprintf("%s[%d]", at, i), w[i], h[i], vars); p != "" {
				return p
			}
		}
		return ""
	case string:
		h, ok := have.(string)
		if !ok || !matchText(w, h, vars) {
			return fmt.Sprintf("%s = %v, want %q", at, have, w)
		}
		return ""
	}
	if fmt.Sprint(want) != fmt.Sprint(have) {
		return fmt.Sprintf("%s = %v, want %v", at, have, want)
	}
	return ""
}

func mapKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

var placeholder = regexp.MustCompile(`\{\{([A-Za-z0-9_*]+)\}\}`)

// matchText matches s against the template t, binding its new placeholders in vars.
func matchText(t, s string, vars map[string]string) bool {
	var names []string
	var re strings.Builder
	re.WriteString("^")
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(t, -1) {
		re.WriteString(regexp.QuoteMeta(t[last:m[0]]))
		name := t[m[2]:m[3]]
		switch v, bound := vars[name]; {
		case name == "*":
			re.WriteString("(?s:.*?)")
		case bound:
			re.WriteString(regexp.QuoteMeta(v))
		default: // a name twice in one template must match the same text twice: checked below
			re.WriteString("(.+?)")
			names = append(names, name)
		}
		last = m[1]
	}
	re.WriteString(regexp.QuoteMeta(t[last:]))
	re.WriteString("$")
	rx, err := regexp.Compile(re.String())
	if err != nil {
		return false
	}
	m := rx.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	got := map[string]string{}
	for i, name := range names {
		if v, ok := got[name]; ok && v != m[i+1] {
			return false
		}
		got[name] = m[i+1]
	}
	for k, v := range got {
		vars[k] = v
	}
	return true
}

// fill replaces the placeholders of an answer by their values.
func fill(t string, vars map[string]string) string {
	return placeholder.ReplaceAllStringFunc(t, func(m string) string {
		if v, ok := vars[m[2:len(m)-2]]; ok {
			return v
		}
		return m
	})
}

// apiTransport sends requests for api.github.com to the replay (or the recorder) at
// addr, keeping the Host GitHub would see.
type apiTransport struct{ addr string }

func (t apiTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != "api.github.com" {
		return nil, fmt.Errorf("replay: a request to %s, which is not GitHub's API", r.URL.Host)
	}
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = "http", t.addr, "api.github.com"
	return http.DefaultTransport.RoundTrip(r2)
}
