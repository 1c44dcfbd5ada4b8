package forge

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"code.gitea.io/sdk/gitea"
)

// giteaForge speaks Gitea's API (Forgejo's is the same for everything used here)
// through code.gitea.io/sdk/gitea.
type giteaForge struct {
	kind    Kind
	baseURL string
	token   string
	http    *http.Client
	batch   int64 // a commit request's files' bytes at most; 0: maxChangeBytes
}

func newGitea(kind Kind, baseURL, token string, client *http.Client) (*giteaForge, error) {
	if !strings.HasPrefix(baseURL, "http://") && !strings.HasPrefix(baseURL, "https://") {
		return nil, fmt.Errorf("%s 的地址应以 http:// 或 https:// 开头：%q", kind, baseURL)
	}
	return &giteaForge{kind: kind, baseURL: strings.TrimRight(baseURL, "/"), token: token, http: client}, nil
}

// client makes an SDK client bound to ctx: the SDK takes its context per client, not per
// call, so each call gets its own (cheap: no version probe, the HTTP client is shared).
func (g *giteaForge) client(ctx context.Context) (*gitea.Client, error) {
	return gitea.NewClient(g.baseURL, gitea.SetToken(g.token), gitea.SetHTTPClient(g.http),
		gitea.SetContext(ctx), gitea.SetGiteaVersion(""))
}

// giteaErr names what failed, its text one short line, wrapping the sentinel of its
// answer's status or of the network's failure (failed).
func giteaErr(what string, resp *gitea.Response, err error) error {
	if err == nil {
		return nil
	}
	status := 0
	if resp != nil && resp.Response != nil {
		status = resp.StatusCode
	}
	return failed(what, status, false, err)
}

func (g *giteaForge) Kind() Kind { return g.kind }

func (g *giteaForge) Me(ctx context.Context) (string, error) {
	c, err := g.client(ctx)
	if err != nil {
		return "", err
	}
	u, resp, err := c.GetMyUserInfo()
	if err != nil {
		return "", giteaErr("user", resp, err)
	}
	return u.UserName, nil
}

func (g *giteaForge) Branch(ctx context.Context, r Repo, name string) (string, error) {
	c, err := g.client(ctx)
	if err != nil {
		return "", err
	}
	b, resp, err := c.GetRepoBranch(r.Owner, r.Name, name)
	if err != nil {
		return "", giteaErr(fmt.Sprintf("branch %s of %s", name, r), resp, err)
	}
	if b.Commit == nil {
		return "", fmt.Errorf("branch %s of %s: no commit", name, r)
	}
	return b.Commit.ID, nil
}

func (g *giteaForge) CreateBranch(ctx context.Context, r Repo, name, from string) error {
	c, err := g.client(ctx)
	if err != nil {
		return err
	}
	_, resp, err := c.CreateBranch(r.Owner, r.Name, gitea.CreateBranchOption{BranchName: name, OldBranchName: from})
	return giteaErr(fmt.Sprintf("create branch %s from %s in %s", name, from, r), resp, err)
}

func (g *giteaForge) File(ctx context.Context, r Repo, ref, path string) ([]byte, error) {
	if err := insideRepo(path); err != nil {
		return nil, err
	}
	c, err := g.client(ctx)
	if err != nil {
		return nil, err
	}
	data, resp, err := c.GetFile(r.Owner, r.Name, ref, path)
	if err != nil {
		return nil, giteaErr(fmt.Sprintf("file %s at %s in %s", path, ref, r), resp, err)
	}
	return data, nil
}

// maxChangeBytes bounds the files' bytes (before base64) one commit request to Gitea
// carries: two proofs at their 20 MiB limit, about 54 MiB encoded, under the
// client_max_body_size 64m the README asks of an nginx in front of Gitea. A change of more
// goes in several commits on its branch, each file whole in one of them.
const maxChangeBytes = 40 << 20

