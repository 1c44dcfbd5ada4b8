package content

import (
	"maps"
	"slices"
	"strings"
)

// patched is the tree the last reload returned with the submissions this reload parsed
// again in place of their old values, when that is all that changed: the tree tree
// would assemble, without visiting the other files (at 10,000 results, sorting and
// adding 20,000 files took wuxiao serve some 20 ms of each save). It is nil when the
// reload changed anything else: a file new, gone, moved, refused, misplaced or of
// another kind, or a submission that did not parse before or after (Broken).
//
// The new tree shares every list and map it does not change with the last one, as the
// trees of successive loads share their unchanged values: a Tree is read, never
// written, once a load returns it.
func (c *Cache) patched() *Tree {
	if c.last == nil {
		return nil
	}
	t := *c.last
	if len(c.was) == 0 {
		return &t
	}
	t.Files = maps.Clone(c.last.Files)
	t.Years = slices.Clone(c.last.Years)
	copied := map[int]bool{} // the years whose submissions t holds a list of its own
	for p, old := range c.was {
		now := c.files[p]
		before, after := patchableSubmission(old), patchableSubmission(now)
		if before == nil || after == nil || old.place != now.place {
			return nil
		}
		i := slices.IndexFunc(t.Years, func(y *Year) bool { return y.Year == now.place.Year })
		if i < 0 {
			return nil
		}
		if !copied[now.place.Year] {
			y := *t.Years[i]
			y.Submissions = slices.Clone(y.Submissions)
			t.Years[i], copied[now.place.Year] = &y, true
		}
		subs := t.Years[i].Submissions
		j, found := t.Years[i].SubmissionIndex(before.ID())
		if !found || subs[j] != before {
			return nil
		}
		subs[j] = after
		t.Files[p] = now.size
	}
	return &t
}

// patchableSubmission is the submission f holds, nil unless f is a submission that
// parsed and is in its place.
func patchableSubmission(f *cached) *Submission {
	if f == nil || f.refused || f.dir || f.skip || f.place.Kind != KindSubmission || f.place.Problem != "" {
		return nil
	}
	s, _ := f.out.value.(*Submission)
	return s
}

// SubmissionIndex is where y's list, sorted by ID, holds the submission of id, or would.
func (y *Year) SubmissionIndex(id string) (int, bool) {
	return slices.BinarySearchFunc(y.Submissions, id, func(s *Submission, id string) int { return strings.Compare(s.ID(), id) })
}
