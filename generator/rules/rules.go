// Package rules enforces the competition notice on a loaded content tree, one file per rule.
//
// It is the pipeline's second step: Run applies rules to a content.Tree and adds their
// findings to a diag.List. Each Rule declares what it reads (one file, a submission and
// its competition, or the whole tree), whether it is slow and whether it reads the files
// that already fail, so that drivers (check, the live preview) choose rules
// without knowing their names. The complete list, with the rules that need heavier
// packages, is package ruleset. RunMemo and RunBackground take from a Memo what the rules
// found before on the same input (build --cache keeps one in its cache, serve in memory).
//
// Files are named after rule ids: <id>.go holds a rule (prior_commendation.go for
// prior-commendation), <id>_<part>.go a further check under the same id (schema_site.go).
package rules

import (
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// Context is what every rule sees: the tree, its indexes and the day that counts as today.
type Context struct {
	Tree *content.Tree
	Now  content.Date
	*content.Index
	// Failing holds the files that have an error, found by loading and by every rule
	// that does not itself read Failing. Run sets it before the rules that declare
	// ReadsFailing; the others must not read it.
	Failing map[string]bool
	// Done, when not nil, is closed once the outcome is no longer wanted: a slow rule may
	// then stop early. Workers bounds the goroutines a slow rule uses (0: GOMAXPROCS).
	// RunBackground sets both.
	Done    <-chan struct{}
	Workers int
}

// Reach is how much of the tree a rule reads to judge one file.
type Reach int

const (
	// ReachTree: findings on a file may depend on any other file.
	ReachTree Reach = iota
	// ReachYear: findings on a submission depend on it and its year's competition.yaml
	// alone; with no competition the rule judges the submission by itself.
	ReachYear
	// ReachFile: findings on a file depend on that file alone.
	ReachFile
)

// Rule is one named check of the contract's rule table, with what it reads, so that a
// driver (check, the live preview's quick path and per-file check) can choose rules
// without knowing them by name.
type Rule struct {
	Name  string
	Reach Reach
	// Slow rules compare every submission with every other; the live preview runs them
	// only in its full check.
	Slow bool
	// ReadsFailing rules read Context.Failing, so they run after all the others.
	ReadsFailing bool
	// ReadsFiles rules read files' bytes through Tree.FS (proof materials, covers, code
	// owners) or their sizes (Tree.Files' values), beyond the parsed tree: a Memo cannot
	// tell when they change, so these rules run every time.
	ReadsFiles bool
	Check      func(ctx *Context, out *diag.List)
}

// All returns the rules of this package in the contract's order. syntax problems, and the
// schema and path problems that a single field or path shows, are found while loading.
// The complete list, with the rules that need heavier packages (results, codeowners),
// is ruleset.All.
func All() []Rule {
	return []Rule{
		{Name: "schema", Reach: ReachFile, Check: checkSubmissionShape},
		{Name: "schema", Reach: ReachFile, Check: checkSiteURLs},
		{Name: "schema", Reach: ReachFile, Check: checkDocsOneLine},
		{Name: "schema", Reach: ReachFile, Check: checkTextsOneLine},
		{Name: "schema", Reach: ReachFile, Check: checkLists},
		{Name: "path", Check: checkPaths},
		{Name: "path", Check: checkPathTwins},
		{Name: "ref", Check: checkRefs},
		{Name: "ref", ReadsFiles: true, Check: checkCovers},
		{Name: "units", Check: checkUnits},
		{Name: "units", Check: checkExperts},
		{Name: "ref", Check: checkBulletins},
		{Name: "scope", Check: checkScope},
		{Name: "phase", Reach: ReachYear, Check: checkPhase},
		{Name: "prior-commendation", Check: checkPriorCommendation},
		{Name: "duplicate", Slow: true, Check: checkDuplicate},
		{Name: "banned", Check: checkBanned},
		{Name: "pii", Reach: ReachFile, Check: checkPII},
		{Name: "attachment", ReadsFiles: true, Check: checkAttachments},
		{Name: "markdown", Reach: ReachFile, Check: checkMarkdown},
		{Name: "markdown", ReadsFiles: true, Check: checkBodyFiles},
		{Name: "placeholder", Reach: ReachFile, Check: checkPlaceholders},
		{Name: "review", Check: checkReviews},
	}
}

// Select returns the rules for which keep is true, in order.
func Select(rules []Rule, keep func(Rule) bool) []Rule {
	var out []Rule
	for _, r := range rules {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// Run applies rules to tree, adding their findings to out, which holds the loader's findings.
// The rules run concurrently; those that read Context.Failing run afterwards, with the
// files that have an error by then. It is RunMemo without a memo: the one-file rules see
// a tree of the parsed files, the tree rules the tree with its free text blanked, as
// they do through a memo.
func Run(tree *content.Tree, now content.Date, rules []Rule, out *diag.List) {
	RunMemo(tree, now, rules, nil, nil, out)
}
