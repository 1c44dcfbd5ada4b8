package desk

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wuxiao/generator/forge"
	"wuxiao/generator/headless"
	"wuxiao/generator/testtree"
)

// TestRecordGitHub re-records the cassettes of TestEndToEndOnGitHub against real GitHub.
// It runs only when asked:
//
//	WUXIAO_GITHUB_RECORD=generator/desk/testdata/github   # where to write the cassettes
//	WUXIAO_GITHUB_REPO=owner/name                         # a fresh, empty test repository
//	WUXIAO_GITHUB_TOKENS=unit=ghp_…,county=ghp_…,expert=ghp_…,city=ghp_…,owner=ghp_…
//
// The five tokens are personal access tokens (scope repo) of five accounts with write
// access to the repository; owner's also merges. The base tree is pushed to the
// repository's main first (force), so use a repository made for this. GitHub's sign-in
// pages cannot be driven by a test, so the OAuth exchanges stay the recorder's own (in
// the documented shape), issuing each person's token; every REST call goes to
// api.github.com and is written as it was asked and answered, the real tokens replaced
// by made-up ones and each run's random parts (branch stamps, proof names) by placeholders.
// Read the diff before committing a recording.
func TestRecordGitHub(t *testing.T) {
	dir, repoName, tokenList := os.Getenv("WUXIAO_GITHUB_RECORD"), os.Getenv("WUXIAO_GITHUB_REPO"), os.Getenv("WUXIAO_GITHUB_TOKENS")
	if dir == "" || repoName == "" || tokenList == "" {
		t.Skip("re-records the GitHub cassettes when WUXIAO_GITHUB_RECORD, WUXIAO_GITHUB_REPO and WUXIAO_GITHUB_TOKENS are set (see the comment)")
	}
	headless.Path(t)
	repo, err := forge.ParseRepo(repoName)
	if err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, kv := range strings.Split(tokenList, ",") {
		role, tok, _ := strings.Cut(strings.TrimSpace(kv), "=")
		tokens[role] = tok
	}
	people := map[string]person{}
	for _, role := range []string{"unit", "county", "expert", "city", "owner"} {
		if tokens[role] == "" {
			t.Fatalf("WUXIAO_GITHUB_TOKENS has no token for %s", role)
		}
		f, err := forge.New(forge.GitHub, "", tokens[role], &http.Client{Timeout: 30 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		login, err := f.Me(t.Context())
		if err != nil {
			t.Fatalf("%s's token: %v", role, err)
		}
		people[role] = person{Login: login, Token: tokens[role]}
	}
	pushBase(t, repo, people)
	rec := newRecorder("https://api.github.com", "", people)
	runStory(t, rec, repo, 4)
	if errs := rec.Errors(); len(errs) > 0 {
		t.Fatal(strings.Join(errs, "\n"))
	}
	if err := rec.Write(dir, repo); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded %d exchanges into %s", len(rec.Played()), dir)
}

// TestRecorderRoundTrip: the recorder in front of the replay of the first step writes a
// cassette that replays, and whose requests are the hand-written cassette's.
func TestRecorderRoundTrip(t *testing.T) {
	headless.Path(t)
	want, err := loadReplay("testdata/github", "01-unit-declares.json")
	if err != nil {
		t.Fatal(err)
	}
	// GitHub's API: the first cassette without the OAuth pages, which the recorder plays.
	rp, _ := loadReplay("testdata/github", "01-unit-declares.json")
	for i := len(rp.exchanges) - 1; i >= 0; i-- {
		if rp.exchanges[i].Host != "api.github.com" {
			rp.exchanges, rp.files = slices.Delete(rp.exchanges, i, i+1), slices.Delete(rp.files, i, i+1)
		}
	}
	upstream := &http.Server{Handler: rp}
	ln := listen(t)
	go upstream.Serve(ln)
	t.Cleanup(func() { upstream.Close() })
	rec := newRecorder("http://"+ln.Addr().String(), "api.github.com", rp.people)
	// The upstream replay needs {{desk}} too: the recorder passes the desk's address on.
	rec.onDesk = rp.SetDesk
	runStory(t, rec, rp.repo, 1)
	if errs := append(rec.Errors(), rp.Errors()...); len(errs) > 0 {
		t.Fatal(strings.Join(errs, "\n"))
	}
	dir := t.TempDir()
	if err := rec.Write(dir, rp.repo); err != nil {
		t.Fatal(err)
	}
	again, err := loadReplay(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.exchanges) != len(want.exchanges) {
		t.Fatalf("recorded %d exchanges, the cassette has %d", len(again.exchanges), len(want.exchanges))
	}
	for i, x := range again.exchanges {
		y := want.exchanges[i]
		a, _ := json.Marshal([]any{x.Host, x.As, x.Request.Method, x.Request.Path, x.Request.Query, x.Request.Form, canonical(x.Request.JSON)})
		b, _ := json.Marshal([]any{y.Host, y.As, y.Request.Method, y.Request.Path, y.Request.Query, y.Request.Form, canonical(y.Request.JSON)})
		if !bytes.Equal(a, b) {
			t.Errorf("exchange %d recorded as\n%s\nthe cassette says\n%s", i+1, a, b)
		}
	}
	for role, p := range again.people {
		if p.Token == rp.people[role].Token {
			t.Errorf("%s's real token was written into the recording", role)
		}
	}
	runStory(t, again, again.repo, 1)
	if errs := again.Errors(); len(errs) > 0 {
		t.Fatalf("replaying the recording:\n%s", strings.Join(errs, "\n"))
	}
}

func canonical(raw json.RawMessage) any {
	var v any
	json.Unmarshal(raw, &v)
	return v
}

// ghRecorder stands between the desk and GitHub's API and writes what passes, in the
// cassettes' format; it plays GitHub's OAuth pages itself.
type ghRecorder struct {
	upstream string // the API's root, https://api.github.com
	host     string // the Host header to send upstream ("" for the URL's)
	people   map[string]person
	client   *http.Client
	onDesk   func(string)

	mu      sync.Mutex
	desk    string
	step    string
	role    string // who signs in next
	steps   []string
	byStep  map[string][]exchange
	played  []played
	signIns int
	flows   map[string]recFlow // by code
	errs    []string
	failed  chan struct{}
}

type recFlow struct {
	n         int
	role      string
	challenge string
}

func newRecorder(upstream, host string, people map[string]person) *ghRecorder {
	return &ghRecorder{upstream: strings.TrimRight(upstream, "/"), host: host, people: people,
		client: &http.Client{Timeout: 60 * time.Second}, byStep: map[string][]exchange{}, flows: map[string]recFlow{}, failed: make(chan struct{})}
}

func (rc *ghRecorder) People() map[string]person { return rc.people }
func (rc *ghRecorder) Failed() <-chan struct{}   { return rc.failed }

func (rc *ghRecorder) SetDesk(u string) {
	rc.mu.Lock()
	rc.desk = u
	rc.mu.Unlock()
	if rc.onDesk != nil {
		rc.onDesk(u)
	}
}

func (rc *ghRecorder) Step(name, role string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.step = name
	if role != "" {
		rc.role = role
	}
	rc.steps = append(rc.steps, name)
}

func (rc *ghRecorder) Played() []played {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.played)
}

func (rc *ghRecorder) Errors() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.errs)
}

