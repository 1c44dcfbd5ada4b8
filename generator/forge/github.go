package forge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-github/v84/github"
)

// githubForge speaks GitHub's REST API through github.com/google/go-github.
type githubForge struct {
	c *github.Client
}

func newGitHub(baseURL, token string, client *http.Client) (*githubForge, error) {
	c := github.NewClient(client)
	if token != "" {
		c = c.WithAuthToken(token)
	}
	switch b := strings.TrimRight(baseURL, "/"); b {
	case "", "https://github.com", "https://api.github.com":
	default:
		var err error
		if c, err = c.WithEnterpriseURLs(b+"/", b+"/"); err != nil {
			return nil, fmt.Errorf("GitHub 地址 %q：%w", baseURL, err)
		}
	}
	return &githubForge{c: c}, nil
}

// githubErr names what failed, its text one short line, wrapping the sentinel of its
// answer's status, of GitHub's rate limits or of the network's failure (failed).
func githubErr(what string, resp *github.Response, err error) error {
	if err == nil {
		return nil
	}
	status := 0
	if resp != nil && resp.Response != nil {
		status = resp.StatusCode
	}
	var primary *github.RateLimitError
	var secondary *github.AbuseRateLimitError
	return failed(what, status, errors.As(err, &primary) || errors.As(err, &secondary), err)
}

func (g *githubForge) Kind() Kind { return GitHub }

func (g *githubForge) Me(ctx context.Context) (string, error) {
	u, resp, err := g.c.Users.Get(ctx, "")
	if err != nil {
		return "", githubErr("user", resp, err)
	}
	return u.GetLogin(), nil
}

func (g *githubForge) Branch(ctx context.Context, r Repo, name string) (string, error) {
	ref, resp, err := g.c.Git.GetRef(ctx, r.Owner, r.Name, "heads/"+name)
	if err != nil {
		return "", githubErr(fmt.Sprintf("branch %s of %s", name, r), resp, err)
	}
	return ref.GetObject().GetSHA(), nil
}

func (g *githubForge) CreateBranch(ctx context.Context, r Repo, name, from string) error {
	sha, err := g.Branch(ctx, r, from)
	if err != nil {
		return err
	}
	_, resp, err := g.c.Git.CreateRef(ctx, r.Owner, r.Name, github.CreateRef{Ref: "refs/heads/" + name, SHA: sha})
	return githubErr(fmt.Sprintf("create branch %s from %s in %s", name, from, r), resp, err)
}

func (g *githubForge) File(ctx context.Context, r Repo, ref, path string) ([]byte, error) {
	if err := insideRepo(path); err != nil {
		return nil, err
	}
	fc, _, resp, err := g.c.Repositories.GetContents(ctx, r.Owner, r.Name, path, &github.RepositoryContentGetOptions{Ref: ref})
	if err != nil {
		return nil, githubErr(fmt.Sprintf("file %s at %s in %s", path, ref, r), resp, err)
	}
	if fc == nil {
		return nil, fmt.Errorf("file %s at %s in %s: a folder, not a file", path, ref, r)
	}
	if fc.Content != nil {
		s, err := fc.GetContent()
		return []byte(s), err
	}
	// Files over 1 MB come without content: fetch the raw blob by its SHA, from the API
	// host. (Not by its download_url, which the answer names: the token rides on every
	// request, and that URL may point to any host.)
	data, resp, err := g.c.Git.GetBlobRaw(ctx, r.Owner, r.Name, fc.GetSHA())
	if err != nil {
		return nil, githubErr(fmt.Sprintf("file %s at %s in %s", path, ref, r), resp, err)
	}
	return data, nil
}

