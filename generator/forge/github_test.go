package forge

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// exchange is one recorded request to GitHub's REST API and its answer, trimmed to
// the fields wuxiao reads (shapes as in docs.github.com/rest).
type exchange struct {
	method, path string // path below /api/v3, with query if any
	body         string // JSON the request must contain (a subset), "" for none
	status       int
	resp         string
}

// replay serves exchanges in order and fails the test on any other request.
func replay(t *testing.T, exchanges []exchange) (Forge, func()) {
	t.Helper()
	var mu sync.Mutex
	next := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got := r.Method + " " + strings.TrimPrefix(r.URL.RequestURI(), "/api/v3")
		if next >= len(exchanges) {
			t.Errorf("unexpected request %s", got)
			http.Error(w, "{}", 500)
			return
		}
		x := exchanges[next]
		next++
		if want := x.method + " " + x.path; got != want {
			t.Errorf("request %d: got %s, want %s", next, got, want)
		}
		if r.Header.Get("Authorization") != "Bearer tok" {
			t.Errorf("request %d: Authorization = %q", next, r.Header.Get("Authorization"))
		}
		if x.body != "" {
			data, _ := io.ReadAll(r.Body)
			var have, want any
			if err := json.Unmarshal(data, &have); err != nil {
				t.Errorf("request %d: body %s: %v", next, data, err)
			}
			if err := json.Unmarshal([]byte(x.body), &want); err != nil {
				t.Fatalf("exchange %d: bad recorded body: %v", next, err)
			}
			if !subset(want, have) {
				t.Errorf("request %d %s: body\n%s\ndoes not contain\n%s", next, got, data, x.body)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(x.status)
		io.WriteString(w, x.resp)
	}))
	f, err := New(GitHub, srv.URL, "tok", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	return f, func() {
		srv.Close()
		if next != len(exchanges) {
			t.Errorf("%d of %d recorded requests were made", next, len(exchanges))
		}
	}
}

