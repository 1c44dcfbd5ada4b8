package generator

import (
	"slices"
	"strings"

	"wuxiao/generator/content"
)

// maxSince is how many loads the preview keeps the changes of while no full check is
// remembered (each a few paths): past it, the quick check compares every file again.
const maxSince = 1024

// loadChanges is what one load changed: its tree and the paths its reload parsed again,
// found new or dropped (whole: not known, a reload of every file).
type loadChanges struct {
	tree  *content.Tree
	paths []string
	whole bool
}

// logChanges notes what the reload that made tree changed (content.Cache.Changes).
func (p *preview) logChanges(tree *content.Tree) {
	if len(p.since) >= maxSince {
		p.since, p.sinceKnown = nil, false
	}
	changes, ok := p.cache.Changes()
	lc := loadChanges{tree: tree, whole: !ok}
	for _, ch := range changes {
		lc.paths = append(lc.paths, ch.Path)
	}
	p.since = append(p.since, lc)
}

// forgetChangesUpTo drops the changes of the loads up to the one that made tree, now
// that known holds its values; if no kept load made it, what changed since is not known.
func (p *preview) forgetChangesUpTo(tree *content.Tree) {
	i := slices.IndexFunc(p.since, func(lc loadChanges) bool { return lc.tree == tree })
	if i < 0 {
		p.since, p.sinceKnown = nil, false
		return
	}
	p.since, p.sinceKnown = slices.Clone(p.since[i+1:]), true
}

// changedSinceKnown is every path the loads after the tree of known changed, when tree
// is the last load's and each of those loads says what it changed.
func (p *preview) changedSinceKnown(tree *content.Tree) (map[string]bool, bool) {
	if !p.sinceKnown || len(p.since) == 0 || p.since[len(p.since)-1].tree != tree {
		return nil, false
	}
	paths := map[string]bool{}
	for _, lc := range p.since {
		if lc.whole {
			return nil, false
		}
		for _, path := range lc.paths {
			paths[path] = true
		}
	}
	return paths, true
}

// dirtyAmong is dirtySubmissions when paths holds every file changed since the tree of
// known: the files not among them hold the values known, so only these are compared,
// each by its value in tree (valueAt), as comparing the maps of values would.
func (p *preview) dirtyAmong(tree *content.Tree, paths map[string]bool, changed []string) map[string]bool {
	if p.changedGoneOrUnparsed(tree, changed) {
		return nil
	}
	subs := map[string]bool{}
	for path := range paths {
		was, known := p.known[path]
		size, isNow := tree.Files[path]
		if !known && !isNow {
			continue
		}
		if !isNow {
			return nil // gone
		}
		if _, unparsed := was.(string); unparsed && size != p.sizes[path] {
			return nil // a proof material changed since
		}
		now := valueAt(tree, path)
		if now == was {
			continue
		}
		_, before := was.(*content.Submission) // a file new since has none known
		_, after := now.(*content.Submission)  // nor one that does not parse in tree
		if !before || !after {
			return nil
		}
		subs[path] = true
	}
	return subs
}

// changedGoneOrUnparsed reports whether a file of changed that was or is in the tree is
// gone from it, or has no parsed value (a proof material, a file that does not parse);
// a path neither known nor here (an editor's temporary file come and gone, a folder) is
// passed over.
func (p *preview) changedGoneOrUnparsed(tree *content.Tree, changed []string) bool {
	for _, c := range changed {
		_, isNow := tree.Files[c]
		if _, known := p.known[c]; !isNow && !known {
			continue
		}
		if _, unparsed := valueAt(tree, c).(string); unparsed || !isNow {
			return true
		}
	}
	return false
}

// valueAt is the value valuesOf maps file to in tree, found by where the file is
// rather than by a map of every file: its parsed value (a registry's first entry), or
// its name when it has none.
func valueAt(tree *content.Tree, file string) any {
	var found any
	eachValueAt(tree, content.Classify(file), file, func(v any) { found = v })
	if found == nil {
		return file
	}
	return found
}

// eachValueAt calls visit with the value eachValue would visit for file at place pl, if
// any, looking only where a file of its kind is kept (the lists are sorted as Load
// sorts them).
func eachValueAt(tree *content.Tree, pl content.Place, file string, visit func(any)) {
	eachTopValue(tree, func(at string, v any) {
		if at == file {
			visit(v)
		}
	})
	i := slices.IndexFunc(tree.Years, func(y *content.Year) bool { return y.Year == pl.Year })
	if i < 0 {
		return
	}
	y := tree.Years[i]
	if y.Competition != nil && y.Competition.File == file {
		visit(y.Competition)
	}
	if y.Results != nil && y.Results.File == file {
		visit(y.Results)
	}
	if j, ok := y.SubmissionIndex(pl.Owner + "/" + pl.Slug); ok && y.Submissions[j].File == file {
		visit(y.Submissions[j])
	}
	if j, ok := slices.BinarySearchFunc(y.Commendations, file, func(c *content.Commendation, f string) int { return strings.Compare(c.File, f) }); ok {
		visit(y.Commendations[j])
	}
	for _, r := range y.Reviews {
		if r.File == file {
			visit(r)
		}
	}
	for _, c := range y.Cases {
		if c.File == file {
			visit(c)
		}
	}
	for _, b := range y.Bulletins {
		if b.File == file {
			visit(b)
		}
	}
}