// Commit goes through the Git data API: a blob per file, one tree on the branch's
// tree, one commit, then the branch moves (or is created) to it.
func (g *githubForge) Commit(ctx context.Context, r Repo, cm Commit) (string, error) {
	if err := filesInsideRepo(cm.Files); err != nil {
		return "", err
	}
	if len(cm.Files) == 0 {
		return "", errors.New("commit: no files")
	}
	parent, err := g.Branch(ctx, r, cm.Branch)
	create := false
	if errors.Is(err, ErrNotFound) && cm.From != "" {
		create = true
		parent, err = g.Branch(ctx, r, cm.From)
	}
	if err != nil {
		return "", err
	}
	pc, resp, err := g.c.Git.GetCommit(ctx, r.Owner, r.Name, parent)
	if err != nil {
		return "", githubErr("commit: read "+parent, resp, err)
	}
	var entries []*github.TreeEntry
	for _, f := range cm.Files {
		e := &github.TreeEntry{Path: github.Ptr(f.Path), Mode: github.Ptr("100644"), Type: github.Ptr("blob")}
		if !f.Delete {
			sha, err := g.createBlob(ctx, r, f)
			if err != nil {
				return "", err
			}
			e.SHA = github.Ptr(sha)
		}
		entries = append(entries, e)
	}
	tree, resp, err := g.c.Git.CreateTree(ctx, r.Owner, r.Name, pc.GetTree().GetSHA(), entries)
	if err != nil {
		return "", githubErr("commit: tree", resp, err)
	}
	c, resp, err := g.c.Git.CreateCommit(ctx, r.Owner, r.Name, github.Commit{
		Message: github.Ptr(cm.Message), Tree: &github.Tree{SHA: tree.SHA}, Parents: []*github.Commit{{SHA: github.Ptr(parent)}}}, nil)
	if err != nil {
		return "", githubErr("commit: commit", resp, err)
	}
	if create {
		_, resp, err = g.c.Git.CreateRef(ctx, r.Owner, r.Name, github.CreateRef{Ref: "refs/heads/" + cm.Branch, SHA: c.GetSHA()})
	} else {
		_, resp, err = g.c.Git.UpdateRef(ctx, r.Owner, r.Name, "heads/"+cm.Branch, github.UpdateRef{SHA: c.GetSHA()})
	}
	if err != nil {
		return "", githubErr("commit: move "+cm.Branch, resp, err)
	}
	return c.GetSHA(), nil
}

// createBlob sends f's content as a blob and returns its SHA: the request of
// Git.CreateBlob, its body encoded as it is sent (jsonBody) where go-github would hold the
// file's base64 whole.
func (g *githubForge) createBlob(ctx context.Context, r Repo, f File) (string, error) {
	req, err := g.c.NewRequest(http.MethodPost, fmt.Sprintf("repos/%v/%v/git/blobs", r.Owner, r.Name), nil)
	if err != nil {
		return "", fmt.Errorf("commit: blob %s: %w", f.Path, err)
	}
	var body jsonBody
	body.raw(`{"content":"`)
	body.base64(f)
	body.raw(`","encoding":"base64"}`)
	body.into(req)
	var b github.Blob
	resp, err := g.c.Do(ctx, req, &b)
	if err != nil {
		return "", githubErr("commit: blob "+f.Path, resp, err)
	}
	if b.GetSHA() == "" {
		return "", fmt.Errorf("commit: blob %s: GitHub returned no SHA", f.Path)
	}
	return b.GetSHA(), nil
}

func (g *githubForge) OpenPullRequest(ctx context.Context, r Repo, p NewPullRequest) (PullRequest, error) {
	pr, resp, err := g.c.PullRequests.Create(ctx, r.Owner, r.Name, &github.NewPullRequest{
		Title: github.Ptr(p.Title), Head: github.Ptr(p.Head), Base: github.Ptr(p.Base), Body: github.Ptr(p.Body)})
	if err != nil {
		return PullRequest{}, githubErr("open pull request "+p.Head+" → "+p.Base, resp, err)
	}
	return githubPR(pr), nil
}

func (g *githubForge) PullRequest(ctx context.Context, r Repo, number int) (PullRequest, error) {
	pr, resp, err := g.c.PullRequests.Get(ctx, r.Owner, r.Name, number)
	if err != nil {
		return PullRequest{}, githubErr(fmt.Sprintf("pull request %d of %s", number, r), resp, err)
	}
	return githubPR(pr), nil
}

func (g *githubForge) PullRequests(ctx context.Context, r Repo) ([]PullRequest, error) {
	opt := &github.PullRequestListOptions{State: "open", Sort: "updated", Direction: "desc"}
	prs, err := githubAll("pull requests of "+r.String(), r.String()+" 的合并请求列表", func(page github.ListOptions) ([]*github.PullRequest, *github.Response, error) {
		opt.ListOptions = page
		return g.c.PullRequests.List(ctx, r.Owner, r.Name, opt)
	})
	if err != nil {
		return nil, err
	}
	var out []PullRequest
	for _, pr := range prs {
		out = append(out, githubPR(pr))
	}
	return out, nil
}