// Commit uses the contents API's batch form, a commit for all files, or for as many as fit
// in the batch of bytes (maxChangeBytes) when they do not all fit: a declaration may hold 20
// proofs of 20 MiB, a request of 540 MB at once. An existing file is updated with its
// current blob SHA, as the API requires. When a later commit fails, the branch this Commit
// made is deleted, so that part of a change is never left to be merged.
func (g *giteaForge) Commit(ctx context.Context, r Repo, cm Commit) (string, error) {
	if err := filesInsideRepo(cm.Files); err != nil {
		return "", err
	}
	c, err := g.client(ctx)
	if err != nil {
		return "", err
	}
	if len(cm.Files) == 0 {
		return "", errors.New("commit: no files")
	}
	ref, newBranch := cm.Branch, false
	if _, err := g.Branch(ctx, r, cm.Branch); errors.Is(err, ErrNotFound) && cm.From != "" {
		ref, newBranch = cm.From, true
	} else if err != nil {
		return "", err
	}
	ops := make([]*gitea.ChangeFileOperation, len(cm.Files))
	for i, f := range cm.Files {
		op := &gitea.ChangeFileOperation{Path: f.Path}
		cur, resp, err := c.GetContents(r.Owner, r.Name, ref, f.Path)
		exists := err == nil && cur != nil && cur.Type == "file"
		if err != nil && (resp == nil || resp.StatusCode != http.StatusNotFound) {
			return "", giteaErr("commit: read "+f.Path, resp, err)
		}
		switch {
		case f.Delete && !exists:
			return "", fmt.Errorf("commit: delete %s: %w", f.Path, ErrNotFound)
		case f.Delete:
			op.Operation, op.SHA = "delete", cur.SHA
		case exists:
			op.Operation, op.SHA = "update", cur.SHA
		default:
			op.Operation = "create"
		}
		ops[i] = op
	}
	batches := batchFiles(cm.Files, cmp.Or(g.batch, maxChangeBytes))
	var sha string
	for i, batch := range batches {
		message, branch, newName := cm.Message, cm.Branch, ""
		if len(batches) > 1 {
			message = fmt.Sprintf("%s（%d/%d）", cm.Message, i+1, len(batches))
		}
		if i == 0 && newBranch {
			branch, newName = cm.From, cm.Branch
		}
		var body jsonBody
		body.raw(`{"message":`)
		body.str(message)
		body.raw(`,"branch":`)
		body.str(branch)
		if newName != "" {
			body.raw(`,"new_branch":`)
			body.str(newName)
		}
		body.raw(`,"files":[`)
		for j, k := range batch {
			if j > 0 {
				body.raw(",")
			}
			body.raw(`{"operation":`)
			body.str(ops[k].Operation)
			body.raw(`,"path":`)
			body.str(ops[k].Path)
			if ops[k].SHA != "" {
				body.raw(`,"sha":`)
				body.str(ops[k].SHA)
			}
			body.raw(`,"content":"`)
			if !cm.Files[k].Delete {
				body.base64(cm.Files[k])
			}
			body.raw(`"}`)
		}
		body.raw(`]}`)
		if sha, err = g.changeFiles(ctx, r, &body, "commit to "+cm.Branch+" in "+r.String()); err != nil {
			if i > 0 && newBranch {
				g.deleteBranch(ctx, r, cm.Branch)
			}
			return "", err
		}
	}
	return sha, nil
}

// changeFiles posts body to the contents API's batch form and returns the commit's SHA:
// the request of the SDK's ChangeFiles, whose options hold every file's base64 whole,
// sent as it is encoded (jsonBody). Its errors say what failed.
func (g *giteaForge) changeFiles(ctx context.Context, r Repo, body *jsonBody, what string) (string, error) {
	u := g.baseURL + "/api/v1/repos/" + url.PathEscape(r.Owner) + "/" + url.PathEscape(r.Name) + "/contents"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, nil)
	if err != nil {
		return "", err
	}
	body.into(req)
	req.Header.Set("Accept", "application/json")
	if g.token != "" {
		req.Header.Set("Authorization", "token "+g.token)
	}
	resp, err := g.http.Do(req) // New gives every forge a client
	if err != nil {
		return "", failed(what, 0, false, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		var said struct{ Message string }
		if json.Unmarshal(answer, &said) != nil || said.Message == "" {
			said.Message = resp.Status
		}
		return "", failed(what, resp.StatusCode, false, errors.New(said.Message))
	}
	sha, err := commitSHA(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return "", fmt.Errorf("commit: the forge returned no commit (%w)", err)
	}
	return sha, nil
}

