package forge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// fakeGitea answers the listings the desk reads as Gitea 1.26 does, with n items each and
// pages of at most maxItems (an admin's [api] MAX_RESPONSE_ITEMS; its default is 50):
// pull requests, a pull request's files and a commit's statuses have a Link header and
// X-Total-Count; a pull request's reviews only X-Total-Count; an issue's comments are
// not paged at all (every one in one answer, "page" ignored). A commit's combined state
// is computed from the statuses of the page asked for only, as Gitea does; the oldest
// context's status fails if failing.
func fakeGitea(n, maxItems int, failing bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		page = max(page, 1)
		size, _ := strconv.Atoi(q.Get("limit"))
		if size <= 0 {
			size = 30 // DefaultPagingNum
		}
		size = min(size, maxItems)
		from, to := min((page-1)*size, n), min(page*size, n)
		linked := func() {
			if to < n {
				u := *r.URL
				q.Set("page", strconv.Itoa(page+1))
				q.Set("limit", strconv.Itoa(size))
				u.RawQuery = q.Encode()
				w.Header().Set("Link", fmt.Sprintf(`<https://%s%s>; rel="next"`, r.Host, u.RequestURI()))
			}
		}
		items := func(each func(i int) any) []any {
			out := []any{}
			for i := from; i < to; i++ {
				out = append(out, each(i))
			}
			return out
		}
		var body any
		p := strings.TrimPrefix(r.URL.Path, "/api/v1/repos/o/r/")
		switch {
		case p == "pulls":
			linked()
			body = items(func(i int) any { return map[string]any{"number": i + 1, "title": fmt.Sprint("pr ", i+1)} })
		case p == "pulls/1/files":
			linked()
			body = items(func(i int) any { return map[string]any{"filename": fmt.Sprintf("content/%d.md", i+1)} })
		case p == "pulls/1/reviews":
			body = items(func(i int) any { return map[string]any{"id": i + 1, "comments_count": 1} })
		case strings.HasPrefix(p, "pulls/1/reviews/") && strings.HasSuffix(p, "/comments"):
			id := strings.TrimSuffix(strings.TrimPrefix(p, "pulls/1/reviews/"), "/comments")
			body = []any{map[string]any{"path": "content/a.md", "position": 1, "body": "review " + id}}
		case p == "issues/1/comments":
			from, to = 0, n
			body = items(func(i int) any { return map[string]any{"id": i + 1, "body": fmt.Sprint("comment ", i+1)} })
		case p == "commits/abc/status":
			linked()
			state, statuses := "success", items(func(i int) any {
				s := "success"
				if i == n-1 && failing {
					s = "failure" // the desk's own check, posted first, on the last page
				}
				return map[string]any{"status": s, "context": fmt.Sprint("job ", i)}
			})
			for _, s := range statuses {
				if s.(map[string]any)["status"] == "failure" {
					state = "failure"
				}
			}
			body = map[string]any{"state": state, "total_count": len(statuses), "statuses": statuses}
		case p == "commits/abc/statuses":
			// every status posted, newest first: each context pending, then its result
			n *= 2
			from, to = min((page-1)*size, n), min(page*size, n)
			linked()
			body = items(func(i int) any {
				id, job, s := n-i, (n-i-1)/2, "pending"
				if id%2 == 0 {
					s = "success"
					if job == n/2-1 && failing {
						s = "failure"
					}
				}
				return map[string]any{"id": id, "status": s, "context": fmt.Sprint("job ", job)}
			})
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("X-Total-Count", strconv.Itoa(n))
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(body)
	}
}