// subset reports whether every key and value of want is in have (lists element-wise).
func subset(want, have any) bool {
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range w {
			hv, present := h[k]
			if !present || !subset(v, hv) {
				return false
			}
		}
		return true
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return false
		}
		for i := range w {
			if !subset(w[i], h[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(want, have)
}

var repo = Repo{"yq-union", "wuxiao"}

func TestGitHubCommitOnNewBranch(t *testing.T) {
	f, done := replay(t, []exchange{
		{"GET", "/repos/yq-union/wuxiao/git/ref/heads/sub-1", "", 404, `{"message":"Not Found"}`},
		{"GET", "/repos/yq-union/wuxiao/git/ref/heads/main", "", 200, `{"ref":"refs/heads/main","object":{"sha":"aaa111","type":"commit"}}`},
		{"GET", "/repos/yq-union/wuxiao/git/commits/aaa111", "", 200, `{"sha":"aaa111","tree":{"sha":"tree0"}}`},
		{"POST", "/repos/yq-union/wuxiao/git/blobs", `{"content":"5Y+R5piO","encoding":"base64"}`, 201, `{"sha":"blob1"}`},
		{"POST", "/repos/yq-union/wuxiao/git/trees", `{"base_tree":"tree0","tree":[{"path":"content/2026/submissions/u/a.md","mode":"100644","type":"blob","sha":"blob1"},{"path":"old.md","mode":"100644","type":"blob","sha":null}]}`, 201, `{"sha":"tree1"}`},
		{"POST", "/repos/yq-union/wuxiao/git/commits", `{"message":"申报","tree":"tree1","parents":["aaa111"]}`, 201, `{"sha":"bbb222"}`},
		{"POST", "/repos/yq-union/wuxiao/git/refs", `{"ref":"refs/heads/sub-1","sha":"bbb222"}`, 201, `{"ref":"refs/heads/sub-1","object":{"sha":"bbb222"}}`},
	})
	defer done()
	sha, err := f.Commit(context.Background(), repo, Commit{Branch: "sub-1", From: "main", Message: "申报", Files: []File{
		{Path: "content/2026/submissions/u/a.md", Content: []byte("发明")},
		{Path: "old.md", Delete: true},
	}})
	if err != nil || sha != "bbb222" {
		t.Fatalf("Commit = %q, %v", sha, err)
	}
}

func TestGitHubCommitOnExistingBranchMovesIt(t *testing.T) {
	f, done := replay(t, []exchange{
		{"GET", "/repos/yq-union/wuxiao/git/ref/heads/sub-1", "", 200, `{"object":{"sha":"bbb222"}}`},
		{"GET", "/repos/yq-union/wuxiao/git/commits/bbb222", "", 200, `{"sha":"bbb222","tree":{"sha":"tree1"}}`},
		{"POST", "/repos/yq-union/wuxiao/git/blobs", `{"encoding":"base64"}`, 201, `{"sha":"blob2"}`},
		{"POST", "/repos/yq-union/wuxiao/git/trees", `{"base_tree":"tree1"}`, 201, `{"sha":"tree2"}`},
		{"POST", "/repos/yq-union/wuxiao/git/commits", `{"parents":["bbb222"]}`, 201, `{"sha":"ccc333"}`},
		{"PATCH", "/repos/yq-union/wuxiao/git/refs/heads/sub-1", `{"sha":"ccc333"}`, 200, `{"object":{"sha":"ccc333"}}`},
	})
	defer done()
	sha, err := f.Commit(context.Background(), repo, Commit{Branch: "sub-1", From: "main", Message: "改", Files: []File{{Path: "a.md", Content: []byte("x")}}})
	if err != nil || sha != "ccc333" {
		t.Fatalf("Commit = %q, %v", sha, err)
	}
}

func TestGitHubPullRequestFlow(t *testing.T) {
	prJSON := `{"number":7,"title":"申报","body":"b","state":"open","merged":false,"html_url":"https://github.com/yq-union/wuxiao/pull/7",
		"user":{"login":"kq-admin"},"head":{"ref":"sub-1","sha":"bbb222"},"base":{"ref":"main"},"requested_reviewers":[{"login":"county-admin"}]}`
	f, done := replay(t, []exchange{
		{"POST", "/repos/yq-union/wuxiao/pulls", `{"title":"申报","head":"sub-1","base":"main","body":"b"}`, 201, prJSON},
		{"POST", "/repos/yq-union/wuxiao/pulls/7/requested_reviewers", `{"reviewers":["county-admin"]}`, 201, prJSON},
		{"GET", "/repos/yq-union/wuxiao/pulls/7/files?per_page=100", "", 200, `[{"filename":"content/a.md","status":"added"},{"filename":"b.md","previous_filename":"a.md","status":"renamed"}]`},
		{"POST", "/repos/yq-union/wuxiao/pulls/7/reviews", `{"event":"REQUEST_CHANGES","body":"2 个错误","comments":[{"path":"content/a.md","line":9,"side":"RIGHT","body":"phase: 日期不在阶段内"}]}`, 200, `{"id":1,"state":"CHANGES_REQUESTED","body":"2 个错误","user":{"login":"github-actions[bot]"}}`},
		{"GET", "/repos/yq-union/wuxiao/pulls/7/reviews?per_page=100", "", 200, `[{"id":1,"state":"CHANGES_REQUESTED","body":"2 个错误","user":{"login":"github-actions[bot]"}},
			{"id":2,"state":"PENDING","user":{"login":"county-admin"}},{"id":3,"state":"DISMISSED","body":"旧","user":{"login":"github-actions[bot]"}},
			{"id":4,"state":"APPROVED","user":{"login":"county-admin"}},{"id":5,"state":"COMMENTED","body":"好","user":{"login":"city-admin"}}]`},
		{"PUT", "/repos/yq-union/wuxiao/pulls/7/reviews/1/dismissals", `{"message":"已由之后的检查取代"}`, 200, `{"id":1,"state":"DISMISSED"}`},
		{"PUT", "/repos/yq-union/wuxiao/pulls/7/reviews/4/dismissals", `{"message":"已由之后的检查取代"}`, 403, `{"message":"Forbidden"}`},
		{"GET", "/repos/yq-union/wuxiao/pulls/7/comments?per_page=100", "", 200, `[{"path":"content/a.md","line":9,"body":"phase: 日期不在阶段内","user":{"login":"wuxiao-bot"}}]`},
		{"POST", "/repos/yq-union/wuxiao/issues/7/comments", `{"body":"权限检查未通过"}`, 201, `{"id":3,"body":"权限检查未通过"}`},
		{"GET", "/repos/yq-union/wuxiao/issues/7/comments?per_page=100", "", 200, `[{"id":3,"body":"权限检查未通过","user":{"login":"wuxiao-bot"}}]`},
		{"GET", "/repos/yq-union/wuxiao/pulls/8", "", 404, `{"message":"Not Found"}`},
	})
	defer done()
	ctx := context.Background()
	pr, err := f.OpenPullRequest(ctx, repo, NewPullRequest{Head: "sub-1", Base: "main", Title: "申报", Body: "b"})
	if err != nil {
		t.Fatal(err)
	}
	want := PullRequest{Number: 7, Title: "申报", Body: "b", Author: "kq-admin", Head: "sub-1", HeadSHA: "bbb222", Base: "main",
		State: "open", URL: "https://github.com/yq-union/wuxiao/pull/7", Reviewers: []string{"county-admin"}}
	if !reflect.DeepEqual(pr, want) {
		t.Errorf("pull request\n got %+v\nwant %+v", pr, want)
	}
	if err := f.RequestReviewers(ctx, repo, 7, []string{"county-admin"}); err != nil {
		t.Fatal(err)
	}
	files, err := f.PullRequestFiles(ctx, repo, 7)
	if err != nil || !reflect.DeepEqual(files, []ChangedFile{{"content/a.md", "", "added"}, {"b.md", "a.md", "renamed"}}) {
		t.Errorf("files = %+v, %v", files, err)
	}
	posted, err := f.PostReview(ctx, repo, 7, Review{Event: RequestChanges, Body: "2 个错误",
		Comments: []LineComment{{Path: "content/a.md", Line: 9, Body: "phase: 日期不在阶段内"}}})
	if want := (ReviewInfo{ID: 1, Author: "github-actions[bot]", Event: RequestChanges, Body: "2 个错误"}); err != nil || posted != want {
		t.Fatalf("posted review = %+v, %v; want %+v", posted, err, want)
	}
	reviews, err := f.Reviews(ctx, repo, 7)
	wantReviews := []ReviewInfo{posted, {ID: 3, Author: "github-actions[bot]", Event: Comment, Dismissed: true, Body: "旧"},
		{ID: 4, Author: "county-admin", Event: Approve}, {ID: 5, Author: "city-admin", Event: Comment, Body: "好"}}
	if err != nil || !reflect.DeepEqual(reviews, wantReviews) {
		t.Errorf("reviews (a draft left out)\n got %+v, %v\nwant %+v", reviews, err, wantReviews)
	}
	if err := f.Supersede(ctx, repo, 7, 1, "已由之后的检查取代"); err != nil {
		t.Errorf("dismissing the bot's review: %v", err)
	}
	if err := f.Supersede(ctx, repo, 7, 4, "已由之后的检查取代"); !errors.Is(err, ErrForbidden) {
		t.Errorf("a dismissal GitHub refuses: %v, want ErrForbidden", err)
	}
	lcs, err := f.ReviewComments(ctx, repo, 7)
	if err != nil || !reflect.DeepEqual(lcs, []LineComment{{"content/a.md", 9, "phase: 日期不在阶段内", "wuxiao-bot"}}) {
		t.Errorf("review comments = %+v, %v", lcs, err)
	}
	if err := f.Comment(ctx, repo, 7, "权限检查未通过"); err != nil {
		t.Fatal(err)
	}
	cs, err := f.Comments(ctx, repo, 7)
	if err != nil || len(cs) != 1 || cs[0].Author != "wuxiao-bot" || cs[0].ID != 3 {
		t.Errorf("comments = %+v, %v", cs, err)
	}
	if _, err := f.PullRequest(ctx, repo, 8); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing pull request: err = %v, want ErrNotFound", err)
	}
}

func TestGitHubFileAndMe(t *testing.T) {
	f, done := replay(t, []exchange{
		{"GET", "/user", "", 200, `{"login":"kq-admin"}`},
		{"GET", "/repos/yq-union/wuxiao/contents/content/units.yaml?ref=main", "", 200, `{"type":"file","encoding":"base64","content":"LSBpZDog\nY2l0eQo=\n"}`},
		{"GET", "/repos/yq-union/wuxiao/contents/nope?ref=main", "", 404, `{"message":"Not Found"}`},
	})
	defer done()
	ctx := context.Background()
	if me, err := f.Me(ctx); err != nil || me != "kq-admin" {
		t.Errorf("Me = %q, %v", me, err)
	}
	if data, err := f.File(ctx, repo, "main", "content/units.yaml"); err != nil || string(data) != "- id: city\n" {
		t.Errorf("File = %q, %v", data, err)
	}
	if _, err := f.File(ctx, repo, "main", "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Kind{"": GitHub, "Gitea": Gitea, "forgejo": Forgejo, "github": GitHub} {
		if k, err := ParseKind(in); err != nil || k != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, k, err)
		}
	}
	if _, err := ParseKind("gitee"); err == nil {
		t.Error("ParseKind(gitee): no error")
	}
	if r, err := ParseRepo("yq-union/wuxiao.git"); err != nil || r != repo {
		t.Errorf("ParseRepo = %v, %v", r, err)
	}
	for _, bad := range []string{"x", "a/b/c", "/b"} {
		if _, err := ParseRepo(bad); err == nil {
			t.Errorf("ParseRepo(%q): no error", bad)
		}
	}
}