// maxAnswer bounds what is read of Gitea's answer to a batch commit: it holds the files
// committed, each in base64 unless over its DEFAULT_MAX_BLOB_SIZE (10 MiB), up to its
// DEFAULT_MAX_RESPONSE_SIZE (100 MiB).
const maxAnswer = 256 << 20

// commitSHA reads the commit's SHA from Gitea's answer to a batch commit, a token at a time:
// the files' contents the answer holds before it go by one at a time, never all at once.
func commitSHA(answer io.Reader) (string, error) {
	dec := json.NewDecoder(answer)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", errors.New("not a JSON object")
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return "", err
		}
		if key != "commit" {
			if err := skipValue(dec); err != nil {
				return "", err
			}
			continue
		}
		var commit struct{ SHA string }
		if err := dec.Decode(&commit); err != nil || commit.SHA == "" {
			return "", fmt.Errorf("no commit SHA (%v)", err)
		}
		return commit.SHA, nil
	}
	return "", errors.New("no commit")
}

// skipValue reads past the next value of dec, a token at a time.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// deleteBranch deletes branch, as far as the forge lets it within half a minute, even when
// ctx has ended (a commit cut off by the person's leaving): the best it can, its error the
// commit's that made it necessary.
func (g *giteaForge) deleteBranch(ctx context.Context, r Repo, branch string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if c, err := g.client(ctx); err == nil {
		c.DeleteRepoBranch(r.Owner, r.Name, branch)
	}
}

// batchFiles splits files (their indexes, in order) into runs of at most limit bytes of
// content, a file over the limit alone in its run.
func batchFiles(files []File, limit int64) [][]int {
	var out [][]int
	var size int64
	for i, f := range files {
		n := f.size()
		if len(out) == 0 || size+n > limit {
			out, size = append(out, nil), 0
		}
		out[len(out)-1] = append(out[len(out)-1], i)
		size += n
	}
	return out
}

func (g *giteaForge) OpenPullRequest(ctx context.Context, r Repo, p NewPullRequest) (PullRequest, error) {
	c, err := g.client(ctx)
	if err != nil {
		return PullRequest{}, err
	}
	pr, resp, err := c.CreatePullRequest(r.Owner, r.Name, gitea.CreatePullRequestOption{
		Head: p.Head, Base: p.Base, Title: p.Title, Body: p.Body})
	if err != nil {
		return PullRequest{}, giteaErr("open pull request "+p.Head+" → "+p.Base, resp, err)
	}
	return giteaPR(pr), nil
}

func (g *giteaForge) PullRequest(ctx context.Context, r Repo, number int) (PullRequest, error) {
	c, err := g.client(ctx)
	if err != nil {
		return PullRequest{}, err
	}
	pr, resp, err := c.GetPullRequest(r.Owner, r.Name, int64(number))
	if err != nil {
		return PullRequest{}, giteaErr(fmt.Sprintf("pull request %d of %s", number, r), resp, err)
	}
	return giteaPR(pr), nil
}

func (g *giteaForge) PullRequests(ctx context.Context, r Repo) ([]PullRequest, error) {
	c, err := g.client(ctx)
	if err != nil {
		return nil, err
	}
	prs, err := giteaAll("pull requests of "+r.String(), r.String()+" 的合并请求列表", func(page gitea.ListOptions) ([]*gitea.PullRequest, *gitea.Response, error) {
		return c.ListRepoPullRequests(r.Owner, r.Name, gitea.ListPullRequestsOptions{State: gitea.StateOpen, Sort: "recentupdate", ListOptions: page})
	})
	if err != nil {
		return nil, err
	}
	out := make([]PullRequest, 0, len(prs))
	for _, pr := range prs {
		out = append(out, giteaPR(pr))
	}
	return out, nil
}

