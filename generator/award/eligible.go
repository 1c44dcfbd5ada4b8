package award

import (
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// Ineligible lists the submissions of y (by id) whose file has an error in l: a result that
// fails any rule of the notice takes no place in the proposal [六(三)]. `check` (rule results)
// and `award` both take their skip set from here, so they cannot disagree.
func Ineligible(y *content.Year, l *diag.List) map[string]bool {
	failing := map[string]bool{}
	for _, d := range l.Items() {
		if d.Severity == diag.Error {
			failing[d.Pos.File] = true
		}
	}
	out := map[string]bool{}
	for _, s := range y.Submissions {
		if failing[s.File] {
			out[s.ID()] = true
		}
	}
	return out
}