func TestGitHubOpenPullRequestsAndChecks(t *testing.T) {
	f, done := replay(t, []exchange{
		{"GET", "/repos/yq-union/wuxiao/pulls?direction=desc&per_page=100&sort=updated&state=open", "", 200,
			`[{"number":9,"title":"推荐","user":{"login":"county-admin"},"head":{"ref":"desk/kuangqu/x","sha":"ccc"},"base":{"ref":"main"},"state":"open","html_url":"u9"}]`},
		{"GET", "/repos/yq-union/wuxiao/commits/ccc/check-runs?per_page=100", "", 200,
			`{"total_count":2,"check_runs":[{"status":"completed","conclusion":"success"},{"status":"completed","conclusion":"failure"}]}`},
		{"GET", "/repos/yq-union/wuxiao/commits/ccc/status", "", 200, `{"state":"pending","total_count":0}`},
		{"GET", "/repos/yq-union/wuxiao/commits/ddd/check-runs?per_page=100", "", 200,
			`{"total_count":1,"check_runs":[{"status":"in_progress"}]}`},
		{"GET", "/repos/yq-union/wuxiao/commits/ddd/status", "", 200, `{"state":"pending","total_count":0}`},
		{"GET", "/repos/yq-union/wuxiao/commits/eee/check-runs?per_page=100", "", 200, `{"total_count":0,"check_runs":[]}`},
		{"GET", "/repos/yq-union/wuxiao/commits/eee/status", "", 200, `{"state":"success","total_count":1}`},
	})
	defer done()
	ctx := context.Background()
	prs, err := f.PullRequests(ctx, repo)
	if err != nil || len(prs) != 1 || prs[0].Number != 9 || prs[0].Head != "desk/kuangqu/x" || prs[0].Author != "county-admin" {
		t.Fatalf("open pull requests = %+v, %v", prs, err)
	}
	for _, c := range []struct{ sha, want string }{{"ccc", "failure"}, {"ddd", "pending"}, {"eee", "success"}} {
		if got, err := f.Checks(ctx, repo, c.sha); err != nil || got != c.want {
			t.Errorf("checks of %s = %q, %v; want %q", c.sha, got, err, c.want)
		}
	}
}

func TestGitHubStatusAndMerge(t *testing.T) {
	f, done := replay(t, []exchange{
		{"POST", "/repos/yq-union/wuxiao/statuses/bbb222", `{"state":"failure","description":"1 个错误","context":"wuxiao / 修改权限"}`, 201, `{"id":1,"state":"failure"}`},
		{"PUT", "/repos/yq-union/wuxiao/pulls/7/merge", `{"commit_message":"合并","merge_method":"merge"}`, 405, `{"message":"Required status check \"wuxiao / 修改权限\" is failing."}`},
		{"PUT", "/repos/yq-union/wuxiao/pulls/8/merge", `{"merge_method":"merge"}`, 200, `{"merged":true,"sha":"ddd444"}`},
	})
	defer done()
	ctx := context.Background()
	if err := f.SetStatus(ctx, repo, "bbb222", Status{Context: "wuxiao / 修改权限", State: "failure", Description: "1 个错误"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Merge(ctx, repo, 7, "合并"); !errors.Is(err, ErrRefused) {
		t.Errorf("merge with a failing check: err = %v, want ErrRefused", err)
	}
	if err := f.Merge(ctx, repo, 8, "合并"); err != nil {
		t.Errorf("merge: %v", err)
	}
}
