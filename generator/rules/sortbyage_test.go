package rules

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"wuxiao/generator/content"
)

// TestSortByAgeMatchesStableSort: sortByAge orders as a stable sort by year, date and
// GlobalID does, equal keys (the same unit and slug twice, as a broken tree may hold)
// kept in their order, on random lists full of ties.
func TestSortByAgeMatchesStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 17))
	day := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	for round := range 200 {
		subs := make([]*content.Submission, rng.IntN(300))
		for i := range subs {
			subs[i] = &content.Submission{
				Year:      2022 + rng.IntN(3),
				Unit:      []string{"a", "b", "a-b"}[rng.IntN(3)],
				Slug:      []string{"x", "y", "b-x"}[rng.IntN(3)],
				Submitted: content.Date{Time: day.AddDate(0, 0, rng.IntN(4))},
			}
			if rng.IntN(10) == 0 {
				subs[i].Submitted = content.Date{} // no date
			}
		}
		want := slices.Clone(subs)
		slices.SortStableFunc(want, func(a, b *content.Submission) int {
			return cmp.Or(cmp.Compare(a.Year, b.Year), a.Submitted.Compare(b.Submitted.Time), strings.Compare(a.GlobalID(), b.GlobalID()))
		})
		got := slices.Clone(subs)
		sortByAge(got)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("round %d: at %d sortByAge has %s (%p), a stable sort %s (%p)", round, i, got[i].GlobalID(), got[i], want[i].GlobalID(), want[i])
			}
		}
	}
}
