package desk

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"code.gitea.io/sdk/gitea"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/oauth2"

	"wuxiao/generator"
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/forge"
	"wuxiao/generator/headless"
	"wuxiao/generator/testtree"
)

// e2e is one end-to-end run against the real Gitea that .ci/gitea.sh starts.
type e2e struct {
	t        *testing.T
	admin    *gitea.Client
	giteaURL string
	token    string
	owner    string
	repo     string
	clone    string   // the desk's clone of the repository
	base     *DirBase // the desk's base branch, read from clone
	check    string   // a second clone, for checking what was merged
	desk     string   // the desk's base URL
	storyClock
	password string
	users    map[string]string // role → login
	audit    lockedBuffer      // the desk's audit log
	full     bool              // the story tells every step (WUXIAO_GITEA_FULL)
}

// giteaFull tells whether the Gitea tests take every step on the real Gitea, those that
// repeat an earlier one on the forge's side too: WUXIAO_GITEA_FULL, set by .ci/run.
func giteaFull() bool { return os.Getenv("WUXIAO_GITEA_FULL") != "" }

// TestEndToEndOnGitea: in headless Chromium at phone size, a grassroots admin declares a
// result with a PDF proof, the county admin recommends it, an expert scores it and the
// county issues a bulletin with a photo; each step is a pull request by that person's own
// account on a real Gitea, its files pass check once merged, and the merged repository
// builds. With WUXIAO_GITEA_FULL set (a step of .ci/run of its own) the story also tells
// there the steps that repeat an earlier one on the forge's side: the county's first
// bulletin, and the city's award proposal, notice and final.
//
// Without it those are told by the replay of GitHub only (TestEndToEndOnGitHub): each is
// a file committed, a pull request opened and merged, as the steps before it, and on this
// 2-core VM each cost about 6 s of the machine's processor time, mostly Gitea's (its hooks
// and merge checks start about 230 processes a pull request): the story took 62.9 and
// 65.6 s of it with them, 37.5 and 38.3 s without (alternated runs), and go test ./...
// has 3 minutes on 2 cores.
func TestEndToEndOnGitea(t *testing.T) {
	giteaURL, token := os.Getenv("WUXIAO_GITEA_URL"), os.Getenv("WUXIAO_GITEA_TOKEN")
	if giteaURL == "" || token == "" {
		t.Skip(`needs a real Gitea: eval "$(.ci/gitea.sh start)" first (sets WUXIAO_GITEA_URL and WUXIAO_GITEA_TOKEN); .ci/run does`)
	}
	headless.Path(t)
	e := &e2e{t: t, giteaURL: strings.TrimRight(giteaURL, "/") + "/", token: token, password: "wuxiao-pw-" + suffix(), users: map[string]string{}}
	e.setToday("2026-09-20")
	var err error
	e.admin, err = gitea.NewClient(e.giteaURL, gitea.SetToken(token))
	if err != nil {
		t.Fatal(err)
	}
	me, _, err := e.admin.GetMyUserInfo()
	if err != nil {
		t.Fatal(err)
	}
	e.owner = me.UserName
	start := time.Now()
	e.setUp()
	t.Logf("set up in %v", time.Since(start))
	browser := chromium.PrivateTab(t, 8*time.Minute)

	if e.full = giteaFull(); !e.full {
		t.Log("the steps that repeat an earlier one on the forge's side (the county's first bulletin, the city's award, notice and final) on Gitea: WUXIAO_GITEA_FULL=1 (.ci/run sets it in a step of its own); TestEndToEndOnGitHub tells them on the replay")
	}
	tellStory(t, e, browser, "应用证明 "+e.repo, 4)
	e.bulletinWithPhoto(chromium.PrivateTab(t, 3*time.Minute)) // signed in afresh: no session of the story's people

	// .ci/gitea.sh makes Gitea's tokens last 61 s, so that the desk renews a token (a
	// minute before its end) at each step more than a second after its sign-in: Gitea
	// must have taken the renewals, and the renewed tokens worked.
	audit := e.audit.String()
	if n := strings.Count(audit, `"action":"refresh","result":"ok"`); n == 0 || strings.Contains(audit, `"action":"refresh","result":"failed"`) {
		t.Errorf("tokens renewed %d times, or a renewal failed; audit log:\n%s", n, audit)
	} else {
		t.Logf("tokens renewed %d times", n)
	}
}

