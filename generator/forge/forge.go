// Package forge is one small interface over the forges' REST APIs (GitHub, Gitea and Forgejo): branches, commits with files, pull requests, reviews with line comments.
//
// A Forge acts as the person whose token it holds: the check's bot posting a review,
// or a unit admin signed in to `wuxiao desk`. Every method takes a context and a Repo;
// numbers are pull-request numbers as the forge shows them. What is missing answers
// an error wrapping ErrNotFound. Gitea and Forgejo share one implementation (their
// APIs agree on everything used here); GitHub has its own.
//
//	f, err := forge.New(forge.Gitea, "https://git.example.cn/", token, nil)
//	sha, err := f.Commit(ctx, repo, forge.Commit{Branch: "sub-1", From: "main", Message: "申报", Files: files})
//	pr, err := f.OpenPullRequest(ctx, repo, forge.NewPullRequest{Head: "sub-1", Base: "main", Title: "申报"})
//	err = f.PostReview(ctx, repo, pr.Number, forge.Review{Comments: []forge.LineComment{{Path: p, Line: 9, Body: msg}}})
package forge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"wuxiao/generator/forge/link"
)

// Kind names a forge, as site.yaml's `forge` does; package link owns it.
type Kind = link.Kind

// The forges wuxiao knows.
const (
	GitHub  = link.GitHub
	Gitea   = link.Gitea
	Forgejo = link.Forgejo
)

// ParseKind reads a site.yaml `forge` value; "" is GitHub.
func ParseKind(s string) (Kind, error) { return link.ParseKind(s) }

// ErrNotFound is wrapped by every error about a branch, file or pull request that does not exist.
var ErrNotFound = errors.New("not found")

// ErrUnauthorized is wrapped by every error of a request the forge refused the token for
// (401: revoked, expired, or the application's authorization withdrawn).
var ErrUnauthorized = errors.New("token refused")

// Repo is a repository on a forge.
type Repo struct {
	Owner, Name string
}

func (r Repo) String() string { return r.Owner + "/" + r.Name }

// ParseRepo reads "owner/name".
func ParseRepo(s string) (Repo, error) {
	owner, name, ok := strings.Cut(strings.Trim(s, "/"), "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return Repo{}, fmt.Errorf("仓库应写成 owner/name，而不是 %q", s)
	}
	return Repo{owner, strings.TrimSuffix(name, ".git")}, nil
}

// File is one file of a commit: its new content, or Delete.
type File struct {
	Path    string // repository-relative, forward slashes
	Content []byte
	// Open, when set, gives the content instead, Size bytes of it, read as it is sent: a
	// proof of 20 MiB kept on the desk's disk is never held whole in memory.
	Open   func() (io.ReadCloser, error)
	Size   int64
	Delete bool
}

// size is the file's bytes.
func (f File) size() int64 {
	if f.Open != nil {
		return f.Size
	}
	return int64(len(f.Content))
}

// open reads the file's content.
func (f File) open() (io.ReadCloser, error) {
	if f.Open != nil {
		return f.Open()
	}
	return io.NopCloser(bytes.NewReader(f.Content)), nil
}

// Commit is one commit of whole files onto Branch. When Branch does not exist yet and
// From is set, the branch is created from From by the same call.
type Commit struct {
	Branch  string
	From    string
	Message string
	Files   []File
}

// NewPullRequest is what opening a pull request needs.
type NewPullRequest struct {
	Head, Base  string // branch names in the same repository
	Title, Body string
}

// PullRequest is a pull request as the forge shows it.
type PullRequest struct {
	Number     int
	Title      string
	Body       string
	Author     string // login
	Head, Base string // branch names
	HeadSHA    string
	State      string // "open" or "closed"
	Merged     bool
	URL        string   // the web page
	Reviewers  []string // logins whose review is requested and not yet given
}

// ChangedFile is one file a pull request changes.
type ChangedFile struct {
	Path     string
	Previous string // for a rename, the old path
	Status   string // "added", "modified", "deleted", "renamed" (as the forge says)
}

// Event is what a review asks for.
type Event string

// Review events.
const (
	Comment        Event = "COMMENT"
	RequestChanges Event = "REQUEST_CHANGES"
	Approve        Event = "APPROVE"
)

// LineComment is a review comment on one line of a file as the pull request's head has it.
type LineComment struct {
	Path   string
	Line   int // 1-based line in the new file
	Body   string
	Author string // set when read back
}

// Review is one pull-request review: a body and comments on lines.
type Review struct {
	Event    Event // "" is Comment
	Body     string
	Comments []LineComment
}

// ReviewInfo is a submitted review as the forge shows it.
type ReviewInfo struct {
	ID        int64
	Author    string // login
	Event     Event  // what it asked for: Comment, RequestChanges or Approve
	Dismissed bool   // dismissed since: it no longer asks for anything
	Body      string
}

// IssueComment is a plain comment in a pull request's conversation.
type IssueComment struct {
	ID     int64
	Author string
	Body   string
}

