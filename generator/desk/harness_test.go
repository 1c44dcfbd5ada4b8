package desk

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
	"wuxiao/generator/testtree"
)

// fakeForge is a unit-test stand-in for the forge: it records what the desk asks.
// It is never called the real forge; the end-to-end test uses a real Gitea.
type fakeForge struct {
	mu       sync.Mutex
	login    string
	proposed []Change
	open     []PullRequest
	renamed  string   // the name Login answers when the account was renamed
	access   error    // what Login answers besides the name (ErrNoAccess once removed)
	logins   int      // how many times the desk asked Login
	verdicts []string // the head commits whose checks' verdict the desk asked
	refusal  error    // what Propose answers instead of a pull request, when set
	unlisted error    // what PullRequests answers instead of the list, when set
	lists    int      // how many times the desk asked PullRequests
	// sums, when set, gets each proof's SHA-256 as the proof is read, a buffer at a time,
	// instead of its bytes in the change's Files.
	sums map[string]string
	// left is how long each Propose had before its context's deadline.
	left []time.Duration
	// proposing, when set, is called as Propose begins (after the desk's check).
	proposing func()
}

func (f *fakeForge) Verdict(_ context.Context, sha string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.verdicts = append(f.verdicts, sha)
	return "success", nil
}

func (f *fakeForge) Login(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logins++
	if f.renamed != "" {
		return f.renamed, f.access
	}
	return f.login, f.access
}
func (f *fakeForge) Propose(ctx context.Context, c Change) (PullRequest, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if end, ok := ctx.Deadline(); ok {
		f.left = append(f.left, time.Until(end))
	}
	if f.proposing != nil {
		f.proposing()
	}
	if f.refusal != nil {
		return PullRequest{}, f.refusal
	}
	if len(c.Proofs) > 0 { // read as the forge would, kept with the texts for the tests to see
		c.Files = maps.Clone(c.Files)
		for p, kept := range c.Proofs {
			rc, err := kept.Open()
			if err != nil {
				return PullRequest{}, err
			}
			var data bytes.Buffer
			var w io.Writer = &data
			h := sha256.New()
			if f.sums != nil {
				w = h
			}
			n, err := io.Copy(w, rc)
			rc.Close()
			if err != nil || n != kept.Size {
				return PullRequest{}, fmt.Errorf("proof %s: %d bytes of %d, %v", p, n, kept.Size, err)
			}
			if f.sums != nil {
				f.sums[p] = hex.EncodeToString(h.Sum(nil))
			} else {
				c.Files[p] = data.Bytes()
			}
		}
	}
	f.proposed = append(f.proposed, c)
	pr := PullRequest{Number: len(f.proposed), Title: c.Title, URL: "https://forge.test/pr/" + c.Branch, Author: f.login, Branch: c.Branch}
	f.open = append(f.open, pr)
	return pr, nil
}
func (f *fakeForge) PullRequests(context.Context) ([]PullRequest, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	if f.unlisted != nil {
		return nil, f.unlisted
	}
	return append([]PullRequest(nil), f.open...), nil
}

// fixture is a desk over a copy of ../shared/examples/minimal with a 2026 competition open
// for declarations and two experts with logins.
type fixture struct {
	t      *testing.T
	s      *Server
	root   string
	forges map[string]*fakeForge // by login
	mu     sync.Mutex            // guards forges: posts at once make theirs
	audit  *bytes.Buffer
	opt    Options
}

func write(t *testing.T, root, rel, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const competition2026 = `year: 2026
title: 2026年阳泉市职工“五小”竞赛
phases:
  organize: {from: 2026-03-01, to: 2026-09-30}
  review: {from: 2026-10-01, to: 2026-11-30}
  award: {from: 2026-12-01, to: 2026-12-31}
prior_commendation: [grassroots, county]
quotas: {一等奖: 1, 二等奖: 2, 三等奖: 2}
rubric:
  - {key: innovation, name: 创新性, max: 30}
  - {key: practicality, name: 实用性, max: 25}
  - {key: benefit, name: 经济和社会效益, max: 30}
  - {key: promotion, name: 推广价值, max: 15}
min_reviews: 1
`

func newFixture(t *testing.T, today string) *fixture {
	t.Helper()
	return newFixtureAt(t, today, "https://desk.test/")
}

// newFixtureAt is newFixture serving the desk at base.
func newFixtureAt(t *testing.T, today, base string) *fixture {
	t.Helper()
	root := t.TempDir()
	testtree.Copy(t, testtree.Base(), root)
	write(t, root, "content/2026/competition.yaml", competition2026)
	experts, _ := os.ReadFile(filepath.Join(root, "content/experts.yaml"))
	ex := strings.Replace(string(experts), "  field: 电气\n", "  field: 电气\n  login: expert2\n", 1)
	ex = strings.Replace(ex, "  field: 管理\n", "  field: 管理\n  login: expert3\n", 1)
	write(t, root, "content/experts.yaml", ex)
	now, err := content.ParseDate(today)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, root: root, forges: map[string]*fakeForge{}, audit: &bytes.Buffer{}}
	f.opt = Options{
		Forge: "gitea", ForgeURL: "https://forge.test/", Repo: "yq-union/wuxiao", ClientID: "id", ClientSecret: "secret",
		BaseURL: base, SessionKey: bytes.Repeat([]byte("k"), 32), Drafts: t.TempDir(),
		Base: &DirBase{Root: root},
		Connect: func(_ context.Context, tok *oauth2.Token) Forge {
			return f.forge(tok.AccessToken)
		},
		Check: func(fsys fs.FS, now content.Date) (*content.Tree, *diag.List, error) {
			tree, diags, err := content.Load(fsys)
			if err != nil {
				return nil, nil, err
			}
			rules.Run(tree, now, ruleset.All(nil), diags)
			return tree, diags, nil
		},
		Now: func() content.Date { return now }, Audit: f.audit, Logf: t.Logf,
	}
	f.restart()
	return f
}