// bulletinWithPhoto: the county admin issues another bulletin with a photo chosen in the
// form (a real PNG sent by Chromium); the merged tree holds the photo byte for byte beside
// the bulletin, whose body shows it, and the scope rule allows the county the change as
// merged (the photo is its own bulletin's).
func (e *e2e) bulletinWithPhoto(browser context.Context) {
	t := e.t
	var b bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(t.TempDir(), "IMG_0001.png")
	os.WriteFile(photo, b.Bytes(), 0o644)
	tab := e.signIn(browser, "county")
	e.do(tab, "带照片的简报", chromedp.Navigate(e.desk+"county/kuangqu/bulletin"),
		chromedp.SendKeys(chromedp.CSS(`#title`), "矿区“五小”成果现场观摩"),
		chromedp.SendKeys(chromedp.CSS(`#body`), "矿区总工会组织各基层单位观摩获奖成果。"),
		chromedp.SetUploadFiles(chromedp.CSS(`#photo`), []string{photo}),
		chromedp.SendKeys(chromedp.CSS(`#photo_title`), "观摩现场"),
		chromedp.Click(chromedp.CSS(`form.desk-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	issue := "kuangqu-2026-1" // the county's first bulletin, or its second after the story's
	if e.full {
		issue = "kuangqu-2026-2"
	}
	e.mergeAndCheck("county", "content/2026/bulletins/"+issue)
	md, err := os.ReadFile(filepath.Join(e.check, "content/2026/bulletins/"+issue+".md"))
	kept, err2 := os.ReadFile(filepath.Join(e.check, "content/2026/bulletins/"+issue+"-1.png"))
	if err != nil || err2 != nil || !bytes.Equal(kept, b.Bytes()) || !strings.Contains(string(md), "![观摩现场]("+issue+"-1.png)") {
		t.Fatalf("merged: the photo %d of %d bytes (%v), the bulletin (%v):\n%s", len(kept), b.Len(), err2, err, md)
	}
	res, err := generator.Scope(generator.Config{Root: e.check}, generator.ScopeOptions{Base: "HEAD^1", Author: e.users["county"]})
	if err != nil {
		t.Fatal(err)
	}
	if refused := res.Decision.Refused; len(refused) > 0 || res.Decision.Files != 2 {
		t.Errorf("scope of the merged bulletin with its photo: %d files, refused %v", res.Decision.Files, refused)
	}
}

// lockedBuffer is an audit log the desk's handlers write while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func suffix() string {
	b := make([]byte, 3)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (e *e2e) begin(name, role string) {}
func (e *e2e) repeats() bool           { return e.full }
func (e *e2e) merged() string          { return e.check }
func (e *e2e) deskURL() string         { return e.desk }

// mergeAndCheck merges the one open pull request, which must be role's.
func (e *e2e) mergeAndCheck(role string, prefixes ...string) {
	e.t.Helper()
	e.mergePR(e.onlyOpenPR(role), prefixes...)
}

func (e *e2e) git(dir string, args ...string) string {
	e.t.Helper()
	// git commit, fetch and pull each start "git maintenance run --auto" afterwards: not
	// for a repository that lives as long as the test.
	cmd := exec.Command("git", append([]string{"-c", "maintenance.auto=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_AUTHOR_NAME=wuxiao", "GIT_AUTHOR_EMAIL=wuxiao@test", "GIT_COMMITTER_NAME=wuxiao", "GIT_COMMITTER_EMAIL=wuxiao@test")
	out, err := cmd.CombinedOutput()
	if err != nil {
		e.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// setUp makes the four accounts, the repository with the example content naming them, the
// OAuth application and the desk.
func (e *e2e) setUp() {
	t := e.t
	no := false
	for _, role := range []string{"unit", "county", "expert", "city"} {
		login := role + "-" + suffix()
		_, _, err := e.admin.AdminCreateUser(gitea.CreateUserOption{Username: login, Email: login + "@wuxiao.test", Password: e.password, MustChangePassword: &no})
		if err != nil {
			t.Fatalf("creating %s: %v", login, err)
		}
		e.users[role] = login
	}
	e.repo = "wuxiao-e2e-" + suffix()
	if _, _, err := e.admin.CreateRepo(gitea.CreateRepoOption{Name: e.repo, Private: true, DefaultBranch: "main"}); err != nil {
		t.Fatal(err)
	}
	write := gitea.AccessModeWrite
	for _, login := range e.users {
		if _, err := e.admin.AddCollaborator(e.owner, e.repo, login, gitea.AddCollaboratorOption{Permission: &write}); err != nil {
			t.Fatal(err)
		}
	}
	src := t.TempDir()
	testtree.Copy(t, testtree.Base(), src)
	replace := func(rel string, pairs ...string) {
		p := filepath.Join(src, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, []byte(strings.NewReplacer(pairs...).Replace(string(data))), 0o644)
	}
	replace("content/units.yaml", "[yq-union]", "["+e.users["city"]+"]", "[kuangqu-union]", "["+e.users["county"]+"]", "[mine1-admin]", "["+e.users["unit"]+"]")
	replace("content/experts.yaml", "  field: 管理\n", "  field: 管理\n  login: "+e.users["expert"]+"\n")
	write2026 := func(rel, text string) {
		p := filepath.Join(src, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	write2026("content/2026/competition.yaml", competition2026)
	remote := e.remote()
	e.git(src, "init", "-q", "-b", "main")
	e.git(src, "add", "-A")
	e.git(src, "commit", "-q", "-m", "demo content")
	e.git(src, "push", "-q", remote, "main")
	// Gitea takes a first push in the background (its queue records the branch): the
	// branch read straight after it was once answered 500 in CI, under load. A city admin
	// sets the repository up well before the desk's first sign-in; so does the test.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		b, _, err := e.admin.GetRepoBranch(e.owner, e.repo, "main")
		if err == nil && b != nil && b.Commit != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Gitea does not show the pushed branch main after 60 s: %v", err)
		}
	}
	e.clone, e.check = filepath.Join(t.TempDir(), "desk"), filepath.Join(t.TempDir(), "check")
	e.git(".", "clone", "-q", remote, e.clone)
	e.git(".", "clone", "-q", remote, e.check)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.desk = "http://" + ln.Addr().String() + "/"
	app, _, err := e.admin.CreateOauth2(gitea.CreateOauth2Option{Name: "wuxiao desk " + e.repo, ConfidentialClient: true, RedirectURIs: []string{e.desk + "oauth/callback"}})
	if err != nil {
		t.Fatalf("creating the OAuth application (is [oauth2] ENABLED in app.ini?): %v", err)
	}
	r := forge.Repo{Owner: e.owner, Name: e.repo}
	// The desk pulls its base when the test has merged a pull request (mergePR), and not
	// at each request as a pull every millisecond did: 33 pulls of the 8 merges, each
	// some ten git processes on the desk's side and Gitea's.
	e.base = &DirBase{Root: e.clone, Every: time.Hour}
	s, err := New(Options{
		Forge: "gitea", ForgeURL: e.giteaURL, Repo: r.String(), ClientID: app.ClientID, ClientSecret: app.ClientSecret,
		BaseURL: e.desk, SessionKey: []byte(strings.Repeat("s", 32)), Drafts: t.TempDir(),
		Base: e.base,
		Connect: func(ctx context.Context, tok *oauth2.Token) Forge {
			f, err := forge.New(forge.Gitea, e.giteaURL, tok.AccessToken, nil)
			if err != nil {
				return Broken(err)
			}
			return As(f, r, "main")
		},
		Check: func(fsys fs.FS, now content.Date) (*content.Tree, *diag.List, error) {
			return generator.CheckFS(fsys, now, nil)
		},
		Now: e.now, Logf: t.Logf, Audit: &e.audit,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

// remote is the repository's clone URL with the admin's token.
func (e *e2e) remote() string {
	u, _ := url.Parse(e.giteaURL)
	u.User = url.UserPassword(e.owner, e.token)
	u.Path = "/" + e.owner + "/" + e.repo + ".git"
	return u.String()
}

// signIn opens a fresh browser profile at phone size and signs role in through Gitea's
// own login and authorization pages.
func (e *e2e) signIn(browser context.Context, role string) context.Context {
	dialogs := make(chan string, 16)
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(func(ev any) {
		if d, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
			select {
			case dialogs <- d.Message:
			default:
			}
		}
	}))
	e.t.Cleanup(cancel)
	go func() { // a dialog (Gitea alerts about assets it was built without) would stop the page
		for msg := range dialogs {
			e.t.Logf("dialog: %s", msg)
			chromedp.Call(tab, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	e.t.Cleanup(func() { close(dialogs) })
	// The first run opens the tab: with the tab's own context, since cancelling the context
	// of that first run would close it.
	if err := chromedp.Do(tab); err != nil {
		e.t.Fatal(err)
	}
	// Script off: Gitea built without its frontend alerts about each missing asset, and the
	// desk needs none; both sign-in forms and the desk's forms are plain HTML.
	e.do(tab, "登录 "+role, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile), noScript(),
		chromedp.Navigate(e.desk+"login"), chromedp.WaitVisible(chromedp.CSS(`#user_name`)),
		chromedp.SendKeys(chromedp.CSS(`#user_name`), e.users[role]), chromedp.SendKeys(chromedp.CSS(`#password`), e.password),
		chromedp.Click(chromedp.CSS(`form[action$="/user/login"] button.primary`)),
		// Gitea asks once per application and person whether to grant it access.
		chromedp.WaitVisible(chromedp.CSS(`#authorize-app, form.who`)),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			asked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#authorize-app") !== null`))
			if err != nil || !asked {
				return err
			}
			return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#authorize-app`)))
		}),
		chromedp.WaitVisible(chromedp.CSS(`form.who`)))
	ctx, cancel2 := context.WithTimeout(tab, 10*time.Second)
	defer cancel2()
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(text, "我的申报") && !strings.Contains(text, "推荐与审核") && !strings.Contains(text, "评审") && !strings.Contains(text, "全市总览") {
		e.t.Fatalf("%s did not arrive signed in at the desk (%v):\n%.2000s", role, err, text)
	}
	return tab
}