// Every listing the desk reads from Gitea is read whole, whatever the forge's page size:
// before, the reviews were read from their first page only (50), a Gitea whose admin
// set MAX_RESPONSE_ITEMS under 50 had its pull requests and files cut at the first page
// (a page under 50 was taken for the last), an issue's comments (never paged by Gitea)
// were read again as page 2, 3, … until the 2,000-page bound, and a commit's combined
// state was Gitea's state of its first page of statuses: a failing check on a later page
// read as "success".
func TestGiteaListingsAreReadWhole(t *testing.T) {
	ctx, r := context.Background(), Repo{Owner: "o", Name: "r"}
	for _, maxItems := range []int{50, 30} {
		const n = 120
		asked := 0
		fake := fakeGitea(n, maxItems, true)
		h := &hosts{by: map[string]http.HandlerFunc{"forge.example.cn": func(w http.ResponseWriter, r *http.Request) { asked++; fake(w, r) }}}
		f, err := New(Gitea, "https://forge.example.cn/", "tok", &http.Client{Transport: h})
		if err != nil {
			t.Fatal(err)
		}
		count := func(what string, got int, err error) {
			t.Helper()
			if err != nil || got != n {
				t.Errorf("pages of %d: %s: %d of %d, error %.200v", maxItems, what, got, n, err)
			}
		}
		prs, err := f.PullRequests(ctx, r)
		count("pull requests", len(prs), err)
		files, err := f.PullRequestFiles(ctx, r, 1)
		count("files", len(files), err)
		lines, err := f.ReviewComments(ctx, r, 1)
		count("reviews' line comments", len(lines), err)
		asked = 0
		comments, err := f.Comments(ctx, r, 1)
		count("comments", len(comments), err)
		if asked != 1 {
			t.Errorf("pages of %d: the comments took %d requests, want 1 (Gitea does not page them)", maxItems, asked)
		}
		if verdict, err := f.Checks(ctx, r, "abc"); verdict != "failure" || err != nil {
			t.Errorf("pages of %d: Checks = %q, %v; want failure (the failing status is on the last page)", maxItems, verdict, err)
		}
		h.by["forge.example.cn"] = fakeGitea(n, maxItems, false)
		if verdict, err := f.Checks(ctx, r, "abc"); verdict != "success" || err != nil {
			t.Errorf("pages of %d: Checks = %q, %v; want success (every context's newest status succeeded)", maxItems, verdict, err)
		}
	}
}

// fakeGitHub answers the listings the desk reads as GitHub does, n items each in pages of
// 100 with a Link to the next: pull requests, a pull request's files, reviews and line
// comments, an issue's comments, a commit's check runs (the last one failing) and its
// combined status (none).
func fakeGitHub(n int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/status") {
			fmt.Fprint(w, `{"state":"pending","total_count":0,"statuses":[]}`)
			return
		}
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		page = max(page, 1)
		var items []string
		for i := (page - 1) * 100; i < min(page*100, n); i++ {
			conclusion := "success"
			if i == n-1 {
				conclusion = "failure"
			}
			items = append(items, fmt.Sprintf(`{"id":%d,"number":%d,"filename":"content/%d.md","state":"COMMENTED","user":{"login":"u"},"status":"completed","conclusion":%q}`, i+1, i+1, i, conclusion))
		}
		if page*100 < n {
			w.Header().Set("Link", fmt.Sprintf(`<https://api.github.com%s?page=%d&per_page=100>; rel="next"`, r.URL.Path, page+1))
		}
		if strings.HasSuffix(r.URL.Path, "/check-runs") {
			fmt.Fprintf(w, `{"total_count":%d,"check_runs":[%s]}`, n, strings.Join(items, ","))
			return
		}
		fmt.Fprint(w, "["+strings.Join(items, ",")+"]")
	}
}

// Every listing the desk reads from GitHub is read on every page. Before, a commit's check
// runs were read from their first 100 only, and a workflow of more jobs put a failing check
// past them, read as "success".
func TestGitHubListingsAreReadWhole(t *testing.T) {
	const n = 150
	ctx, r := context.Background(), Repo{Owner: "o", Name: "r"}
	f, err := New(GitHub, "", "tok", &http.Client{Transport: &hosts{by: map[string]http.HandlerFunc{"api.github.com": fakeGitHub(n)}}})
	if err != nil {
		t.Fatal(err)
	}
	count := func(what string, got int, err error) {
		t.Helper()
		if err != nil || got != n {
			t.Errorf("%s: %d of %d, error %.200v", what, got, n, err)
		}
	}
	prs, err := f.PullRequests(ctx, r)
	count("pull requests", len(prs), err)
	files, err := f.PullRequestFiles(ctx, r, 1)
	count("files", len(files), err)
	reviews, err := f.Reviews(ctx, r, 1)
	count("reviews", len(reviews), err)
	lines, err := f.ReviewComments(ctx, r, 1)
	count("reviews' line comments", len(lines), err)
	comments, err := f.Comments(ctx, r, 1)
	count("comments", len(comments), err)
	if len(prs) == n && prs[n-1].Number != n || len(files) == n && files[n-1].Path != fmt.Sprintf("content/%d.md", n-1) {
		t.Errorf("the last items read are not the last page's: pull request %d, file %q", prs[len(prs)-1].Number, files[len(files)-1].Path)
	}
	if verdict, err := f.Checks(ctx, r, "abc"); verdict != "failure" || err != nil {
		t.Errorf("Checks = %q, %v; want failure (the %dth check run failed)", verdict, err, n)
	}
}