func (g *giteaForge) Checks(ctx context.Context, r Repo, sha string) (string, error) {
	c, err := g.client(ctx)
	if err != nil {
		return "", err
	}
	st, resp, err := c.GetCombinedStatus(r.Owner, r.Name, sha)
	if err != nil {
		return "", giteaErr("status of "+sha, resp, err)
	}
	if st == nil || st.TotalCount == 0 && len(st.Statuses) == 0 {
		return "", nil
	}
	// Gitea combines the statuses of the answer's page only (30 by default): with more
	// contexts than that, a failing check on a later page would read as success.
	if giteaMore(resp, len(st.Statuses), len(st.Statuses)) {
		return g.combinedStatus(c, r, sha)
	}
	switch st.State {
	case gitea.StatusSuccess, gitea.StatusWarning:
		return "success", nil
	case gitea.StatusFailure, gitea.StatusError:
		return "failure", nil
	}
	return "pending", nil
}

// combinedStatus reads every status of sha, keeps the newest of each context and
// combines them as Gitea 1.26 does (commitstatus.CommitStatusStates.Combine): an error,
// failure or warning fails, all success or skipped succeed, else pending.
func (g *giteaForge) combinedStatus(c *gitea.Client, r Repo, sha string) (string, error) {
	statuses, err := giteaAll("statuses of "+sha, fmt.Sprintf("%s 的提交 %s 的检查状态列表", r, sha), func(page gitea.ListOptions) ([]*gitea.Status, *gitea.Response, error) {
		return c.ListStatuses(r.Owner, r.Name, sha, gitea.ListStatusesOption{ListOptions: page})
	})
	if err != nil {
		return "", err
	}
	newest := map[string]*gitea.Status{}
	for _, s := range statuses {
		if s != nil && (newest[s.Context] == nil || s.ID > newest[s.Context].ID) {
			newest[s.Context] = s
		}
	}
	if len(newest) == 0 {
		return "", nil
	}
	succeeded := 0
	for _, s := range newest {
		switch s.State {
		case gitea.StatusError, gitea.StatusFailure, gitea.StatusWarning:
			return "failure", nil
		case gitea.StatusSuccess, "skipped":
			succeeded++
		}
	}
	if succeeded == len(newest) {
		return "success", nil
	}
	return "pending", nil
}

func giteaPR(pr *gitea.PullRequest) PullRequest {
	out := PullRequest{Number: int(pr.Index), Title: pr.Title, Body: pr.Body, State: string(pr.State),
		Merged: pr.HasMerged, URL: pr.HTMLURL}
	if pr.Poster != nil {
		out.Author = pr.Poster.UserName
	}
	if pr.Head != nil {
		out.Head, out.HeadSHA = pr.Head.Ref, pr.Head.Sha
	}
	if pr.Base != nil {
		out.Base = pr.Base.Ref
	}
	for _, u := range pr.RequestedReviewers {
		if u != nil {
			out.Reviewers = append(out.Reviewers, u.UserName)
		}
	}
	return out
}

func (g *giteaForge) PullRequestFiles(ctx context.Context, r Repo, number int) ([]ChangedFile, error) {
	c, err := g.client(ctx)
	if err != nil {
		return nil, err
	}
	files, err := giteaAll(fmt.Sprintf("files of pull request %d of %s", number, r), fmt.Sprintf("%s 的合并请求 %d 的文件列表", r, number), func(page gitea.ListOptions) ([]*gitea.ChangedFile, *gitea.Response, error) {
		return c.ListPullRequestFiles(r.Owner, r.Name, int64(number), gitea.ListPullRequestFilesOptions{ListOptions: page})
	})
	if err != nil {
		return nil, err
	}
	out := make([]ChangedFile, 0, len(files))
	for _, f := range files {
		out = append(out, ChangedFile{Path: f.Filename, Previous: f.PreviousFilename, Status: f.Status})
	}
	return out, nil
}

func (g *giteaForge) RequestReviewers(ctx context.Context, r Repo, number int, logins []string) error {
	c, err := g.client(ctx)
	if err != nil {
		return err
	}
	resp, err := c.CreateReviewRequests(r.Owner, r.Name, int64(number), gitea.PullReviewRequestOptions{Reviewers: logins})
	return giteaErr(fmt.Sprintf("request reviewers on pull request %d of %s", number, r), resp, err)
}

