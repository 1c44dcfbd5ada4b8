package generator

import (
	"context"
	"fmt"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/forge"
)

// maxLineComments bounds the comments of one review; the body lists every finding anyway.
const maxLineComments = 50

// ReviewResult says what PostFindings posted.
type ReviewResult struct {
	Event     forge.Event
	Comments  int    // line comments placed
	BodyOnly  bool   // the forge refused the line comments, so everything went into the body
	Status    string // the commit status set on the head, "wuxiao / <title>"
	StatusErr error  // why the status could not be set (the token may not write statuses)
}

// PostFindings posts findings (of check or scope) on pull request pr as one review: the
// body lists them all, errors first (diag.Markdown), and each finding in a file the
// pull request changes is also a comment on its line. Errors request changes; anything
// else is a comment. Gitea and Forgejo show no workflow annotations, so this is how a
// pull request there shows what the check found, line by line. When the forge refuses
// the line comments (a line outside the diff, say) the review goes out with the body alone.
//
// It also sets the commit status "wuxiao / <title>" on the pull request's head (failure
// when there are errors), a stable name that branch protection can require whatever the
// workflow and job are called; a status the token may not set is reported, not fatal.
func PostFindings(ctx context.Context, f forge.Forge, r forge.Repo, pr int, title string, findings *diag.List) (ReviewResult, error) {
	files, err := f.PullRequestFiles(ctx, r, pr)
	if err != nil {
		return ReviewResult{}, err
	}
	res := ReviewResult{Status: "wuxiao / " + title}
	if p, err := f.PullRequest(ctx, r, pr); err != nil {
		res.StatusErr = err
	} else {
		st := forge.Status{Context: res.Status, State: "success", Description: "没有错误"}
		errs, warns := findings.Count()
		if errs > 0 {
			st.State = "failure"
		}
		if errs+warns > 0 {
			st.Description = fmt.Sprintf("%d 个错误，%d 个警告", errs, warns)
		}
		res.StatusErr = f.SetStatus(ctx, r, p.HeadSHA, st)
	}
	changed := map[string]bool{}
	for _, cf := range files {
		if cf.Status != "deleted" && cf.Status != "removed" {
			changed[cf.Path] = true
		}
	}
	rv := forge.Review{Event: forge.Comment, Body: findings.Markdown(title)}
	if errs, _ := findings.Count(); errs > 0 {
		rv.Event = forge.RequestChanges
	}
	for _, d := range findings.Items() {
		if !changed[d.Pos.File] || len(rv.Comments) == maxLineComments {
			continue
		}
		sev := "错误"
		if d.Severity == diag.Warning {
			sev = "警告"
		}
		rv.Comments = append(rv.Comments, forge.LineComment{Path: d.Pos.File, Line: max(d.Pos.Line, 1),
			Body: fmt.Sprintf("**%s**（%s）：%s", d.Rule, sev, diag.MarkdownText(d.Message()))})
	}
	res.Event, res.Comments = rv.Event, len(rv.Comments)
	err = f.PostReview(ctx, r, pr, rv)
	if err != nil && len(rv.Comments) > 0 {
		rv.Comments = nil
		res.Comments, res.BodyOnly = 0, true
		if err2 := f.PostReview(ctx, r, pr, rv); err2 == nil {
			return res, nil
		}
	}
	return res, err
}

// SiteForge is site.yaml's forge ("" when site.yaml names none).
func SiteForge(cfg Config) (string, error) {
	cfg = cfg.withDefaults()
	tree, _, err := content.Load(content.DirFS(cfg.Root))
	if err != nil {
		return "", fmt.Errorf("%s：%v", cfg.Root, err)
	}
	if tree.Site == nil {
		return "", nil
	}
	return tree.Site.Forge, nil
}