// Status is one commit status: a named verdict the forge shows beside the commit and
// that branch protection can require.
type Status struct {
	Context     string // its stable name, e.g. "wuxiao / 修改权限"
	State       string // "success", "failure", "error" or "pending"
	Description string // one line
}

// insideRepo refuses a path that does not name a file inside the repository as it is
// written: slash-separated, with no "." or ".." segment, none empty, no leading slash and
// no backslash. Both forges' File ask it first: Gitea resolves ".." (content/../README.md
// reads README.md; a proxy that cleans paths before it would take raw/../../../../user to
// the API's /user, the token with it) and go-github's URL resolves "." itself.
func insideRepo(path string) error {
	if path == "" || strings.Contains(path, "\\") {
		return fmt.Errorf("file %q: not a path inside the repository", path)
	}
	for _, seg := range strings.Split(path, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("file %q: not a path inside the repository", path)
		}
	}
	return nil
}

// filesInsideRepo is insideRepo's answer for the first of files that leaves the repository.
func filesInsideRepo(files []File) error {
	for _, f := range files {
		if err := insideRepo(f.Path); err != nil {
			return err
		}
	}
	return nil
}

// ErrRefused is wrapped by a merge the forge refused (a required check failed, a review
// is missing, the branch is protected).
var ErrRefused = errors.New("refused")

// Forge is what wuxiao asks of a forge.
type Forge interface {
	// Kind says which forge this is.
	Kind() Kind
	// Me is the login the token belongs to.
	Me(ctx context.Context) (string, error)
	// Branch returns the commit a branch points at.
	Branch(ctx context.Context, r Repo, name string) (sha string, err error)
	// CreateBranch makes branch name point where from points.
	CreateBranch(ctx context.Context, r Repo, name, from string) error
	// File reads one file at ref (a branch, tag or commit).
	File(ctx context.Context, r Repo, ref, path string) ([]byte, error)
	// Commit writes c's files in one commit and returns its SHA.
	Commit(ctx context.Context, r Repo, c Commit) (sha string, err error)
	// OpenPullRequest opens a pull request.
	OpenPullRequest(ctx context.Context, r Repo, p NewPullRequest) (PullRequest, error)
	// PullRequest reads one pull request.
	PullRequest(ctx context.Context, r Repo, number int) (PullRequest, error)
	// PullRequests lists the open pull requests into any branch, newest first.
	PullRequests(ctx context.Context, r Repo) ([]PullRequest, error)
	// Checks is the combined verdict of the checks on a commit: "success", "failure",
	// "pending", or "" when no check has reported.
	Checks(ctx context.Context, r Repo, sha string) (string, error)
	// PullRequestFiles lists the files a pull request changes.
	PullRequestFiles(ctx context.Context, r Repo, number int) ([]ChangedFile, error)
	// RequestReviewers asks these logins to review.
	RequestReviewers(ctx context.Context, r Repo, number int, logins []string) error
	// PostReview posts a review with its line comments in one go and returns it as recorded.
	PostReview(ctx context.Context, r Repo, number int, rv Review) (ReviewInfo, error)
	// Reviews lists the submitted reviews (not drafts, not requests for one), oldest first.
	Reviews(ctx context.Context, r Repo, number int) ([]ReviewInfo, error)
	// Supersede ends an earlier review of the token's own account, so that it no longer
	// asks for changes a later review no longer asks for. GitHub dismisses it with message
	// (write access may, unless the branch restricts who dismisses). Gitea and Forgejo let
	// only repository administrators dismiss: for any other account it is deleted, which
	// its author may do.
	Supersede(ctx context.Context, r Repo, number int, id int64, message string) error
	// ReviewComments lists the line comments of every review, oldest first.
	ReviewComments(ctx context.Context, r Repo, number int) ([]LineComment, error)
	// Comment posts a plain comment in the conversation.
	Comment(ctx context.Context, r Repo, number int, body string) error
	// Comments lists the plain comments, oldest first.
	Comments(ctx context.Context, r Repo, number int) ([]IssueComment, error)
	// SetStatus sets a commit status on sha.
	SetStatus(ctx context.Context, r Repo, sha string, s Status) error
	// Merge merges the pull request with a merge commit; a refusal wraps ErrRefused.
	Merge(ctx context.Context, r Repo, number int, message string) error
}

// New returns the Forge of kind at baseURL (the forge's web address; for GitHub ""
// means github.com, an Enterprise address works too) acting with token.
// client may be nil for http.DefaultClient.
func New(kind Kind, baseURL, token string, client *http.Client) (Forge, error) {
	if client == nil {
		client = http.DefaultClient
	}
	client = OnHost(client)
	switch kind {
	case GitHub, "":
		return newGitHub(baseURL, token, client)
	case Gitea, Forgejo:
		return newGitea(kind, baseURL, token, client)
	}
	return nil, fmt.Errorf("未知的代码托管平台 %q", kind)
}
