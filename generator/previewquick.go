package generator

import (
	"slices"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
)

// dirtySubmissions returns the files whose parsed value differs from the tree of the
// remembered full check (the cache shares the values of files it did not parse again),
// when each is a submission in both trees, else nil; an empty set when nothing differs.
// A change to a file that is not parsed (a proof material) also gives nil.
//
// Where the loads since the tree of known said what they changed, it compares those files
// alone (dirtyAmong); else every file's (dirtyByValues).
func (p *preview) dirtySubmissions(tree *content.Tree, changed []string) map[string]bool {
	if p.known == nil || changed == nil {
		return nil
	}
	if paths, ok := p.changedSinceKnown(tree); ok { // previewsince.go: the usual way
		return p.dirtyAmong(tree, paths, changed)
	}
	return p.dirtyByValues(tree, changed)
}

// dirtyByValues is dirtySubmissions by every file's value, when what changed since the
// tree of known is not known: the values as valuesOf maps them, without making that map
// (15 of the 48 ms of CPU a save took at 10,000 results), and counts tell what a map
// would have: every file known before is still here, no file is new (as many files as
// known), and every file parsed before is parsed now (as many as knownParsed).
func (p *preview) dirtyByValues(tree *content.Tree, changed []string) map[string]bool {
	if p.changedGoneOrUnparsed(tree, changed) {
		return nil
	}
	dirty := map[string]any{}
	parsedBefore := 0
	eachValue(tree, func(file string, v any) {
		was, known := p.known[file]
		if _, unparsed := was.(string); known && !unparsed {
			parsedBefore++
		}
		if was != v {
			dirty[file] = v
		}
	})
	if len(tree.Files) != len(p.known) || parsedBefore != p.knownParsed {
		return nil // a file new, or one parsed before that is not now (broken, gone)
	}
	for file, v := range p.known {
		size, ok := tree.Files[file]
		if !ok {
			return nil // gone
		}
		if _, unparsed := v.(string); unparsed && size != p.sizes[file] {
			return nil // a proof material changed since
		}
	}
	subs := map[string]bool{}
	for file, v := range dirty {
		if _, before := p.known[file].(*content.Submission); !before || tree.Broken[file] {
			return nil
		}
		if _, after := v.(*content.Submission); !after {
			return nil
		}
		subs[file] = true
	}
	return subs
}

// valuesOf maps every file of tree to its parsed value (a registry to its first entry,
// or its file name when empty; a file that did not parse to its name).
func valuesOf(tree *content.Tree) map[string]any {
	out := make(map[string]any, len(tree.Files))
	for file := range tree.Files {
		out[file] = file
	}
	eachValue(tree, func(file string, v any) { out[file] = v })
	return out
}

// eachValue calls visit with every file of tree that has a parsed value, and the value
// (a registry's first entry): the files valuesOf maps to a value rather than their name.
func eachValue(tree *content.Tree, visit func(file string, v any)) {
	eachTopValue(tree, visit)
	for _, y := range tree.Years {
		if y.Competition != nil {
			visit(y.Competition.File, y.Competition)
		}
		if y.Results != nil {
			visit(y.Results.File, y.Results)
		}
		for _, x := range y.Submissions {
			visit(x.File, x)
		}
		for _, x := range y.Commendations {
			visit(x.File, x)
		}
		for _, x := range y.Reviews {
			visit(x.File, x)
		}
		for _, x := range y.Cases {
			visit(x.File, x)
		}
		for _, x := range y.Bulletins {
			visit(x.File, x)
		}
	}
}

// eachTopValue is eachValue for the files outside the years: the registries, site.yaml
// and the pages.
func eachTopValue(tree *content.Tree, visit func(file string, v any)) {
	first := func(file string, n int, v func() any) {
		if file != "" && n > 0 {
			visit(file, v())
		}
	}
	first(tree.UnitsFile, len(tree.Units), func() any { return tree.Units[0] })
	first(tree.ExpertsFile, len(tree.Experts), func() any { return tree.Experts[0] })
	first(tree.BannedFile, len(tree.Banned), func() any { return tree.Banned[0] })
	first(tree.ClearedFile, len(tree.Cleared), func() any { return tree.Cleared[0] })
	if tree.Site != nil {
		visit(tree.Site.File, tree.Site)
	}
	for _, pg := range tree.Pages {
		visit(pg.File, pg)
	}
}

// reduced runs the quick rules on a tree whose only submissions are the changed ones, with
// the registries, competitions and commendations that list them, and takes their findings
// on those files; every other file keeps its last full findings, and so do those of the
// rules that read the failing files (rule results), unless a changed submission's date or
// failing changed, when they run again. A submission's own findings depend on it and on
// files that are not submissions (units, competition, commendations, bans), except under
// rule duplicate; and only rule prior-commendation reports on another file (a commendation
// dated after the submission). The full check that follows has both right.
func (p *preview) reduced(tree *content.Tree, base *diag.List, subs map[string]bool, now content.Date, out *diag.List) {
	small := *tree
	small.Years = nil
	for _, y := range tree.Years {
		sy := content.Year{Year: y.Year, Dir: y.Dir, Competition: y.Competition}
		ids := map[string]bool{}
		for _, s := range y.Submissions {
			if subs[s.File] {
				sy.Submissions = append(sy.Submissions, s)
				ids[s.ID()] = true
			}
		}
		for _, c := range y.Commendations { // those that list a changed submission
			if slices.ContainsFunc(c.Awards, func(a content.CommendedAward) bool { return ids[a.Submission] }) {
				sy.Commendations = append(sy.Commendations, c)
			}
		}
		small.Years = append(small.Years, &sy)
	}
	var found diag.List
	rules.Run(&small, now, p.quickOnes, &found)
	failing := map[string]bool{}
	for _, list := range []*diag.List{base, &found} {
		for _, d := range list.Items() {
			if subs[d.Pos.File] && list == &found {
				out.Add(d)
			}
			failing[d.Pos.File] = failing[d.Pos.File] || subs[d.Pos.File] && d.Severity == diag.Error
		}
	}
	// Rule results judges the awards by the submissions' dates and whether their files
	// fail; when neither changed for any changed submission, its last findings stand.
	again := map[string]bool{}
	var rerun []rules.Rule
	for _, r := range p.quickOnes {
		if r.ReadsFailing {
			again[r.Name] = true
			rerun = append(rerun, r)
		}
	}
	same := true
	for _, y := range small.Years {
		for _, s := range y.Submissions {
			st, ok := p.subs[s.File]
			same = same && ok && st.submitted == s.Submitted && st.failing == failing[s.File]
		}
	}
	for file, list := range p.byFile {
		if subs[file] {
			continue
		}
		for _, d := range list {
			if same || !again[d.Rule] {
				out.Add(d)
			}
		}
	}
	if !same {
		rules.Run(tree, now, rerun, out)
	}
}
