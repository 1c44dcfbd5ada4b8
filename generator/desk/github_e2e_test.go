package desk

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/oauth2"

	"wuxiao/generator"
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/forge"
	"wuxiao/generator/headless"
	"wuxiao/generator/testtree"
)

// ghSide is GitHub as the end-to-end run sees it: the replay of cassettes, or the
// recorder in front of GitHub (or of a replay).
type ghSide interface {
	http.Handler
	// People are the story's accounts by role: unit, county, expert, city and owner (who merges).
	People() map[string]person
	// Step says that the story's step name (its cassette file) begins and that role signs in next.
	Step(name, role string)
	// SetDesk tells where the desk is served (the OAuth redirect goes there).
	SetDesk(url string)
	// Played is what was answered so far.
	Played() []played
	// Errors are the failures so far (for the replay, also what was never played).
	Errors() []string
	// Failed is closed at the first failure.
	Failed() <-chan struct{}
}

// ghRun is one end-to-end run of the desk configured for GitHub.
type ghRun struct {
	t     *testing.T
	rp    ghSide
	repo  forge.Repo
	base  string // the base branch's tree, as the desk reads it; merged pull requests are applied to it
	desk  string
	owner forge.Forge // the repository's owner, who merges
	storyClock
	mark   int             // how many exchanges were played when the last step ended
	failed context.Context // done when the replay fails, so that the browser stops waiting
}

// TestEndToEndOnGitHub: the desk configured for GitHub, in headless Chromium at phone size.
// Its sign-in (OAuth authorization code with PKCE at /login/oauth/authorize and
// /login/oauth/access_token) and every REST call go to a loopback replay of GitHub that
// serves the exchanges of testdata/github strictly: in order, each as the person whose
// token it carries, with the paths, queries and JSON that go-github sends. A grassroots
// admin declares a result with a PDF proof, the county admin recommends it and issues a
// bulletin, an expert scores it, and the city office writes the award proposal and takes
// the results through notice to final: seven pull requests, each opened with that
// person's token; the files each commits (the blobs and tree sent to the Git data API)
// pass check over a copy of the base tree, and the merged tree builds.
//
// The cassettes were written from GitHub's documentation, not recorded from github.com
// (see replay_test.go); TestRecordGitHub re-records them.
func TestEndToEndOnGitHub(t *testing.T) {
	headless.Path(t)
	rp, err := loadReplay("testdata/github")
	if err != nil {
		t.Fatal(err)
	}
	runStory(t, rp, rp.repo, 4)
	if errs := rp.Errors(); len(errs) > 0 {
		t.Fatalf("the replay of GitHub:\n%s", strings.Join(errs, "\n"))
	}
}

// runStory runs the story against GitHub's side rp, up to its step upTo (1 to 4: declare,
// recommend and write a bulletin, score, award and take the results through notice to final).
func runStory(t *testing.T, rp ghSide, repo forge.Repo, upTo int) {
	start := time.Now()
	g := &ghRun{t: t, rp: rp, repo: repo}
	g.setToday("2026-09-20")
	failed, cancel := context.WithCancel(context.Background())
	g.failed = failed
	go func() {
		select {
		case <-rp.Failed():
			cancel()
		case <-failed.Done():
		}
	}()
	t.Cleanup(cancel)
	g.owner = g.setUp()
	browser := chromium.PrivateTab(t, 2*time.Minute)

	tellStory(t, g, browser, "应用证明", upTo)
	t.Logf("%d exchanges played in %v", len(g.rp.Played()), time.Since(start).Round(time.Millisecond))
}

func (g *ghRun) begin(name, role string) { g.rp.Step(name, role) }
func (g *ghRun) repeats() bool           { return true }
func (g *ghRun) merged() string          { return g.base }
func (g *ghRun) deskURL() string         { return g.desk }

