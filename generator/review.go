package generator

import (
	"context"
	"fmt"
	"strings"

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

	Superseded   int   // earlier reviews of this check by the same account that asked for changes, now dismissed (or deleted)
	SupersedeErr error // why one of them could not be (a branch that restricts who dismisses)
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
	posted, err := f.PostReview(ctx, r, pr, rv)
	if err != nil && len(rv.Comments) > 0 {
		rv.Comments = nil
		res.Comments, res.BodyOnly = 0, true
		posted, err = f.PostReview(ctx, r, pr, rv)
	}
	if err != nil {
		return res, err
	}
	res.Superseded, res.SupersedeErr = supersede(ctx, f, r, pr, title, posted)
	return res, nil
}

// supersede ends the earlier reviews of the check called title that asked for changes,
// posted by the account that has just posted the latest: the latest says what is still
// wrong. A later comment does not take back a request for changes: the pull request still
// shows its author as asking for them, and the forge blocks the merge on it where the
// branch says so (GitHub whenever reviews are required; Gitea when it blocks on rejected
// reviews and the bot's count), until that review is dismissed. A person's review, or
// another check's, is left as it is.
func supersede(ctx context.Context, f forge.Forge, r forge.Repo, pr int, title string, latest forge.ReviewInfo) (int, error) {
	if latest.Author == "" {
		return 0, nil // the forge did not say whose it is: nothing can be told to be ours
	}
	reviews, err := f.Reviews(ctx, r, pr)
	if err != nil {
		return 0, err
	}
	head, n := diag.MarkdownHead(title), 0
	for _, rv := range reviews {
		if rv.ID == latest.ID || rv.Author != latest.Author || rv.Event != forge.RequestChanges || rv.Dismissed || !strings.HasPrefix(rv.Body, head) {
			continue
		}
		if err := f.Supersede(ctx, r, pr, rv.ID, fmt.Sprintf("已由之后的“%s”结果取代：以最新一次检查为准。", title)); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
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