// restart replaces the desk by a new one with the same options, as a restarted process.
func (f *fixture) restart() {
	f.t.Helper()
	s, err := New(f.opt)
	if err != nil {
		f.t.Fatal(err)
	}
	f.s = s
}

// forge is the fake forge of a login (the token is the login in these tests).
func (f *fixture) forge(login string) *fakeForge {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.forges[login] == nil {
		f.forges[login] = &fakeForge{login: login}
	}
	return f.forges[login]
}

// as returns a session cookie for login, as a finished sign-in leaves it.
func (f *fixture) as(login string) *http.Cookie {
	return f.signedIn(login, &oauth2.Token{AccessToken: login})
}

// signedIn is a session cookie for login with tok, as a finished sign-in leaves it: the
// session's access checked just now.
func (f *fixture) signedIn(login string, tok *oauth2.Token) *http.Cookie {
	sess := f.s.sessions.begin(login, tok)
	f.s.live.passed(&sess, f.s.sessions.now())
	return &http.Cookie{Name: f.s.cookieName(sessionCookie), Value: f.s.sessions.seal(sess)}
}

// do sends a request from the desk's own pages (same origin) with cookie.
func (f *fixture) do(method, target string, body io.Reader, contentType string, c *http.Cookie) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "https://desk.test"+target, body)
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if method == http.MethodPost {
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if c != nil {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	return w
}

func (f *fixture) get(target string, c *http.Cookie) *httptest.ResponseRecorder {
	return f.do(http.MethodGet, target, nil, "", c)
}

func (f *fixture) postForm(target string, v url.Values, c *http.Cookie) *httptest.ResponseRecorder {
	return f.do(http.MethodPost, target, strings.NewReader(v.Encode()), "application/x-www-form-urlencoded", c)
}

// upload is one file of a multipart post.
type upload struct {
	field, name string
	data        []byte
}

func (f *fixture) postMultipart(target string, v url.Values, files []upload, c *http.Cookie) *httptest.ResponseRecorder {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range v {
		for _, x := range vs {
			mw.WriteField(k, x)
		}
	}
	for _, u := range files {
		w, _ := mw.CreateFormFile(u.field, u.name)
		w.Write(u.data)
	}
	mw.Close()
	return f.do(http.MethodPost, target, &b, mw.FormDataContentType(), c)
}

// pdf is a small PDF file.
func pdf(text string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + text + "\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// declaration2026 is a complete, correct declaration of kuangqu-mine1.
func declaration2026() url.Values {
	return url.Values{
		"title": {"井下皮带自动张紧装置"}, "category": {"小革新"}, "innovation": {"装备创新"}, "group": {"职工"},
		"author_name_0": {"王建国"}, "author_role_0": {"主要完成人"}, "author_job_0": {"皮带司机"}, "author_name_1": {"李明"},
		"started": {"2026-01-05"}, "completed": {"2026-06-30"}, "submitted": {"2026-09-10"},
		"summary":  {"皮带运行时自动调整张紧力，不再人工调整，减少打滑和跑偏。"},
		"economic": {"8.5"}, "social": {"减少停机时间，降低劳动强度。"},
		"body": {"## 问题\n\n井下主运输皮带过去靠人工定期调整张紧力，松紧不一，打滑跑偏时有发生，影响生产和安全。\n\n" +
			"## 做法\n\n机电队利用旧液压缸和压力传感器做了一套自动张紧装置，皮带运行时按负载自动调整张紧力，打滑现象基本消除。\n"},
		"contact_name": {"王建国"}, "contact_phone": {"13903530011"},
		"commend_doc": {"矿一工发〔2026〕3号"}, "commend_date": {"2026-09-01"}, "commend_award": {"一等奖"},
		"proof_title": {"应用证明"}, "action": {"submit"},
	}
}