func (g *giteaForge) PostReview(ctx context.Context, r Repo, number int, rv Review) (ReviewInfo, error) {
	c, err := g.client(ctx)
	if err != nil {
		return ReviewInfo{}, err
	}
	state := gitea.ReviewStateComment
	switch rv.Event {
	case RequestChanges:
		state = gitea.ReviewStateRequestChanges
	case Approve:
		state = gitea.ReviewStateApproved
	}
	opt := gitea.CreatePullReviewOptions{State: state, Body: rv.Body}
	for _, lc := range rv.Comments {
		opt.Comments = append(opt.Comments, gitea.CreatePullReviewComment{Path: lc.Path, Body: lc.Body, NewLineNum: int64(lc.Line)})
	}
	rv2, resp, err := c.CreatePullReview(r.Owner, r.Name, int64(number), opt)
	if err != nil {
		return ReviewInfo{}, giteaErr(fmt.Sprintf("review on pull request %d of %s", number, r), resp, err)
	}
	info, _ := giteaReview(rv2)
	return info, nil
}

// giteaReview is a review as Gitea answers it; ok is false for a draft (PENDING) and for
// a request for a review, which Gitea lists among the reviews.
func giteaReview(rv *gitea.PullReview) (info ReviewInfo, ok bool) {
	info = ReviewInfo{ID: rv.ID, Author: giteaLogin(rv.Reviewer), Event: Comment, Dismissed: rv.Dismissed, Body: rv.Body}
	switch rv.State {
	case gitea.ReviewStateRequestChanges:
		info.Event = RequestChanges
	case gitea.ReviewStateApproved:
		info.Event = Approve
	case gitea.ReviewStatePending, gitea.ReviewStateRequestReview:
		return info, false
	}
	return info, true
}

// pullReviews lists every review of pull request number, as Gitea answers them, with the
// client that read them.
func (g *giteaForge) pullReviews(ctx context.Context, r Repo, number int) (*gitea.Client, []*gitea.PullReview, error) {
	c, err := g.client(ctx)
	if err != nil {
		return nil, nil, err
	}
	reviews, err := giteaAll(fmt.Sprintf("reviews of pull request %d of %s", number, r), fmt.Sprintf("%s 的合并请求 %d 的评审列表", r, number), func(page gitea.ListOptions) ([]*gitea.PullReview, *gitea.Response, error) {
		return c.ListPullReviews(r.Owner, r.Name, int64(number), gitea.ListPullReviewsOptions{ListOptions: page})
	})
	return c, reviews, err
}

func (g *giteaForge) Reviews(ctx context.Context, r Repo, number int) ([]ReviewInfo, error) {
	_, reviews, err := g.pullReviews(ctx, r, number)
	if err != nil {
		return nil, err
	}
	var out []ReviewInfo
	for _, rv := range reviews {
		if info, ok := giteaReview(rv); ok {
			out = append(out, info)
		}
	}
	return out, nil
}

func (g *giteaForge) Supersede(ctx context.Context, r Repo, number int, id int64, message string) error {
	c, err := g.client(ctx)
	if err != nil {
		return err
	}
	resp, err := c.DismissPullReview(r.Owner, r.Name, int64(number), id, gitea.DismissPullReviewOptions{Message: message})
	if err = giteaErr(fmt.Sprintf("dismissing review %d on pull request %d of %s", id, number, r), resp, err); !errors.Is(err, ErrForbidden) {
		return err
	}
	resp, err = c.DeletePullReview(r.Owner, r.Name, int64(number), id) // not an administrator: the review's author deletes it
	return giteaErr(fmt.Sprintf("deleting review %d on pull request %d of %s", id, number, r), resp, err)
}

func (g *giteaForge) ReviewComments(ctx context.Context, r Repo, number int) ([]LineComment, error) {
	c, reviews, err := g.pullReviews(ctx, r, number)
	if err != nil {
		return nil, err
	}
	var out []LineComment
	for _, rv := range reviews {
		if rv.CodeCommentsCount == 0 {
			continue
		}
		// Gitea answers a review's comments whole, unpaged.
		list, resp, err := c.ListPullReviewComments(r.Owner, r.Name, int64(number), rv.ID)
		if err != nil {
			return nil, giteaErr(fmt.Sprintf("comments of review %d", rv.ID), resp, err)
		}
		for _, lc := range list {
			out = append(out, LineComment{Path: lc.Path, Line: int(lc.LineNum), Body: lc.Body, Author: giteaLogin(lc.Reviewer)})
		}
	}
	return out, nil
}

