package desk

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestVerdictsAskedOnlyForPullRequestsShown: a page asks the forge for the checks' verdict
// of the pull requests it shows, not of every open one (a unit's page among 60 others'
// asked for 50), and a verdict asked within verdictTTL is not asked again.
func TestVerdictsAskedOnlyForPullRequestsShown(t *testing.T) {
	f, clock, _ := clocked(t)
	fg := f.forge("mine1-admin")
	for i := range 60 {
		fg.open = append(fg.open, PullRequest{Number: i + 1, Title: "其他单位", URL: fmt.Sprintf("https://forge.test/pr/%d", i+1),
			Author: "other", Branch: fmt.Sprintf("desk/kuangqu-mine2/x-%d", i), HeadSHA: fmt.Sprintf("other%d", i)})
	}
	fg.open = append(fg.open, PullRequest{Number: 61, Title: "本单位", URL: "https://forge.test/pr/61", Author: "mine1-admin",
		Branch: "desk/kuangqu-mine1/a-1", HeadSHA: "mine"})
	c := f.as("mine1-admin")
	w := f.get("/unit/kuangqu-mine1/", c)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "检查通过") {
		t.Fatalf("unit page: %d\n%s", w.Code, w.Body)
	}
	if strings.Join(fg.verdicts, ",") != "mine" {
		t.Fatalf("asked the verdicts of %q, want the unit's one pull request", fg.verdicts)
	}
	f.get("/unit/kuangqu-mine1/", c)
	if len(fg.verdicts) != 1 {
		t.Errorf("the page again at once asked %q", fg.verdicts)
	}
	*clock = clock.Add(verdictTTL + time.Second)
	f.get("/unit/kuangqu-mine1/", c)
	if len(fg.verdicts) != 2 {
		t.Errorf("after %v asked %q", verdictTTL, fg.verdicts)
	}
	// the bulletin form shows no pull request: it reads their branches for issue numbers only
	cf := f.forge("kuangqu-union")
	cf.open = fg.open
	if w := f.get("/county/kuangqu/bulletin", f.as("kuangqu-union")); w.Code != http.StatusOK || len(cf.verdicts) != 0 {
		t.Errorf("bulletin form: %d, asked %q", w.Code, cf.verdicts)
	}
}
