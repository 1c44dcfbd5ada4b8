package desk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/forge"
	"wuxiao/generator/pullreq"
)

// Forge is what the desk asks of the forge, always as one signed-in person (with his own
// token), so that the forge's permissions, scope and CODEOWNERS keep deciding.
type Forge interface {
	// Login is the signed-in person's account name, once the forge has shown him the
	// repository's base branch; when it does not, the name and an error wrapping ErrNoAccess.
	Login(ctx context.Context) (string, error)
	// Propose puts c's files on a new branch from the base branch and opens a pull request.
	Propose(ctx context.Context, c Change) (PullRequest, error)
	// PullRequests lists the repository's open pull requests into the base branch, without
	// their checks' verdict (a page asks Verdict for those it shows).
	PullRequests(ctx context.Context) ([]PullRequest, error)
	// Verdict is the checks' verdict on a pull request's head commit.
	Verdict(ctx context.Context, sha string) (string, error)
}

// Change is one pull request to open: files (root-relative paths) on a new branch.
type Change struct {
	Branch  string
	Title   string
	Body    string
	Message string            // the commit message
	Files   map[string][]byte // the texts the desk writes
	// Proofs are the files kept on the desk's disk (a declaration's proofs, up to 20 of
	// 20 MiB), read as they are checked and as they are sent.
	Proofs content.LazyFS
}

// PullRequest is an open pull request as the desk shows it.
type PullRequest struct {
	Number  int
	Title   string
	URL     string // its page on the forge
	Author  string
	Branch  string
	HeadSHA string // the head commit, whose checks give the verdict
	Checks  string // success, failure, pending or "" (none yet, or not asked)
}

// checksText is a verdict in Chinese.
func checksText(v string) string {
	switch v {
	case "success":
		return "检查通过"
	case "failure", "error":
		return "检查未通过"
	case "pending":
		return "检查中"
	}
	return "尚无检查结果"
}

// As is the desk's Forge over a forge client acting with one person's token, for repo and
// its base branch.
func As(f forge.Forge, repo forge.Repo, base string) Forge { return &forgeAs{f, repo, base} }

type forgeAs struct {
	f    forge.Forge
	repo forge.Repo
	base string
}

// ErrNoAccess: the forge does not let the signed-in account read the repository.
var ErrNoAccess = errors.New("the account cannot read the repository")

// Login asks the forge who the token's person is and whether he may read the repository:
// roles are read by login from units.yaml and experts.yaml, and a login there is not
// always still that person's (a renamed or deleted account's name is free for anyone to
// register on GitHub) nor someone the city still lets in (removed from the collaborators),
// while the desk shows what it reads from its own clone, non-public proofs and drafts
// included. The forge answers a private repository's branch to its readers only.
func (a *forgeAs) Login(ctx context.Context) (string, error) {
	login, err := a.f.Me(ctx)
	if err != nil {
		return "", err
	}
	if _, err := a.f.Branch(ctx, a.repo, a.base); errors.Is(err, forge.ErrNotFound) {
		return login, fmt.Errorf("%s: %w", login, ErrNoAccess)
	} else if err != nil {
		return "", err
	}
	return login, nil
}

// Propose commits c's files on a new branch and opens the pull request, its title and
// commit message on one line.
func (a *forgeAs) Propose(ctx context.Context, c Change) (PullRequest, error) {
	var files []forge.File
	for p, text := range c.Files {
		files = append(files, forge.File{Path: p, Content: text})
	}
	for p, kept := range c.Proofs {
		files = append(files, forge.File{Path: p, Open: kept.Open, Size: kept.Size})
	}
	slices.SortFunc(files, func(a, b forge.File) int { return strings.Compare(a.Path, b.Path) })
	if _, err := a.f.Commit(ctx, a.repo, forge.Commit{Branch: c.Branch, From: a.base, Message: pullreq.OneLine(c.Message), Files: files}); err != nil {
		return PullRequest{}, err
	}
	pr, err := a.f.OpenPullRequest(ctx, a.repo, forge.NewPullRequest{Head: c.Branch, Base: a.base, Title: pullreq.OneLine(c.Title), Body: c.Body})
	if err != nil {
		return PullRequest{}, err
	}
	return PullRequest{Number: pr.Number, Title: pr.Title, URL: pr.URL, Author: pr.Author, Branch: pr.Head}, nil
}

// PullRequests reads the open pull requests into the base branch.
func (a *forgeAs) PullRequests(ctx context.Context) ([]PullRequest, error) {
	prs, err := a.f.PullRequests(ctx, a.repo)
	if err != nil {
		return nil, err
	}
	var out []PullRequest
	for _, pr := range prs {
		if pr.Base == a.base {
			out = append(out, PullRequest{Number: pr.Number, Title: pr.Title, URL: pr.URL, Author: pr.Author, Branch: pr.Head, HeadSHA: pr.HeadSHA})
		}
	}
	return out, nil
}

func (a *forgeAs) Verdict(ctx context.Context, sha string) (string, error) {
	return a.f.Checks(ctx, a.repo, sha)
}

// Broken is a Forge whose every call fails with err (a client that could not be made).
func Broken(err error) Forge { return broken{err} }

type broken struct{ err error }

func (b broken) Login(context.Context) (string, error)                { return "", b.err }
func (b broken) Propose(context.Context, Change) (PullRequest, error) { return PullRequest{}, b.err }
func (b broken) PullRequests(context.Context) ([]PullRequest, error)  { return nil, b.err }
func (b broken) Verdict(context.Context, string) (string, error)      { return "", b.err }
