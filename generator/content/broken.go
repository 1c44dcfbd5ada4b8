package content

import "strings"

// BrokenSubmission tells whether the submission file of id in year exists but could not be
// read: its own syntax error is the one root problem, and references to it are not
// reported again.
func (t *Tree) BrokenSubmission(year int, id string) bool {
	unit, slug, _ := strings.Cut(id, "/")
	return t.Broken[Place{Kind: KindSubmission, Year: year, Owner: unit, Slug: slug}.Path()]
}

// BrokenUnit tells whether any submission file of unit in year could not be read.
func (t *Tree) BrokenUnit(year int, unit string) bool {
	return t.BrokenIn(Place{Kind: KindSubmission, Year: year, Owner: unit}.Dir())
}

// BrokenIn tells whether any file under dir (root-relative, e.g. content/2026/reviews/)
// could not be read.
func (t *Tree) BrokenIn(dir string) bool {
	for p := range t.Broken {
		if strings.HasPrefix(p, dir) {
			return true
		}
	}
	return false
}