// Checks reads GitHub's check runs (what Actions reports) and its older commit statuses.
func (g *githubForge) Checks(ctx context.Context, r Repo, sha string) (string, error) {
	// Every page of check runs: a workflow of more than 100 jobs would otherwise push a
	// failing check past the first page.
	all, err := githubAll("check runs of "+sha, fmt.Sprintf("%s 的提交 %s 的检查列表", r, sha), func(page github.ListOptions) ([]*github.CheckRun, *github.Response, error) {
		runs, resp, err := g.c.Checks.ListCheckRunsForRef(ctx, r.Owner, r.Name, sha, &github.ListCheckRunsOptions{ListOptions: page})
		if runs == nil {
			return nil, resp, err
		}
		return runs.CheckRuns, resp, err
	})
	if err != nil {
		return "", err
	}
	verdict := ""
	for _, run := range all {
		switch {
		case run.GetStatus() != "completed":
			if verdict != "failure" {
				verdict = "pending"
			}
		case run.GetConclusion() == "success" || run.GetConclusion() == "neutral" || run.GetConclusion() == "skipped":
			if verdict == "" {
				verdict = "success"
			}
		default:
			verdict = "failure"
		}
	}
	st, resp, err := g.c.Repositories.GetCombinedStatus(ctx, r.Owner, r.Name, sha, nil)
	if err != nil {
		return "", githubErr("status of "+sha, resp, err)
	}
	if st.GetTotalCount() > 0 {
		switch s := st.GetState(); {
		case s == "failure" || s == "error":
			verdict = "failure"
		case s == "pending" && verdict != "failure":
			verdict = "pending"
		case s == "success" && verdict == "":
			verdict = "success"
		}
	}
	return verdict, nil
}

func githubPR(pr *github.PullRequest) PullRequest {
	out := PullRequest{Number: pr.GetNumber(), Title: pr.GetTitle(), Body: pr.GetBody(), Author: pr.GetUser().GetLogin(),
		Head: pr.GetHead().GetRef(), HeadSHA: pr.GetHead().GetSHA(), Base: pr.GetBase().GetRef(),
		State: pr.GetState(), Merged: pr.GetMerged(), URL: pr.GetHTMLURL()}
	for _, u := range pr.RequestedReviewers {
		out.Reviewers = append(out.Reviewers, u.GetLogin())
	}
	return out
}

func (g *githubForge) PullRequestFiles(ctx context.Context, r Repo, number int) ([]ChangedFile, error) {
	files, err := githubAll(fmt.Sprintf("files of pull request %d of %s", number, r), fmt.Sprintf("%s 的合并请求 %d 的文件列表", r, number), func(page github.ListOptions) ([]*github.CommitFile, *github.Response, error) {
		return g.c.PullRequests.ListFiles(ctx, r.Owner, r.Name, number, &page)
	})
	if err != nil {
		return nil, err
	}
	var out []ChangedFile
	for _, f := range files {
		out = append(out, ChangedFile{Path: f.GetFilename(), Previous: f.GetPreviousFilename(), Status: f.GetStatus()})
	}
	return out, nil
}

func (g *githubForge) RequestReviewers(ctx context.Context, r Repo, number int, logins []string) error {
	_, resp, err := g.c.PullRequests.RequestReviewers(ctx, r.Owner, r.Name, number, github.ReviewersRequest{Reviewers: logins})
	return githubErr(fmt.Sprintf("request reviewers on pull request %d of %s", number, r), resp, err)
}

func (g *githubForge) PostReview(ctx context.Context, r Repo, number int, rv Review) (ReviewInfo, error) {
	ev := rv.Event
	if ev == "" {
		ev = Comment
	}
	req := &github.PullRequestReviewRequest{Event: github.Ptr(string(ev))}
	if rv.Body != "" {
		req.Body = github.Ptr(rv.Body)
	}
	for _, lc := range rv.Comments {
		req.Comments = append(req.Comments, &github.DraftReviewComment{Path: github.Ptr(lc.Path),
			Line: github.Ptr(lc.Line), Side: github.Ptr("RIGHT"), Body: github.Ptr(lc.Body)})
	}
	rv2, resp, err := g.c.PullRequests.CreateReview(ctx, r.Owner, r.Name, number, req)
	if err != nil {
		return ReviewInfo{}, githubErr(fmt.Sprintf("review on pull request %d of %s", number, r), resp, err)
	}
	info, _ := githubReview(rv2)
	return info, nil
}

// githubReview is a review as GitHub answers it; ok is false for a draft (PENDING).
func githubReview(rv *github.PullRequestReview) (info ReviewInfo, ok bool) {
	info = ReviewInfo{ID: rv.GetID(), Author: rv.GetUser().GetLogin(), Event: Comment, Body: rv.GetBody()}
	switch rv.GetState() {
	case "CHANGES_REQUESTED":
		info.Event = RequestChanges
	case "APPROVED":
		info.Event = Approve
	case "DISMISSED":
		info.Dismissed = true
	case "PENDING":
		return info, false
	}
	return info, true
}

