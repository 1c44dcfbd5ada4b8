package desk

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
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
	clone    string // the desk's clone of the repository
	check    string // a second clone, for checking what was merged
	desk     string // the desk's base URL
	mu       sync.Mutex
	today    content.Date
	password string
	users    map[string]string // role → login
}

// TestEndToEndOnGitea: in headless Chromium at phone size, a grassroots admin declares a
// result with a PDF proof, the county admin recommends it, an expert scores it and the city
// office writes the award proposal; each step is a pull request by that person's own account
// on a real Gitea, its files pass check once merged, and the merged repository builds; the
// county also issues a bulletin and the city takes the results through notice to final.
func TestEndToEndOnGitea(t *testing.T) {
	giteaURL, token := os.Getenv("WUXIAO_GITEA_URL"), os.Getenv("WUXIAO_GITEA_TOKEN")
	if giteaURL == "" || token == "" {
		t.Skip(`needs a real Gitea: eval "$(.ci/gitea.sh start)" first (sets WUXIAO_GITEA_URL and WUXIAO_GITEA_TOKEN); .ci/run does`)
	}
	headless.Path(t)
	e := &e2e{t: t, giteaURL: strings.TrimRight(giteaURL, "/") + "/", token: token, password: "wuxiao-pw-" + suffix(), users: map[string]string{}}
	e.today, _ = content.ParseDate("2026-09-20")
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
	browser := headless.Start(t, 8*time.Minute)

	// 1. The grassroots admin declares a result with a PDF proof.
	tab := e.signIn(browser, "unit")
	proofFile := filepath.Join(t.TempDir(), "应用证明.pdf")
	os.WriteFile(proofFile, pdf("应用证明 "+e.repo), 0o644)
	v := declaration2026()
	steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(e.desk + "unit/kuangqu-mine1/declare")}
	for _, k := range []string{"title", "author_name_0", "author_role_0", "summary", "economic", "social", "body", "contact_name", "commend_doc", "proof_title"} {
		steps = append(steps, chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`[name=%q]`, k)), v.Get(k)))
	}
	for _, k := range []string{"category", "innovation", "commend_award", "started", "completed", "submitted", "commend_date"} {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`[name=%q]`, k)), v.Get(k)))
	}
	steps = append(steps, chromedp.SetUploadFiles(chromedp.CSS(`#proof`), []string{proofFile}),
		chromedp.Click(chromedp.CSS(`button[value=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.items`)))
	e.do(tab, "申报", steps...)
	pr := e.onlyOpenPR("unit")
	e.mergeAndCheck(pr, "content/2026/submissions/kuangqu-mine1/", "content/2026/attachments/kuangqu-mine1/", "content/2026/commendations/kuangqu-mine1/")

	// 2. The county admin recommends it.
	tab = e.signIn(browser, "county")
	id := "kuangqu-mine1/" + e.slugOf("content/2026/submissions/kuangqu-mine1")
	e.do(tab, "推荐", chromedp.Navigate(e.desk+"county/kuangqu/"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`[name="pick_%s"]`, id))),
		chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`[name="award_%s"]`, id)), "一等奖"),
		chromedp.SendKeys(chromedp.CSS(`#doc`), "矿区工发〔2026〕8号"),
		chromedp.SetValue(chromedp.CSS(`#date`), "2026-09-18"),
		chromedp.Click(chromedp.CSS(`form.desk-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	e.mergeAndCheck(e.onlyOpenPR("county"), "content/2026/commendations/kuangqu/")

	// 2b. It issues its own bulletin, with the issue number the desk suggests.
	e.do(tab, "简报", chromedp.Navigate(e.desk+"county/kuangqu/bulletin"),
		chromedp.SendKeys(chromedp.CSS(`#title`), "矿区“五小”竞赛推进会召开"),
		chromedp.SendKeys(chromedp.CSS(`#body`), "矿区总工会召开推进会，部署本级评审工作。"),
		chromedp.Click(chromedp.CSS(`form.desk-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	e.mergeAndCheck(e.onlyOpenPR("county"), "content/2026/bulletins/kuangqu-")

	// 3. An expert scores it, in the review phase.
	e.setToday("2026-10-15")
	tab = e.signIn(browser, "expert")
	steps = []chromedp.Action[chromedp.Void]{chromedp.Navigate(e.desk + "expert/")}
	for k, x := range map[string]string{"innovation": "27.5", "practicality": "22", "benefit": "26", "promotion": "13"} {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`[name="score_%s_%s"]`, id, k)), x))
	}
	steps = append(steps, chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`[name="comment_%s"]`, id)), "结构简单，便于推广"),
		chromedp.Click(chromedp.CSS(`button[value=submit]`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	e.do(tab, "评分", steps...)
	e.mergeAndCheck(e.onlyOpenPR("expert"), "content/2026/reviews/e03.yaml")

	// 4. The city office writes the award proposal.
	tab = e.signIn(browser, "city")
	e.do(tab, "评选", chromedp.Navigate(e.desk+"city/"),
		chromedp.Click(chromedp.CSS(`form[action$="city/award"] button`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	e.mergeAndCheck(e.onlyOpenPR("city"), "content/2026/results.yaml")
	results, _ := os.ReadFile(filepath.Join(e.check, "content/2026/results.yaml"))
	if !strings.Contains(string(results), id) {
		t.Errorf("results.yaml does not award the declared result:\n%s", results)
	}

	// 5. It puts the results on public notice, then, once the notice has ended, commends them.
	e.setToday("2026-12-02")
	e.do(tab, "公示", chromedp.Navigate(e.desk+"city/"),
		chromedp.Click(chromedp.CSS(`input[name=status][value=notice]`)),
		chromedp.SetValue(chromedp.CSS(`#notice_from`), "2026-12-03"), chromedp.SetValue(chromedp.CSS(`#notice_to`), "2026-12-09"),
		chromedp.Click(chromedp.CSS(`form[action$="city/status"] button`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	e.mergeAndCheck(e.onlyOpenPR("city"), "content/2026/results.yaml")
	e.setToday("2026-12-10")
	e.do(tab, "表彰", chromedp.Navigate(e.desk+"city/"),
		chromedp.Click(chromedp.CSS(`input[name=status][value=final]`)),
		chromedp.SendKeys(chromedp.CSS(`#doc`), "阳工发〔2026〕68号"),
		chromedp.Click(chromedp.CSS(`form[action$="city/status"] button`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	e.mergeAndCheck(e.onlyOpenPR("city"), "content/2026/results.yaml")
	results, _ = os.ReadFile(filepath.Join(e.check, "content/2026/results.yaml"))
	if !strings.Contains(string(results), "status: final") || !strings.Contains(string(results), "阳工发〔2026〕68号") {
		t.Errorf("results.yaml is not final:\n%s", results)
	}

	// The merged repository builds.
	out := filepath.Join(t.TempDir(), "public")
	diags, _, err := generator.Build(generator.Config{Root: e.check, Now: e.now()}, generator.BuildOptions{Out: out})
	if err != nil {
		t.Fatalf("the merged repository does not build: %v", err)
	}
	if errs, _ := diags.Count(); errs > 0 {
		t.Fatalf("the merged repository does not build: %d errors", errs)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Fatalf("the build wrote no site: %v", err)
	}
}

func suffix() string {
	b := make([]byte, 3)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (e *e2e) setToday(s string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.today, _ = content.ParseDate(s)
}

func (e *e2e) now() content.Date {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.today
}

func (e *e2e) git(dir string, args ...string) string {
	e.t.Helper()
	cmd := exec.Command("git", args...)
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
	s, err := New(Options{
		Forge: "gitea", ForgeURL: e.giteaURL, Repo: r.String(), ClientID: app.ClientID, ClientSecret: app.ClientSecret,
		BaseURL: e.desk, SessionKey: []byte(strings.Repeat("s", 32)), Drafts: t.TempDir(),
		Base: &DirBase{Root: e.clone, Every: time.Millisecond},
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
		Now: e.now, Logf: t.Logf,
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
		// Gitea asks once per application whether to grant it access.
		chromedp.WaitVisible(chromedp.CSS(`#authorize-app`)), chromedp.Click(chromedp.CSS(`#authorize-app`)),
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

// mergeAndCheck checks that pr changes only files under prefixes, merges it, and checks
// the merged tree: no error.
func (e *e2e) mergeAndCheck(pr *gitea.PullRequest, prefixes ...string) {
	t := e.t
	t.Helper()
	files, _, err := e.admin.ListPullRequestFiles(e.owner, e.repo, pr.Index, gitea.ListPullRequestFilesOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		ok := false
		for _, p := range prefixes {
			ok = ok || strings.HasPrefix(f.Filename, p)
		}
		if !ok {
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

// slugOf is the one submission's slug in dir of the checked clone.
func (e *e2e) slugOf(dir string) string {
	entries, err := os.ReadDir(filepath.Join(e.check, dir))
	if err != nil || len(entries) != 1 {
		e.t.Fatalf("%s: %v %v", dir, entries, err)
	}
	return strings.TrimSuffix(entries[0].Name(), ".md")
}
