package desk

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestOpenPullRequestsListedOncePerTTL: the pages that show the open pull requests ask the
// forge for their list once per prListTTL for the whole desk, not at each view (each list
// is a call per fifty pull requests, on the visitor's rate limit); the desk's own pull
// request shows at once, and a merge (a new base tree) is not hidden by the list kept.
func TestOpenPullRequestsListedOncePerTTL(t *testing.T) {
	f, clock, _ := clocked(t)
	lists := func() int {
		n := 0
		for _, fk := range f.forges {
			n += fk.lists
		}
		return n
	}
	fg := f.forge("mine1-admin")
	for i := range 120 {
		fg.open = append(fg.open, PullRequest{Number: i + 1, Title: "其他单位", URL: fmt.Sprintf("https://forge.test/pr/%d", i+1),
			Author: "other", Branch: fmt.Sprintf("desk/kuangqu-mine2/x-%d", i)})
	}
	f.forge("kuangqu-union").open = fg.open
	c := f.as("mine1-admin")
	for range 10 {
		if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusOK {
			t.Fatalf("unit page: %d", w.Code)
		}
	}
	if w := f.get("/county/kuangqu/", f.as("kuangqu-union")); w.Code != http.StatusOK {
		t.Fatalf("county page: %d", w.Code)
	}
	if n := lists(); n != 1 {
		t.Errorf("11 page views within %v listed the pull requests %d times, want 1", prListTTL, n)
	}
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", declaration2026(), []upload{{"proof", "证明.pdf", pdf("x")}}, c); w.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", w.Code, w.Body)
	}
	if body := f.get("/unit/kuangqu-mine1/", c).Body.String(); !strings.Contains(body, "已提交，等待合并") {
		t.Errorf("the pull request just opened is not shown")
	}
	if n := lists(); n != 2 {
		t.Errorf("after the desk's own pull request: %d lists, want 2", n)
	}
	*clock = clock.Add(prListTTL + time.Second)
	f.get("/unit/kuangqu-mine1/", c)
	if n := lists(); n != 3 {
		t.Errorf("after %v: %d lists, want 3", prListTTL, n)
	}
}
