package forge

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"code.gitea.io/sdk/gitea"
)

// giteaServer returns the real Gitea that .ci/gitea.sh started, or skips.
func giteaServer(t *testing.T) (url, token string) {
	t.Helper()
	url, token = os.Getenv("WUXIAO_GITEA_URL"), os.Getenv("WUXIAO_GITEA_TOKEN")
	if url == "" || token == "" {
		t.Skip("needs a real Gitea: eval \"$(.ci/gitea.sh start)\" sets WUXIAO_GITEA_URL and WUXIAO_GITEA_TOKEN (.ci/run does)")
	}
	return url, token
}

// freshRepo makes a new private repository, its branch main holding a README, on the real
// Gitea as the admin whose token .ci/gitea.sh gave (url, token): it returns the admin's
// client, the repository (named prefix and a suffix) and that suffix, to name what the
// test adds beside it.
func freshRepo(t *testing.T, ctx context.Context, url, token, prefix string) (admin *gitea.Client, r Repo, suffix string) {
	t.Helper()
	admin, err := gitea.NewClient(url, gitea.SetToken(token), gitea.SetContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	me, _, err := admin.GetMyUserInfo()
	if err != nil {
		t.Fatal(err)
	}
	suffix = fmt.Sprint(time.Now().UnixNano() % 1e9)
	r = Repo{me.UserName, prefix + suffix}
	if _, _, err := admin.CreateRepo(gitea.CreateRepoOption{Name: r.Name, Private: true, AutoInit: true, DefaultBranch: "main", Readme: "Default"}); err != nil {
		t.Fatal(err)
	}
	return admin, r, suffix
}

// signIn makes a token for user (password pw) on the real Gitea at url: his basic-auth
// client, the token, and the Forge acting with it.
func signIn(t *testing.T, ctx context.Context, url, user, pw string) (*gitea.Client, *gitea.AccessToken, Forge) {
	t.Helper()
	basic, err := gitea.NewClient(url, gitea.SetBasicAuth(user, pw), gitea.SetContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := basic.CreateAccessToken(gitea.CreateAccessTokenOption{Name: "wuxiao", Scopes: []gitea.AccessTokenScope{gitea.AccessTokenScopeAll}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := New(Gitea, url, tok.Token, nil)
	if err != nil {
		t.Fatal(err)
	}
	return basic, tok, f
}

// TestGiteaRealServer drives every method of the Gitea implementation against a real
// Gitea: a fresh repository, a commit on a new branch, a pull request, a reviewer, a
// review with a line comment, a conversation comment; then reads each back.
func TestGiteaRealServer(t *testing.T) {
	url, token := giteaServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin, r, suffix := freshRepo(t, ctx, url, token, "forge-test-")
	reviewer := "rev" + suffix
	f := false
	if _, _, err := admin.AdminCreateUser(gitea.CreateUserOption{Username: reviewer, Email: reviewer + "@wuxiao.test", Password: "secret-pw-1", MustChangePassword: &f}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AddCollaborator(r.Owner, r.Name, reviewer, gitea.AddCollaboratorOption{}); err != nil {
		t.Fatal(err)
	}
	g, err := New(Gitea, url, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if who, err := g.Me(ctx); err != nil || who != r.Owner {
		t.Fatalf("Me = %q, %v", who, err)
	}
	mainSHA, err := g.Branch(ctx, r, "main")
	if err != nil || len(mainSHA) < 40 {
		t.Fatalf("Branch(main) = %q, %v", mainSHA, err)
	}
	if _, err := g.Branch(ctx, r, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Branch(nope): err = %v, want ErrNotFound", err)
	}
	body := "第一行\n第二行\n第三行\n"
	sha, err := g.Commit(ctx, r, Commit{Branch: "sub-1", From: "main", Message: "申报", Files: []File{
		{Path: "content/a.md", Content: []byte(body)},
		{Path: "README.md", Content: []byte("changed\n")},
	}})
	if err != nil || len(sha) < 40 {
		t.Fatalf("Commit = %q, %v", sha, err)
	}
	if got, err := g.File(ctx, r, "sub-1", "content/a.md"); err != nil || string(got) != body {
		t.Fatalf("File = %q, %v", got, err)
	}
	if _, err := g.Commit(ctx, r, Commit{Branch: "sub-1", Message: "删", Files: []File{{Path: "README.md", Delete: true}}}); err != nil {
		t.Fatalf("Commit (delete): %v", err)
	}
	if _, err := g.File(ctx, r, "sub-1", "README.md"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted file: err = %v", err)
	}
	if err := g.CreateBranch(ctx, r, "other", "main"); err != nil {
		t.Fatal(err)
	}
	if s, err := g.Branch(ctx, r, "other"); err != nil || s != mainSHA {
		t.Fatalf("Branch(other) = %q, %v; want %s", s, err, mainSHA)
	}
	pr, err := g.OpenPullRequest(ctx, r, NewPullRequest{Head: "sub-1", Base: "main", Title: "申报", Body: "说明"})
	if err != nil {
		t.Fatal(err)
	}
	if pr.Number == 0 || pr.Head != "sub-1" || pr.Base != "main" || pr.Author != r.Owner || pr.State != "open" || !strings.Contains(pr.URL, "/pulls/") {
		t.Errorf("pull request = %+v", pr)
	}
	files, err := g.PullRequestFiles(ctx, r, pr.Number)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = f.Status
	}
	if got["content/a.md"] != "added" || got["README.md"] != "deleted" || len(got) != 2 {
		t.Errorf("files = %+v", files)
	}
	if err := g.RequestReviewers(ctx, r, pr.Number, []string{reviewer}); err != nil {
		t.Fatal(err)
	}
	pr, err = g.PullRequest(ctx, r, pr.Number)
	if err != nil || strings.Join(pr.Reviewers, ",") != reviewer {
		t.Errorf("reviewers = %v, %v; want %s", pr.Reviewers, err, reviewer)
	}
	mine, err := g.PostReview(ctx, r, pr.Number, Review{Body: "检查结果", Comments: []LineComment{{Path: "content/a.md", Line: 2, Body: "第二行有错"}}})
	if err != nil {
		t.Fatal(err)
	}
	if mine.ID == 0 || mine.Author != r.Owner || mine.Event != Comment || mine.Dismissed || mine.Body != "检查结果" {
		t.Errorf("the posted review as Gitea recorded it: %+v", mine)
	}
	lcs, err := g.ReviewComments(ctx, r, pr.Number)
	if err != nil || len(lcs) != 1 || lcs[0] != (LineComment{"content/a.md", 2, "第二行有错", r.Owner}) {
		t.Errorf("review comments = %+v, %v", lcs, err)
	}
	// The reviewer asks for changes twice (Gitea refuses that of a pull request's author).
	// A repository administrator may dismiss such a review; its author, a writer, may not,
	// and Supersede deletes it instead.
	_, _, gr := signIn(t, ctx, url, reviewer, "secret-pw-1")
	asks := func(body string) ReviewInfo {
		t.Helper()
		rv, err := gr.PostReview(ctx, r, pr.Number, Review{Event: RequestChanges, Body: body})
		if err != nil || rv.Author != reviewer || rv.Event != RequestChanges || rv.Dismissed {
			t.Fatalf("the reviewer's review: %+v, %v", rv, err)
		}
		return rv
	}
	first := asks("请补充")
	reviews, err := g.Reviews(ctx, r, pr.Number) // the request for his review is not one of them
	if err != nil || len(reviews) != 2 || reviews[0] != mine || reviews[1] != first {
		t.Fatalf("reviews = %+v, %v; want the two posted", reviews, err)
	}
	if err := g.Supersede(ctx, r, pr.Number, first.ID, "已由之后的检查取代"); err != nil {
		t.Fatalf("an administrator supersedes a review: %v", err)
	}
	second := asks("还请补充")
	if err := gr.Supersede(ctx, r, pr.Number, second.ID, "已由之后的检查取代"); err != nil {
		t.Fatalf("a writer supersedes his review: %v", err)
	}
	reviews, err = g.Reviews(ctx, r, pr.Number)
	if err != nil || len(reviews) != 2 || reviews[1].ID != first.ID || !reviews[1].Dismissed {
		t.Errorf("after superseding: %+v, %v; want the first dismissed and the second deleted", reviews, err)
	}
	if err := g.Comment(ctx, r, pr.Number, "权限检查通过"); err != nil {
		t.Fatal(err)
	}
	cs, err := g.Comments(ctx, r, pr.Number)
	if err != nil || len(cs) == 0 || cs[len(cs)-1].Body != "权限检查通过" {
		t.Errorf("comments = %+v, %v", cs, err)
	}
	if _, err := g.PullRequest(ctx, r, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing pull request: err = %v", err)
	}
}

// TestGiteaAccessEndsWithTheCollaborator: what the desk's periodic check reads on a real
// Gitea: a collaborator's token reads the private repository's base branch; once he is
// removed from the collaborators it answers ErrNotFound (the desk's ErrNoAccess), and once
// his token is deleted Me answers ErrUnauthorized: either ends his desk session.
func TestGiteaAccessEndsWithTheCollaborator(t *testing.T) {
	url, token := giteaServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin, r, suffix := freshRepo(t, ctx, url, token, "access-test-")
	user, pw, f := "col"+suffix, "secret-pw-1", false
	if _, _, err := admin.AdminCreateUser(gitea.CreateUserOption{Username: user, Email: user + "@wuxiao.test", Password: pw, MustChangePassword: &f}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AddCollaborator(r.Owner, r.Name, user, gitea.AddCollaboratorOption{}); err != nil {
		t.Fatal(err)
	}
	basic, tok, g := signIn(t, ctx, url, user, pw)
	if _, err := g.Branch(ctx, r, "main"); err != nil {
		t.Fatalf("a collaborator reads the base branch: %v", err)
	}
	if _, err := admin.DeleteCollaborator(r.Owner, r.Name, user); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Branch(ctx, r, "main"); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed from the collaborators: %v, want ErrNotFound", err)
	}
	if who, err := g.Me(ctx); err != nil || who != user {
		t.Errorf("Me with a working token = %q, %v", who, err)
	}
	if _, err := basic.DeleteAccessToken(tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Me(ctx); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("Me with a deleted token: %v, want ErrUnauthorized", err)
	}
}
