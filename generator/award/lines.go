package award

import (
	"cmp"
	"slices"

	"wuxiao/generator/content"
)

// Line is one award line of results.yaml.
type Line struct {
	Submission string
	Award      string
	Override   string // the committee's written reason for departing from the score order
	Revoked    bool   // withdrawn after final (v2): kept in its place, counts for nothing
}

// Decide is what `award --write` puts in results.yaml: every line of existing that carries an
// override or a revocation is kept as written (the committee decided it, and rule results accepts it); every
// other proposed award is taken from the score order, exactly as rule results expects it.
// Lines are ordered by award, then by the score order.
func Decide(props []Proposal, existing []content.CityAward) []Line {
	order := map[string]int{}
	for i, p := range props {
		order[p.Submission.ID()] = i
	}
	var out []Line
	kept := map[string]bool{}
	for _, a := range existing {
		if (a.Override == "" && a.Revoked == nil) || kept[a.Submission] {
			continue
		}
		kept[a.Submission] = true
		if _, ok := order[a.Submission]; !ok {
			order[a.Submission] = len(props) + len(order)
		}
		out = append(out, Line{a.Submission, a.Award, a.Override, a.Revoked != nil})
	}
	for _, p := range props {
		if p.Award != "" && !kept[p.Submission.ID()] {
			out = append(out, Line{Submission: p.Submission.ID(), Award: p.Award})
		}
	}
	slices.SortStableFunc(out, func(a, b Line) int {
		return cmp.Or(cmp.Compare(Level(a.Award), Level(b.Award)), cmp.Compare(order[a.Submission], order[b.Submission]))
	})
	return out
}

// Level is an award's place in Levels (0 for 特等奖), len(Levels) for no or an unknown award.
func Level(award string) int {
	for i, l := range Levels {
		if l == award {
			return i
		}
	}
	return len(Levels)
}

// Current returns the lines of results (nil results: none).
func Current(r *content.Results) []Line {
	if r == nil {
		return nil
	}
	out := make([]Line, len(r.Awards))
	for i, a := range r.Awards {
		out[i] = Line{a.Submission, a.Award, a.Override, a.Revoked != nil}
	}
	return out
}

// SameAwards tells whether a and b give the same awards with the same reasons, in any order.
func SameAwards(a, b []Line) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[Line]int{}
	for _, l := range a {
		m[l]++
	}
	for _, l := range b {
		if m[l] == 0 {
			return false
		}
		m[l]--
	}
	return true
}
