package render

import (
	"slices"

	"wuxiao/generator/content"
)

// Patching is wuxiao serve's way of showing a saved submission at once. When a tree differs
// from the one a site was made from only in submissions that keep their place (the same
// file, and so the same year, unit and id; the same category, innovation type and group,
// so the same lists and counts), every list of the site stays as it is: the results of
// those submissions are made again from them in place, and every page that may show them
// is rendered again when next asked for. Anything else makes a new site (NewSite).

// changedSubmission is one submission of the new tree that replaces one of the old.
type changedSubmission struct{ old, new *content.Submission }

// patchOf lists the submissions tree changes in s's tree, made with the same baseURL and
// now; ok is false when tree differs in anything else the site may show.
func (s *Site) patchOf(tree *content.Tree, baseURL string, now content.Date) (changed []changedSubmission, ok bool) {
	old := s.src
	if old == nil || tree == nil || baseURL != s.baseArg || !now.Equal(s.Now.Time) {
		return nil, false
	}
	if old.Site != tree.Site || !slices.Equal(old.Units, tree.Units) || !slices.Equal(old.Experts, tree.Experts) ||
		!slices.Equal(old.Banned, tree.Banned) || !slices.Equal(old.Cleared, tree.Cleared) ||
		!slices.Equal(old.Pages, tree.Pages) || len(old.Years) != len(tree.Years) ||
		old.UnitsFile != tree.UnitsFile || old.ExpertsFile != tree.ExpertsFile ||
		old.BannedFile != tree.BannedFile || old.ClearedFile != tree.ClearedFile {
		return nil, false
	}
	// Case covers and attachments are looked up in Files: the same files must be there
	// (their bytes are read when the site's files are made).
	if len(old.Files) != len(tree.Files) {
		return nil, false
	}
	for f := range old.Files {
		if _, ok := tree.Files[f]; !ok {
			return nil, false
		}
	}
	for i, oy := range old.Years {
		ny := tree.Years[i]
		if oy.Year != ny.Year || oy.Dir != ny.Dir || oy.Competition != ny.Competition || oy.Results != ny.Results ||
			oy.Assignments != ny.Assignments || !slices.Equal(oy.Commendations, ny.Commendations) ||
			!slices.Equal(oy.Reviews, ny.Reviews) || !slices.Equal(oy.Cases, ny.Cases) ||
			!slices.Equal(oy.Bulletins, ny.Bulletins) || len(oy.Submissions) != len(ny.Submissions) {
			return nil, false
		}
		for j, o := range oy.Submissions {
			n := ny.Submissions[j]
			if o == n {
				continue
			}
			if o == nil || n == nil || o.File != n.File || o.Year != n.Year || o.Unit != n.Unit || o.Slug != n.Slug ||
				o.Category != n.Category || o.Innovation != n.Innovation || o.Group != n.Group {
				return nil, false
			}
			changed = append(changed, changedSubmission{o, n})
		}
	}
	return changed, true
}

// patch makes s show tree, which patchOf found to change only the submissions in changed,
// and returns the results it made again.
func (s *Site) patch(tree *content.Tree, changed []changedSubmission) []*Result {
	if s.byURL == nil { // made once: a patch changes no result's place
		s.byURL = make(map[string]*Result, len(s.Results))
		for _, r := range s.Results {
			s.byURL[r.URL] = r
		}
	}
	var out []*Result
	stats := false
	for _, c := range changed {
		id := c.new.ID()
		r := s.byURL[resultURL(c.new.Year, id)] // newResult's address, so the same key
		if r == nil {
			continue // not published: only counted, by unit and kind, which did not change
		}
		n := newResult(r.Year, c.new, id, s.UnitByID[c.new.Unit], r.Award, r.order)
		// What newResult does not take from the submission stays: it comes from other files.
		n.Override, n.Revoked, n.Ladder, n.Experts, n.Cases = r.Override, r.Revoked, r.Ladder, r.Experts, r.Cases
		stats = stats || n.Economic != r.Economic
		*r = *n
		out = append(out, r)
	}
	s.src = tree
	if stats {
		s.Stats = newStats(s, tree)
	}
	return out
}

// patch brings m's site to tree in place when patchOf allows it: the pages of the results
// made again are listed again and their list entries forgotten. Call with m.mu held.
func (m *lazySite) patch(tree *content.Tree, baseURL string, now content.Date) bool {
	s := m.base.site
	changed, ok := s.patchOf(tree, baseURL, now)
	if !ok {
		return false
	}
	for _, r := range s.patch(tree, changed) {
		j := m.base.resultJob(r)
		m.pages[outputFile(r.URL)] = j
		m.base.chrome.m.Delete(itemKey(r))
	}
	return true
}
