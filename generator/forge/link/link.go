// Package link builds the web addresses of a repository's pages on GitHub, Gitea and Forgejo: the repository, a file, its editor, a prefilled new file, an issue form and a pull request with a template.
//
// It is the one owner of those shapes; the site (footer, 公示 objection link, 申报表),
// the desk and the README's setup steps all ask it. It imports nothing heavy.
//
//	GitHub             Gitea / Forgejo
//	/blob/main/p       /src/branch/main/p
//	/edit/main/p       /_edit/main/p
//	/new/main/d?filename=f&value=v
//	                   /_new/main/d?filename=f&value=v   (value is read by the page's script)
//	/issues/new?template=objection.yml
//	                   /issues/new?template=.github/ISSUE_TEMPLATE/objection.yml
//	/compare/main...h?quick_pull=1&template=x.md
//	                   /compare/main...h?template=.github/PULL_REQUEST_TEMPLATE/x.md
//
// Gitea and Forgejo read issue and pull-request templates from .gitea/ and .github/
// (Forgejo also .forgejo/), so one set of templates under .github/ serves every forge.
package link

import (
	"fmt"
	"net/url"
	"strings"
)

// Kind names a forge, as site.yaml's `forge` does.
type Kind string

// The forges wuxiao knows.
const (
	GitHub  Kind = "github"
	Gitea   Kind = "gitea"
	Forgejo Kind = "forgejo"
)

// ParseKind reads a site.yaml `forge` value; "" is GitHub.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(strings.ToLower(strings.TrimSpace(s))); k {
	case "":
		return GitHub, nil
	case GitHub, Gitea, Forgejo:
		return k, nil
	}
	return "", fmt.Errorf("未知的代码托管平台 %q（可选 github、gitea、forgejo）", s)
}

// Folders where the repository keeps its templates (shared by every forge).
const (
	IssueTemplates       = ".github/ISSUE_TEMPLATE"
	PullRequestTemplates = ".github/PULL_REQUEST_TEMPLATE"
)

// Repo is a repository's web address on a forge. The zero value has no pages: every
// method returns "".
type Repo struct {
	URL    string // e.g. https://git.example.cn/union/wuxiao, no trailing slash
	Kind   Kind
	Branch string // the default branch, "main" when empty
}

// New returns the Repo at repoURL (site.yaml's repo_url) on the forge kind names
// (site.yaml's forge; "" or anything unknown is GitHub, which check reports).
func New(repoURL, kind string) Repo {
	k, err := ParseKind(kind)
	if err != nil {
		k = GitHub
	}
	return Repo{URL: strings.TrimRight(strings.TrimSpace(repoURL), "/"), Kind: k}
}

func (r Repo) branch() string {
	if r.Branch == "" {
		return "main"
	}
	return r.Branch
}

func (r Repo) gitea() bool { return r.Kind == Gitea || r.Kind == Forgejo }

// Home is the repository's front page.
func (r Repo) Home() string { return r.URL }

// File is the page showing path on the default branch.
func (r Repo) File(path string) string {
	if r.URL == "" {
		return ""
	}
	if r.gitea() {
		return r.URL + "/src/branch/" + escapePath(r.branch()) + "/" + escapePath(path)
	}
	return r.URL + "/blob/" + escapePath(r.branch()) + "/" + escapePath(path)
}

// Edit is the web editor of path on the default branch.
func (r Repo) Edit(path string) string {
	if r.URL == "" {
		return ""
	}
	return r.URL + r.action("edit") + escapePath(r.branch()) + "/" + escapePath(path)
}

// NewFile is the "new file" page in folder dir with the name and content filled in.
func (r Repo) NewFile(dir, name, value string) string {
	if r.URL == "" {
		return ""
	}
	dir = strings.Trim(dir, "/")
	if dir != "" {
		dir += "/"
	}
	return r.URL + r.action("new") + escapePath(r.branch()) + "/" + escapePath(dir) +
		"?filename=" + Escape(name) + "&value=" + Escape(value)
}

// action is GitHub's /new/ or /edit/, Gitea's /_new/ or /_edit/.
func (r Repo) action(verb string) string {
	if r.gitea() {
		return "/_" + verb + "/"
	}
	return "/" + verb + "/"
}

// IssueForm opens a new issue with the form file (a name under IssueTemplates).
func (r Repo) IssueForm(file string) string {
	if r.URL == "" {
		return ""
	}
	if r.gitea() {
		file = IssueTemplates + "/" + file
	}
	return r.URL + "/issues/new?template=" + Escape(file)
}

// PullRequest opens a pull request from branch head with template (a name under
// PullRequestTemplates; "" for the default template).
func (r Repo) PullRequest(head, template string) string {
	if r.URL == "" {
		return ""
	}
	u := r.URL + "/compare/" + escapePath(r.branch()) + "..." + escapePath(head)
	switch {
	case template == "" && r.gitea():
		return u
	case template == "":
		return u + "?quick_pull=1"
	case r.gitea():
		return u + "?template=" + Escape(PullRequestTemplates+"/"+template)
	}
	return u + "?quick_pull=1&template=" + Escape(template)
}

// Escape encodes a query value with %20 for spaces, which every forge reads alike.
func Escape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// escapePath encodes each segment of a slash-separated path.
func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}