func (e *e2e) do(tab context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(tab, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		ctx, cancel := context.WithTimeout(tab, 5*time.Second)
		defer cancel()
		text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		e.t.Fatalf("%s: %v (at %s)\n%.3000s", what, err, loc, text)
	}
}

// onlyOpenPR is the one open pull request, which must be role's.
func (e *e2e) onlyOpenPR(role string) *gitea.PullRequest {
	e.t.Helper()
	prs, _, err := e.admin.ListRepoPullRequests(e.owner, e.repo, gitea.ListPullRequestsOptions{State: gitea.StateOpen})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(prs) != 1 {
		e.t.Fatalf("%d open pull requests after %s's step, want 1", len(prs), role)
	}
	if prs[0].Poster == nil || prs[0].Poster.UserName != e.users[role] {
		e.t.Fatalf("the pull request of %s's step is by %v", role, prs[0].Poster)
	}
	return prs[0]
}

// mergePR checks that pr changes only files under prefixes, merges it, and checks the
// merged tree: no error.
func (e *e2e) mergePR(pr *gitea.PullRequest, prefixes ...string) {
	t := e.t
	t.Helper()
	files, _, err := e.admin.ListPullRequestFiles(e.owner, e.repo, pr.Index, gitea.ListPullRequestFilesOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !under(f.Filename, prefixes) {
			t.Errorf("pull request #%d (%s) changes %s", pr.Index, pr.Title, f.Filename)
		}
	}
	var merged bool
	for i := 0; i < 20 && !merged; i++ { // Gitea checks mergeability in the background
		merged, _, err = e.admin.MergePullRequest(e.owner, e.repo, pr.Index, gitea.MergePullRequestOption{Style: gitea.MergeStyleMerge})
		if !merged {
			time.Sleep(500 * time.Millisecond)
		}
	}
	if !merged {
		t.Fatalf("merging #%d: %v", pr.Index, err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Filename)
	}
	t.Logf("merged #%d %q by %s: %s", pr.Index, pr.Title, pr.Poster.UserName, strings.Join(names, ", "))
	e.git(e.check, "pull", "-q", "--ff-only")
	e.base.Refresh() // the desk's next request pulls the merge
	_, diags, err := generator.CheckFS(content.DirFS(e.check), e.now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if errs, _ := diags.Count(); errs > 0 {
		var b strings.Builder
		diags.Print(&b, "text")
		t.Fatalf("after merging #%d (%s), check finds errors:\n%s", pr.Index, pr.Title, b.String())
	}
}