func (rc *ghRecorder) fail(format string, args ...any) {
	if len(rc.errs) == 0 {
		close(rc.failed)
	}
	rc.errs = append(rc.errs, fmt.Sprintf(format, args...))
}

// fakeToken is what a role's token is written as.
func fakeToken(role string) string {
	sum := sha256.Sum256([]byte("wuxiao recorded " + role))
	return "gho_recorded" + fmt.Sprintf("%x", sum[:12])
}

func (rc *ghRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if r.Host == "api.github.com" {
		rc.forward(w, r, body)
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	switch r.URL.Path {
	case "/login/oauth/authorize":
		rc.signIns++
		n, q := rc.signIns, r.URL.Query()
		code := fmt.Sprintf("%x", sha1.Sum([]byte(fmt.Sprintf("code%d", n))))[:20] // as the hand-written cassettes have it
		rc.flows[code] = recFlow{n: n, role: rc.role, challenge: q.Get("code_challenge")}
		tmpl := map[string]string{}
		for k := range q {
			tmpl[k] = q.Get(k)
		}
		tmpl["code_challenge"] = fmt.Sprintf("{{challenge%d}}", n)
		tmpl["state"] = fmt.Sprintf("{{state%d}}", n)
		tmpl["redirect_uri"] = strings.Replace(q.Get("redirect_uri"), rc.desk, "{{desk}}", 1)
		loc := q.Get("redirect_uri") + "?code=" + code + "&state=" + url.QueryEscape(q.Get("state"))
		x := exchange{Note: rc.role + " authorizes the desk (GitHub's page, played by the recorder)", Host: "github.com",
			Request: replayRequest{Method: "GET", Path: r.URL.Path, Query: tmpl},
			Response: replayResponse{Status: http.StatusFound, Headers: map[string]string{"Location": fmt.Sprintf("{{desk}}oauth/callback?code=%s&state={{state%d}}", code, n),
				"Content-Type": "text/html; charset=utf-8"}}}
		rc.keep(x, body, nil)
		w.Header().Set("Location", loc)
		w.WriteHeader(http.StatusFound)
	case "/login/oauth/access_token":
		form, _ := url.ParseQuery(string(body))
		f, ok := rc.flows[form.Get("code")]
		sum := sha256.Sum256([]byte(form.Get("code_verifier")))
		if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != f.challenge {
			rc.fail("token exchange: unknown code or a verifier that does not fit the challenge")
			http.Error(w, `{"error":"bad_verification_code"}`, http.StatusBadRequest)
			return
		}
		delete(rc.flows, form.Get("code"))
		tmpl := map[string]string{}
		for k := range form {
			tmpl[k] = form.Get(k)
		}
		tmpl["code_verifier"] = fmt.Sprintf("{{verifier%d}}", f.n)
		tmpl["redirect_uri"] = strings.Replace(form.Get("redirect_uri"), rc.desk, "{{desk}}", 1)
		answer := "access_token=%s&scope=repo%%2Cread%%3Auser&token_type=bearer"
		x := exchange{Note: "the desk exchanges the code (GitHub's token endpoint, played by the recorder)", Host: "github.com",
			Request:  replayRequest{Method: "POST", Path: r.URL.Path, Form: tmpl},
			Response: replayResponse{Status: http.StatusOK, Headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, Text: fmt.Sprintf(answer, fakeToken(f.role))},
			PKCE:     &struct{ Challenge, Verifier string }{fmt.Sprintf("challenge%d", f.n), fmt.Sprintf("verifier%d", f.n)}}
		rc.keep(x, body, nil)
		w.Header().Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		fmt.Fprintf(w, answer, rc.people[f.role].Token)
	default:
		rc.fail("a request to GitHub's web the recorder does not play: %s %s", r.Method, r.URL)
		http.NotFound(w, r)
	}
}

// keep records x in the current step.
func (rc *ghRecorder) keep(x exchange, body, resp []byte) {
	rc.byStep[rc.step] = append(rc.byStep[rc.step], x)
	rc.played = append(rc.played, played{X: x, Body: body, Resp: resp})
}

// forward passes an API request on to GitHub and records it.
func (rc *ghRecorder) forward(w http.ResponseWriter, r *http.Request, body []byte) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method, rc.upstream+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	for _, h := range []string{"Authorization", "Accept", "Content-Type", "User-Agent", "X-GitHub-Api-Version"} {
		if v := r.Header.Get(h); v != "" {
			req.Header.Set(h, v)
		}
	}
	if rc.host != "" {
		req.Host = rc.host
	}
	resp, err := rc.client.Do(req)
	if err != nil {
		rc.mu.Lock()
		rc.fail("%s %s: %v", r.Method, r.URL.Path, err)
		rc.mu.Unlock()
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	for _, h := range []string{"Content-Type", "Link", "Location"} {
		if v := resp.Header.Get(h); v != "" {
			w.Header().Set(h, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	w.Write(out)

	rc.mu.Lock()
	defer rc.mu.Unlock()
	// GitHub decides mergeability after the pull request is opened: a merge refused
	// meanwhile is retried by the story and left out of the cassette.
	if r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/merge") && resp.StatusCode == http.StatusMethodNotAllowed {
		return
	}
	x := exchange{Host: "api.github.com", Request: replayRequest{Method: r.Method, Path: r.URL.Path}, Response: replayResponse{Status: resp.StatusCode}}
	for role, p := range rc.people {
		if r.Header.Get("Authorization") == "Bearer "+p.Token {
			x.As = role
		}
	}
	if q := r.URL.Query(); len(q) > 0 {
		x.Request.Query = map[string]string{}
		for k := range q {
			x.Request.Query[k] = q.Get(k)
		}
	}
	if len(bytes.TrimSpace(body)) > 0 {
		var v map[string]any
		if json.Unmarshal(body, &v) == nil {
			if strings.HasSuffix(r.URL.Path, "/git/blobs") {
				v["content"] = "{{*}}" // the test reads the content from the request itself
			}
			x.Request.JSON, _ = json.Marshal(v)
		} else {
			rc.fail("%s %s: a body that is not a JSON object", r.Method, r.URL.Path)
		}
	}
	if json.Valid(out) && len(bytes.TrimSpace(out)) > 0 {
		x.Response.JSON = out
	} else {
		x.Response.Text = string(out)
	}
	rc.keep(x, body, out)
}

var (
	stampRx = regexp.MustCompile(`-([0-9a-f]{6})$`)                         // a branch's stamp
	proofRx = regexp.MustCompile(`/([0-9a-f]{8})-[0-9]+\.(?:pdf|jpg|png)$`) // a proof's draft id
)

// Write writes the recording into dir: story.json and one cassette per step, the real
// tokens replaced by made-up ones and the run's random parts by placeholders.
func (rc *ghRecorder) Write(dir string, repo forge.Repo) error {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var stamps, proofs []string
	for _, p := range rc.played {
		var req map[string]any
		json.Unmarshal(p.Body, &req)
		switch {
		case strings.HasSuffix(p.X.Request.Path, "/git/refs") && p.X.Request.Method == "POST":
			if m := stampRx.FindStringSubmatch(strings.TrimPrefix(fmt.Sprint(req["ref"]), "refs/heads/")); m != nil && !slices.Contains(stamps, m[1]) {
				stamps = append(stamps, m[1])
			}
		case strings.HasSuffix(p.X.Request.Path, "/git/trees"):
			entries, _ := req["tree"].([]any)
			for _, e := range entries {
				e, _ := e.(map[string]any)
				if m := proofRx.FindStringSubmatch(fmt.Sprint(e["path"])); m != nil && !slices.Contains(proofs, m[1]) {
					proofs = append(proofs, m[1])
				}
			}
		}
	}
	var pairs []string
	for role, p := range rc.people {
		pairs = append(pairs, p.Token, fakeToken(role))
	}
	secrets := strings.NewReplacer(pairs...)
	templated := func(text string) string {
		text = secrets.Replace(text)
		for i, s := range stamps {
			text = regexp.MustCompile(`-`+s+`\b`).ReplaceAllString(text, fmt.Sprintf("-{{stamp%d}}", i+1))
		}
		for i, s := range proofs {
			text = strings.ReplaceAll(text, "/"+s+"-", fmt.Sprintf("/{{proof%d}}-", i+1))
		}
		return text
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "[0-9]*.json"))
	for _, f := range old {
		os.Remove(f)
	}
	st := story{Repo: repo.String(), People: map[string]person{}}
	for role, p := range rc.people {
		st.People[role] = person{Login: p.Login, Token: fakeToken(role)}
	}
	data, _ := json.MarshalIndent(st, "", " ")
	if err := os.WriteFile(filepath.Join(dir, "story.json"), append(data, '\n'), 0o644); err != nil {
		return err
	}
	for _, name := range rc.steps {
		c := cassette{Comment: fmt.Sprintf("Recorded from %s on %s by TestRecordGitHub.", rc.upstream, time.Now().UTC().Format("2006-01-02")), Exchanges: rc.byStep[name]}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", " ")
		if err := enc.Encode(c); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+".json"), []byte(templated(b.String())), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// pushBase puts the story's base tree, naming people, on repo's main (force), as owner.
func pushBase(t *testing.T, repo forge.Repo, people map[string]person) {
	src := t.TempDir()
	testtree.Copy(t, testtree.Base(), src)
	baseTree(t, src, people)
	auth := base64.StdEncoding.EncodeToString([]byte("x-access-token:" + people["owner"].Token))
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "wuxiao desk: the recording's base tree"},
		{"-c", "http.extraHeader=Authorization: Basic " + auth, "push", "-q", "--force", "https://github.com/" + repo.String() + ".git", "main"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_AUTHOR_NAME=wuxiao", "GIT_AUTHOR_EMAIL=wuxiao@test", "GIT_COMMITTER_NAME=wuxiao", "GIT_COMMITTER_EMAIL=wuxiao@test")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", args[0], err, out) // the token is in no argument printed here
		}
	}
}
