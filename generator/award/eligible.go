package award

import (
	"wuxiao/generator/content"
)

// Ineligible lists the submissions of y (by id) whose file is failing (has an error): a result that
// fails any rule of the notice takes no place in the proposal [六(三)]. `check` (rule results)
// and `award` both take their skip set from here, so they cannot disagree.
func Ineligible(y *content.Year, failing map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, s := range y.Submissions {
		if failing[s.File] {
			out[s.ID()] = true
		}
	}
	return out
}