// setUp writes the base tree naming the cassettes' people, starts the replay and the desk
// configured for GitHub, and returns the repository's owner's client (who merges).
func (g *ghRun) setUp() forge.Forge {
	t := g.t
	g.base = t.TempDir()
	testtree.Copy(t, testtree.Base(), g.base)
	baseTree(t, g.base, g.rp.People())

	ln := listen(t)
	rs := &http.Server{Handler: g.rp}
	go rs.Serve(ln)
	t.Cleanup(func() { rs.Close() })
	web := "http://" + ln.Addr().String()
	apiClient := &http.Client{Transport: apiTransport{ln.Addr().String()}, Timeout: 20 * time.Second}

	dl := listen(t)
	g.desk = "http://" + dl.Addr().String() + "/"
	rp := g.rp
	rp.SetDesk(g.desk)
	s, err := New(Options{
		Forge: "github", Repo: g.repo.String(), ClientID: "Ov23liReplay0000000a", ClientSecret: "replay-client-secret-0000000000000000000a",
		BaseURL: g.desk, SessionKey: []byte(strings.Repeat("s", 32)), Drafts: t.TempDir(),
		Base: &DirBase{Root: g.base, Every: time.Millisecond},
		// GitHub's own paths on a loopback host: the browser cannot be sent to github.com here.
		Endpoint: &oauth2.Endpoint{AuthURL: web + "/login/oauth/authorize", TokenURL: web + "/login/oauth/access_token", AuthStyle: oauth2.AuthStyleInParams},
		Connect: func(ctx context.Context, tok *oauth2.Token) Forge {
			// As cmd/wuxiao makes it for github.com (https://api.github.com/), the
			// transport taking the requests to the replay.
			f, err := forge.New(forge.GitHub, "", tok.AccessToken, apiClient)
			if err != nil {
				return Broken(err)
			}
			return As(f, g.repo, "main")
		},
		Check: func(fsys fs.FS, now content.Date) (*content.Tree, *diag.List, error) {
			return generator.CheckFS(fsys, now, nil)
		},
		Now: g.now, Logf: t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}
	ds := &http.Server{Handler: s}
	go ds.Serve(dl)
	t.Cleanup(func() { ds.Close() })
	owner, err := forge.New(forge.GitHub, "", g.rp.People()["owner"].Token, apiClient)
	if err != nil {
		t.Fatal(err)
	}
	return owner
}

// baseTree makes the copy of the base tree at root name the story's people and open the
// 2026 competition.
func baseTree(t *testing.T, root string, p map[string]person) {
	t.Helper()
	replace := func(rel string, pairs ...string) {
		file := filepath.Join(root, rel)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(file, []byte(strings.NewReplacer(pairs...).Replace(string(data))), 0o644)
	}
	replace("content/units.yaml", "[yq-union]", "["+p["city"].Login+"]", "[kuangqu-union]", "["+p["county"].Login+"]", "[mine1-admin]", "["+p["unit"].Login+"]")
	replace("content/experts.yaml", "  field: 管理\n", "  field: 管理\n  login: "+p["expert"].Login+"\n")
	write(t, root, "content/2026/competition.yaml", competition2026)
}

// listen is a loopback listener.
func listen(t *testing.T) net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// signIn opens a fresh browser profile at phone size, script off, and signs role in: the
// desk sends the browser to GitHub's authorization page, which (the person having
// authorized the application before) sends it straight back with a code.
func (g *ghRun) signIn(browser context.Context, role string) context.Context {
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	g.t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		g.t.Fatal(err)
	}
	g.do(tab, "登录 "+role, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile), noScript(),
		chromedp.Navigate(g.desk+"login"), chromedp.WaitVisible(chromedp.CSS(`form.who`)))
	ctx, cancel2 := context.WithTimeout(tab, 10*time.Second)
	defer cancel2()
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("header")))
	if err != nil || !strings.Contains(text, g.rp.People()[role].Login) {
		g.t.Fatalf("%s did not arrive signed in as %s (%v):\n%.2000s", role, g.rp.People()[role].Login, err, text)
	}
	return tab
}

// do runs steps in tab; a failure of the replay stops them at once.
func (g *ghRun) do(tab context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	g.t.Helper()
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	stop := context.AfterFunc(g.failed, cancel)
	defer stop()
	if err := chromedp.Do(ctx, steps...); err != nil {
		if g.failed.Err() != nil {
			g.t.Fatalf("%s: the replay of GitHub:\n%s", what, strings.Join(g.rp.Errors(), "\n"))
		}
		ctx, cancel := context.WithTimeout(tab, 5*time.Second)
		defer cancel()
		text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		g.t.Fatalf("%s: %v (at %s)\n%.3000s", what, err, loc, text)
	}
}

