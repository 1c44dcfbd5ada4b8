package generator

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"wuxiao/generator/diag"
	"wuxiao/generator/forge"
)

// reviewForge is a pull request's reviews held in memory: the methods PostFindings
// calls, the rest of forge.Forge left unimplemented (a call panics).
type reviewForge struct {
	forge.Forge
	me        string
	reviews   []forge.ReviewInfo
	refuse    error // what Supersede answers
	dismissed []int64
}

func (f *reviewForge) PullRequestFiles(context.Context, forge.Repo, int) ([]forge.ChangedFile, error) {
	return []forge.ChangedFile{{Path: "content/a.md", Status: "added"}}, nil
}

func (f *reviewForge) PullRequest(context.Context, forge.Repo, int) (forge.PullRequest, error) {
	return forge.PullRequest{HeadSHA: "abc"}, nil
}

func (f *reviewForge) SetStatus(context.Context, forge.Repo, string, forge.Status) error { return nil }

func (f *reviewForge) PostReview(_ context.Context, _ forge.Repo, _ int, rv forge.Review) (forge.ReviewInfo, error) {
	info := forge.ReviewInfo{ID: int64(len(f.reviews) + 1), Author: f.me, Event: rv.Event, Body: rv.Body}
	f.reviews = append(f.reviews, info)
	return info, nil
}

func (f *reviewForge) Reviews(context.Context, forge.Repo, int) ([]forge.ReviewInfo, error) {
	return slices.Clone(f.reviews), nil
}

func (f *reviewForge) Supersede(_ context.Context, _ forge.Repo, _ int, id int64, message string) error {
	if f.refuse != nil {
		return f.refuse
	}
	if !strings.Contains(message, "内容检查") {
		return fmt.Errorf("message %q does not name the check", message)
	}
	for i := range f.reviews {
		if f.reviews[i].ID == id {
			f.reviews[i].Dismissed = true
		}
	}
	f.dismissed = append(f.dismissed, id)
	return nil
}

// A check that asked for changes must not go on asking once a later run finds the
// errors mended: a later comment does not take back a request for changes, which the
// pull request goes on showing and the forge may block the merge on. So each review
// supersedes the same check's earlier ones that asked for changes: only the bot's own,
// only of the same title, never a person's review, and never the one just posted.
func TestPostFindingsSupersedesItsEarlierRequests(t *testing.T) {
	errs := &diag.List{}
	errs.Errorf(diag.Pos{File: "content/a.md", Line: 3, Col: 1}, "schema", "类别不对")
	clean := &diag.List{}
	person := forge.ReviewInfo{ID: 100, Author: "county-admin", Event: forge.RequestChanges, Body: "### 内容检查：请补充证明"}
	otherCheck := forge.ReviewInfo{ID: 101, Author: "bot", Event: forge.RequestChanges, Body: "### 修改权限：1 个错误，0 个警告\n"}
	f := &reviewForge{me: "bot", reviews: []forge.ReviewInfo{person, otherCheck}}
	ctx, repo := context.Background(), forge.Repo{Owner: "yq", Name: "w"}

	first, err := PostFindings(ctx, f, repo, 7, "内容检查", errs)
	if err != nil || first.Event != forge.RequestChanges || first.Superseded != 0 {
		t.Fatalf("first run: %+v, %v", first, err)
	}
	second, err := PostFindings(ctx, f, repo, 7, "内容检查", errs) // pushed again, still wrong
	if err != nil || second.Superseded != 1 {
		t.Fatalf("second run: %+v, %v", second, err)
	}
	third, err := PostFindings(ctx, f, repo, 7, "内容检查", clean)
	if err != nil || third.Event != forge.Comment || third.Superseded != 1 {
		t.Fatalf("third run: %+v, %v", third, err)
	}
	var asking []int64
	for _, rv := range f.reviews {
		if rv.Event == forge.RequestChanges && !rv.Dismissed {
			asking = append(asking, rv.ID)
		}
	}
	if !slices.Equal(asking, []int64{100, 101}) {
		t.Errorf("still asking for changes: %v; want only the person's (100) and the other check's (101); dismissed %v", asking, f.dismissed)
	}

	// A forge that refuses: the review is posted all the same, the refusal reported.
	f.refuse = errors.New("forbidden")
	f.reviews = append(f.reviews, forge.ReviewInfo{ID: 50, Author: "bot", Event: forge.RequestChanges, Body: "### 内容检查：1 个错误，0 个警告\n"})
	res, err := PostFindings(ctx, f, repo, 7, "内容检查", clean)
	if err != nil || res.SupersedeErr == nil || res.Superseded != 0 {
		t.Errorf("a refused dismissal: %+v, %v; want the review posted and the refusal in SupersedeErr", res, err)
	}
}