func (g *githubForge) Reviews(ctx context.Context, r Repo, number int) ([]ReviewInfo, error) {
	list, err := githubAll(fmt.Sprintf("reviews of %d of %s", number, r), fmt.Sprintf("%s 的合并请求 %d 的审查列表", r, number), func(page github.ListOptions) ([]*github.PullRequestReview, *github.Response, error) {
		return g.c.PullRequests.ListReviews(ctx, r.Owner, r.Name, number, &page)
	})
	if err != nil {
		return nil, err
	}
	var out []ReviewInfo
	for _, rv := range list {
		if info, ok := githubReview(rv); ok {
			out = append(out, info)
		}
	}
	return out, nil
}

func (g *githubForge) Supersede(ctx context.Context, r Repo, number int, id int64, message string) error {
	_, resp, err := g.c.PullRequests.DismissReview(ctx, r.Owner, r.Name, number, id, &github.PullRequestReviewDismissalRequest{Message: github.Ptr(message)})
	return githubErr(fmt.Sprintf("dismissing review %d on pull request %d of %s", id, number, r), resp, err)
}

func (g *githubForge) ReviewComments(ctx context.Context, r Repo, number int) ([]LineComment, error) {
	list, err := githubAll(fmt.Sprintf("review comments of %d of %s", number, r), fmt.Sprintf("%s 的合并请求 %d 的行内评论列表", r, number), func(page github.ListOptions) ([]*github.PullRequestComment, *github.Response, error) {
		return g.c.PullRequests.ListComments(ctx, r.Owner, r.Name, number, &github.PullRequestListCommentsOptions{ListOptions: page})
	})
	if err != nil {
		return nil, err
	}
	var out []LineComment
	for _, c := range list {
		out = append(out, LineComment{Path: c.GetPath(), Line: c.GetLine(), Body: c.GetBody(), Author: c.GetUser().GetLogin()})
	}
	return out, nil
}

func (g *githubForge) Comment(ctx context.Context, r Repo, number int, body string) error {
	_, resp, err := g.c.Issues.CreateComment(ctx, r.Owner, r.Name, number, &github.IssueComment{Body: github.Ptr(body)})
	return githubErr(fmt.Sprintf("comment on %d of %s", number, r), resp, err)
}

func (g *githubForge) Comments(ctx context.Context, r Repo, number int) ([]IssueComment, error) {
	list, err := githubAll(fmt.Sprintf("comments of %d of %s", number, r), fmt.Sprintf("%s 的 %d 号的评论列表", r, number), func(page github.ListOptions) ([]*github.IssueComment, *github.Response, error) {
		return g.c.Issues.ListComments(ctx, r.Owner, r.Name, number, &github.IssueListCommentsOptions{ListOptions: page})
	})
	if err != nil {
		return nil, err
	}
	var out []IssueComment
	for _, c := range list {
		out = append(out, IssueComment{ID: c.GetID(), Author: c.GetUser().GetLogin(), Body: c.GetBody()})
	}
	return out, nil
}

// githubAll reads every page of a GitHub listing, 100 items asked for a page: list reads
// the page it is given (0: the first); failed names the listing for githubErr, listing in
// Chinese for nextPage's bound.
func githubAll[T any](failed, listing string, list func(github.ListOptions) ([]T, *github.Response, error)) ([]T, error) {
	var all []T
	page := github.ListOptions{PerPage: 100}
	for {
		items, resp, err := list(page)
		if err != nil {
			return nil, githubErr(failed, resp, err)
		}
		all = append(all, items...)
		if resp.NextPage == 0 {
			return all, nil
		}
		if page.Page, err = nextPage(listing, page.Page, resp.NextPage); err != nil {
			return nil, err
		}
	}
}

func (g *githubForge) SetStatus(ctx context.Context, r Repo, sha string, s Status) error {
	_, resp, err := g.c.Repositories.CreateStatus(ctx, r.Owner, r.Name, sha, github.RepoStatus{
		State: github.Ptr(s.State), Description: github.Ptr(s.Description), Context: github.Ptr(s.Context)})
	return githubErr(fmt.Sprintf("status %s on %s", s.Context, sha), resp, err)
}

func (g *githubForge) Merge(ctx context.Context, r Repo, number int, message string) error {
	_, resp, err := g.c.PullRequests.Merge(ctx, r.Owner, r.Name, number, message, &github.PullRequestOptions{MergeMethod: "merge"})
	if err != nil && resp != nil && (resp.StatusCode == http.StatusMethodNotAllowed || resp.StatusCode == http.StatusConflict) {
		return fmt.Errorf("merge %d of %s: %w (%v)", number, r, ErrRefused, err)
	}
	return githubErr(fmt.Sprintf("merge %d of %s", number, r), resp, err)
}
