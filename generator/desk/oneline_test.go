package desk

import (
	"context"
	"strings"
	"testing"

	"wuxiao/generator/forge"
)

// proposalRecorder is a forge that keeps the commit and the pull request it is asked for.
type proposalRecorder struct {
	forge.Forge // what Propose does not call
	commit      forge.Commit
	pr          forge.NewPullRequest
}

func (f *proposalRecorder) Commit(_ context.Context, _ forge.Repo, c forge.Commit) (string, error) {
	f.commit = c
	return "0123456789abcdef0123456789abcdef01234567", nil
}

func (f *proposalRecorder) OpenPullRequest(_ context.Context, _ forge.Repo, p forge.NewPullRequest) (forge.PullRequest, error) {
	f.pr = p
	return forge.PullRequest{Number: 7, Title: p.Title, Head: p.Head}, nil
}

// TestProposalTitleAndMessageOneLine: what a person types into a one-line field of a
// form (a county's 文号, a bulletin's title) reaches the commit message and the pull
// request's title; a line break there made a second line of the commit message, where
// "Signed-off-by:" or "Co-authored-by:" would read as a trailer naming someone else. The
// forge gets them as one line; the body (Markdown, several lines by design) as it was.
func TestProposalTitleAndMessageOneLine(t *testing.T) {
	f := &proposalRecorder{}
	a := &forgeAs{f: f, repo: forge.Repo{Owner: "city", Name: "wuxiao"}, base: "main"}
	body := "矿区总工会通过申报工作台推荐 1 项成果。\n\n第二段"
	_, err := a.Propose(context.Background(), Change{
		Branch:  "desk/kuangqu/2025-tuijian",
		Title:   "推荐：矿区总工会 矿工发〔2025〕1号\nSigned-off-by: Mallory <m@example.org>（1 项）",
		Message: "矿区总工会推荐 1 项成果（矿工发〔2025〕1号\r\n\r\nCo-authored-by: Mallory <m@example.org>\u2028x\u0085y）",
		Body:    body,
		Files:   map[string][]byte{"content/2025/commendations/kuangqu/a.yaml": []byte("doc: x\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	for what, s := range map[string]string{"commit message": f.commit.Message, "title": f.pr.Title} {
		if strings.ContainsAny(s, "\r\n\u2028\u2029\u0085\v\f") {
			t.Errorf("the %s holds a line break: %q", what, s)
		}
		if !strings.Contains(s, "矿工发〔2025〕1号") || !strings.Contains(s, "Mallory") {
			t.Errorf("the %s lost what was typed: %q", what, s)
		}
	}
	if f.pr.Body != body {
		t.Errorf("body %q, want %q as it was", f.pr.Body, body)
	}
}
