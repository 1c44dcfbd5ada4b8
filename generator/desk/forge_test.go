package desk

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"wuxiao/generator/forge"
)

// recorder is a forge.Forge that records the calls the desk's adapter makes (unit test only).
type recorder struct {
	forge.Forge // unimplemented methods panic
	commits     []forge.Commit
	opened      []forge.NewPullRequest
	open        []forge.PullRequest
	checks      map[string]string
}

func (r *recorder) Me(context.Context) (string, error) { return "mine1-admin", nil }
func (r *recorder) Commit(_ context.Context, _ forge.Repo, c forge.Commit) (string, error) {
	r.commits = append(r.commits, c)
	return "sha1", nil
}
func (r *recorder) OpenPullRequest(_ context.Context, _ forge.Repo, p forge.NewPullRequest) (forge.PullRequest, error) {
	r.opened = append(r.opened, p)
	return forge.PullRequest{Number: 7, Title: p.Title, URL: "https://forge.test/pulls/7", Author: "mine1-admin", Head: p.Head, Base: p.Base}, nil
}
func (r *recorder) PullRequests(context.Context, forge.Repo) ([]forge.PullRequest, error) {
	return r.open, nil
}
func (r *recorder) Checks(_ context.Context, _ forge.Repo, sha string) (string, error) {
	if v, ok := r.checks[sha]; ok {
		return v, nil
	}
	return "", errors.New("no such commit")
}

func TestAdapterProposesOnANewBranchFromBase(t *testing.T) {
	rec := &recorder{}
	f := As(rec, forge.Repo{Owner: "yq-union", Name: "wuxiao"}, "main")
	pr, err := f.Propose(context.Background(), Change{Branch: "desk/a/b-1", Title: "申报", Body: "b", Message: "m",
		Files: map[string][]byte{"content/z.md": []byte("z"), "content/a.pdf": []byte("%PDF-")}})
	if err != nil {
		t.Fatal(err)
	}
	want := forge.Commit{Branch: "desk/a/b-1", From: "main", Message: "m",
		Files: []forge.File{{Path: "content/a.pdf", Content: []byte("%PDF-")}, {Path: "content/z.md", Content: []byte("z")}}}
	if len(rec.commits) != 1 || !reflect.DeepEqual(rec.commits[0], want) {
		t.Errorf("commit %+v", rec.commits)
	}
	if len(rec.opened) != 1 || rec.opened[0] != (forge.NewPullRequest{Head: "desk/a/b-1", Base: "main", Title: "申报", Body: "b"}) {
		t.Errorf("pull request %+v", rec.opened)
	}
	if pr.Number != 7 || pr.Branch != "desk/a/b-1" || pr.URL == "" {
		t.Errorf("returned %+v", pr)
	}
}

// TestAdapterListsOpenPullRequestsIntoBaseWithVerdicts: the list keeps the pull requests
// into the base branch with their head commits, and asks no verdict; Verdict asks the
// checks of one commit.
func TestAdapterListsOpenPullRequestsIntoBaseWithVerdicts(t *testing.T) {
	rec := &recorder{
		open: []forge.PullRequest{
			{Number: 1, Head: "desk/a/x", Base: "main", HeadSHA: "s1", Author: "a"},
			{Number: 2, Head: "other", Base: "release", HeadSHA: "s2"},
			{Number: 3, Head: "desk/a/y", Base: "main", HeadSHA: "s3"},
		},
		checks: map[string]string{"s1": "failure"},
	}
	a := As(rec, forge.Repo{Owner: "o", Name: "r"}, "main")
	got, err := a.PullRequests(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Number != 1 || got[0].HeadSHA != "s1" || got[0].Checks != "" || got[1].Number != 3 || got[1].HeadSHA != "s3" {
		t.Errorf("%+v", got)
	}
	if v, err := a.Verdict(context.Background(), "s1"); v != "failure" || err != nil {
		t.Errorf("verdict of s1: %q, %v", v, err)
	}
	if _, err := a.Verdict(context.Background(), "s3"); err == nil {
		t.Errorf("verdict of s3 without checks: no error")
	}
}