// giteaAll reads every page of a Gitea listing, 50 items asked for a page: list reads
// one page; failed names the listing for giteaErr, listing in Chinese for nextPage's bound.
func giteaAll[T any](failed, listing string, list func(gitea.ListOptions) ([]T, *gitea.Response, error)) ([]T, error) {
	var all []T
	for page := 1; ; page++ {
		items, resp, err := list(gitea.ListOptions{Page: page, PageSize: 50})
		if err != nil {
			return nil, giteaErr(failed, resp, err)
		}
		all = append(all, items...)
		if !giteaMore(resp, len(all), len(items)) {
			return all, nil
		}
		if _, err := nextPage(listing, page, page+1); err != nil {
			return nil, err
		}
	}
}

// giteaMore says whether a Gitea listing goes on past a page of pageLen items, got
// read in all. Gitea 1.26 names the next page in a Link header for pull requests, their
// files and a commit's statuses; for a pull request's reviews it sends only the total
// (X-Total-Count), and an issue's comments come whole in one answer with their total.
// The length of a page tells nothing: an admin's MAX_RESPONSE_ITEMS may make every page
// shorter than the 50 asked for.
func giteaMore(resp *gitea.Response, got, pageLen int) bool {
	if resp == nil || resp.Response == nil || pageLen == 0 {
		return false
	}
	if resp.NextPage > 0 {
		return true
	}
	total, err := strconv.Atoi(resp.Header.Get("X-Total-Count"))
	return err == nil && got < total
}

func giteaLogin(u *gitea.User) string {
	if u == nil {
		return ""
	}
	return u.UserName
}

func (g *giteaForge) Comment(ctx context.Context, r Repo, number int, body string) error {
	c, err := g.client(ctx)
	if err != nil {
		return err
	}
	_, resp, err := c.CreateIssueComment(r.Owner, r.Name, int64(number), gitea.CreateIssueCommentOption{Body: body})
	return giteaErr(fmt.Sprintf("comment on %d of %s", number, r), resp, err)
}

func (g *giteaForge) Comments(ctx context.Context, r Repo, number int) ([]IssueComment, error) {
	c, err := g.client(ctx)
	if err != nil {
		return nil, err
	}
	list, err := giteaAll(fmt.Sprintf("comments of %d of %s", number, r), fmt.Sprintf("%s 的 %d 号的评论列表", r, number), func(page gitea.ListOptions) ([]*gitea.Comment, *gitea.Response, error) {
		return c.ListIssueComments(r.Owner, r.Name, int64(number), gitea.ListIssueCommentOptions{ListOptions: page})
	})
	if err != nil {
		return nil, err
	}
	out := make([]IssueComment, 0, len(list))
	for _, cm := range list {
		out = append(out, IssueComment{ID: cm.ID, Author: giteaLogin(cm.Poster), Body: cm.Body})
	}
	return out, nil
}

func (g *giteaForge) SetStatus(ctx context.Context, r Repo, sha string, s Status) error {
	c, err := g.client(ctx)
	if err != nil {
		return err
	}
	_, resp, err := c.CreateStatus(r.Owner, r.Name, sha, gitea.CreateStatusOption{
		State: gitea.StatusState(s.State), Description: s.Description, Context: s.Context})
	return giteaErr(fmt.Sprintf("status %s on %s", s.Context, sha), resp, err)
}

func (g *giteaForge) Merge(ctx context.Context, r Repo, number int, message string) error {
	c, err := g.client(ctx)
	if err != nil {
		return err
	}
	ok, resp, err := c.MergePullRequest(r.Owner, r.Name, int64(number), gitea.MergePullRequestOption{Style: gitea.MergeStyleMerge, Message: message})
	if err != nil {
		return giteaErr(fmt.Sprintf("merge %d of %s", number, r), resp, err)
	}
	if !ok {
		code := 0
		if resp != nil {
			code = resp.StatusCode
		}
		return fmt.Errorf("merge %d of %s: %w (HTTP %d)", number, r, ErrRefused, code)
	}
	return nil
}
