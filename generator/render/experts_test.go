package render

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"wuxiao/generator/content"
)

// expertNamesRef is how a result's experts were found before expertsBySubmission, one
// submission at a time (every review's every line, for each result): the reference.
func expertNamesRef(tree *content.Tree, cy *content.Year, id string) []string {
	names := map[string]string{}
	for _, e := range tree.Experts {
		if e != nil {
			names[e.ID] = e.Name
		}
	}
	var out []string
	for _, rv := range cy.Reviews {
		if rv == nil {
			continue
		}
		for _, l := range rv.Scores {
			if l.Submission == id && names[rv.Expert] != "" {
				out = append(out, names[rv.Expert])
				break
			}
		}
	}
	return out
}

// TestExpertsBySubmission: the names of the experts who scored each submission, found
// for all of a year's at once, are those found for each alone, in the reviews' order,
// on 200 random years: reviews missing (nil), by experts unknown or without a name, two
// by one expert, a submission listed twice in one review, submissions nobody scored.
func TestExpertsBySubmission(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 10))
	for range 200 {
		tree := &content.Tree{}
		for i := range r.IntN(6) {
			e := &content.Expert{ID: "e" + strconv.Itoa(i), Name: "专家" + strconv.Itoa(i)}
			if r.IntN(5) == 0 {
				e.Name = ""
			}
			tree.Experts = append(tree.Experts, e)
			if r.IntN(8) == 0 {
				tree.Experts = append(tree.Experts, nil)
			}
		}
		cy := &content.Year{}
		for range r.IntN(8) {
			if r.IntN(8) == 0 {
				cy.Reviews = append(cy.Reviews, nil)
				continue
			}
			rv := &content.Review{Expert: "e" + strconv.Itoa(r.IntN(7))}
			for range r.IntN(10) {
				rv.Scores = append(rv.Scores, content.ScoreLine{Submission: "u/s" + strconv.Itoa(r.IntN(12))})
			}
			cy.Reviews = append(cy.Reviews, rv)
		}
		got := expertsBySubmission(tree, cy)
		for i := range 13 {
			id := "u/s" + strconv.Itoa(i)
			if want := expertNamesRef(tree, cy, id); !slices.Equal(got[id], want) {
				t.Fatalf("%s: %q, want %q", id, got[id], want)
			}
		}
	}
}