// committed is what one pull request committed, read from the requests the desk sent to
// the Git data API: the blobs' content by the SHA GitHub answered, the tree's entries by path.
type committed struct {
	files  map[string][]byte // path → content; nil content for a deletion
	number int               // the pull request's number
	branch string
}

// step reads the pull request the exchanges since the last step opened, and checks that
// it was opened with role's token.
func (g *ghRun) step(role string) committed {
	t := g.t
	t.Helper()
	all := g.rp.Played()
	got := all[g.mark:]
	g.mark = len(all)
	blobs := map[string][]byte{}
	c := committed{files: map[string][]byte{}}
	prs := 0
	for _, p := range got {
		var req map[string]any
		json.Unmarshal(p.Body, &req)
		var resp map[string]any
		json.Unmarshal(p.Resp, &resp)
		switch {
		case p.X.Request.Method == "POST" && strings.HasSuffix(p.X.Request.Path, "/git/blobs"):
			data, err := base64.StdEncoding.DecodeString(fmt.Sprint(req["content"]))
			if err != nil || req["encoding"] != "base64" {
				t.Fatalf("a blob not in base64: %v", err)
			}
			blobs[fmt.Sprint(resp["sha"])] = data
		case p.X.Request.Method == "POST" && strings.HasSuffix(p.X.Request.Path, "/git/trees"):
			entries, _ := req["tree"].([]any)
			for _, e := range entries {
				e := e.(map[string]any)
				if e["sha"] == nil {
					c.files[fmt.Sprint(e["path"])] = nil
					continue
				}
				data, ok := blobs[fmt.Sprint(e["sha"])]
				if !ok {
					t.Fatalf("the tree names blob %v, which this step did not send", e["sha"])
				}
				c.files[fmt.Sprint(e["path"])] = data
			}
		case p.X.Request.Method == "POST" && strings.HasSuffix(p.X.Request.Path, "/pulls"):
			prs++
			if p.X.As != role {
				t.Fatalf("%s's pull request was opened with the token of %q", role, p.X.As)
			}
			if login := fmt.Sprint(resp["user"].(map[string]any)["login"]); login != g.rp.People()[role].Login {
				t.Fatalf("%s's pull request is by %s", role, login)
			}
			c.number = int(resp["number"].(float64))
			c.branch = fmt.Sprint(req["head"])
		}
	}
	if prs != 1 || len(c.files) == 0 {
		t.Fatalf("%s's step opened %d pull requests committing %d files", role, prs, len(c.files))
	}
	return c
}

// mergeAndCheck checks that role's pull request changes only files under prefixes and
// that its files pass check over a copy of the base tree; then the owner merges it (through
// the replay) and its files join the base tree.
func (g *ghRun) mergeAndCheck(role string, prefixes ...string) {
	t := g.t
	t.Helper()
	c := g.step(role)
	copyTree := t.TempDir()
	testtree.Copy(t, g.base, copyTree)
	var names []string
	for p, data := range c.files {
		names = append(names, p)
		if !under(p, prefixes) || path.Clean(p) != p || strings.HasPrefix(p, "../") {
			t.Errorf("%s's pull request #%d changes %s", role, c.number, p)
			continue
		}
		if data == nil {
			os.Remove(filepath.Join(copyTree, p))
			continue
		}
		write(t, copyTree, p, string(data))
	}
	_, diags, err := generator.CheckFS(content.DirFS(copyTree), g.now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if errs, _ := diags.Count(); errs > 0 {
		var b strings.Builder
		diags.Print(&b, "text")
		t.Fatalf("%s's pull request #%d: check finds errors:\n%s", role, c.number, b.String())
	}
	err = g.owner.Merge(context.Background(), g.repo, c.number, "")
	for i := 0; i < 20 && errors.Is(err, forge.ErrRefused); i++ { // real GitHub decides mergeability after a moment
		time.Sleep(time.Second)
		err = g.owner.Merge(context.Background(), g.repo, c.number, "")
	}
	if err != nil {
		t.Fatalf("merging #%d: %v\n%s", c.number, err, strings.Join(g.rp.Errors(), "\n"))
	}
	g.mark = len(g.rp.Played())
	// Merged: the base tree is the copy.
	os.RemoveAll(g.base)
	testtree.Copy(t, copyTree, g.base)
	t.Logf("merged #%d by %s (%s): %s", c.number, g.rp.People()[role].Login, c.branch, strings.Join(names, ", "))
}
