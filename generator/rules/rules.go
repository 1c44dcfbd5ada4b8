// Package rules enforces the competition notice on a loaded content tree, one file per rule.
package rules

import (
	"sync"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// Context is what every rule sees: the tree, its indexes and the day that counts as today.
type Context struct {
	Tree *content.Tree
	Now  content.Date
	*Index
}

// Rule is one named check of the contract's rule table.
type Rule struct {
	Name  string
	Check func(ctx *Context, out *diag.List)
}

// All returns the rules in the contract's order. syntax problems, and the schema and path
// problems that a single field or path shows, are found while loading.
func All() []Rule {
	return []Rule{
		{"schema", checkSubmissionShape},
		{"path", checkPaths},
		{"ref", checkRefs},
		{"units", checkUnits},
		{"units", checkExperts},
		{"ref", checkBulletins},
		{"scope", checkScope},
		{"phase", checkPhase},
		{"prior-commendation", checkPriorCommendation},
		{"duplicate", checkDuplicate},
		{"banned", checkBanned},
		{"pii", checkPII},
		{"attachment", checkAttachments},
		{"markdown", checkMarkdown},
		{"placeholder", checkPlaceholders},
		{"review", checkReviews},
		{"results", checkResults},
		{"codeowners", checkCodeowners},
	}
}

// Run applies rules to tree, adding their findings to out, which holds the loader's findings.
// The rules run concurrently, except results, which comes last because it refuses awards of
// files that have any error.
func Run(tree *content.Tree, now content.Date, rules []Rule, out *diag.List) {
	ctx := &Context{Tree: tree, Now: now, Index: NewIndex(tree)}
	var last []Rule
	lists := make([]diag.List, len(rules))
	var wg sync.WaitGroup
	for i, r := range rules {
		if r.Name == "results" {
			last = append(last, r)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Check(ctx, &lists[i])
		}()
	}
	wg.Wait()
	for i := range lists {
		out.Append(&lists[i])
	}
	for _, r := range last {
		r.Check(ctx, out)
	}
}
