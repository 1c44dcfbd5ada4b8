// Package award computes the city's scores, ranks and proposed awards from the experts' reviews.
package award

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"wuxiao/generator/content"
)

// Score is one submission's standing after the experts' reviews.
type Score struct {
	Submission *content.Submission
	Experts    []string  // experts whose scores count, in file order
	Conflicted []string  // experts whose scores were excluded for a conflict of interest
	Sums       []float64 // each counted expert's rubric sum (one decimal), aligned with Experts
	Value      float64   // mean of Sums, trimmed when five or more experts count
	Ranked     bool      // it has at least min_reviews counted reviews
	Rank       int       // 1-based among ranked submissions; ties share a rank; 0 when not ranked
}

// Conflict tells whether an expert may not score a unit's submission.
type Conflict func(expert, unit string) bool

// Scores computes every submission's score in y, ordered as the contract ranks them:
// ranked first, by score (highest first), then submitted (earliest first), then ID.
func Scores(y *content.Year, conflict Conflict) []Score {
	out := make([]Score, len(y.Submissions))
	for i, s := range y.Submissions {
		out[i] = Score{Submission: s}
	}
	slot, scored := scoredByID(y, out)
	for _, r := range y.Reviews {
		for _, line := range r.Scores {
			sc := scored[slot[line.Submission]]
			if sc == nil {
				continue
			}
			if conflict != nil && conflict(r.Expert, sc.Submission.Unit) {
				sc.Conflicted = append(sc.Conflicted, r.Expert)
				continue
			}
			tenths := 0
			for _, v := range line.Scores {
				tenths += int(math.Round(v * 10))
			}
			sum := float64(tenths) / 10
			sc.Experts = append(sc.Experts, r.Expert)
			sc.Sums = append(sc.Sums, sum)
		}
	}
	minReviews := 1
	if y.Competition != nil && y.Competition.MinReviews > 0 {
		minReviews = y.Competition.MinReviews
	}
	for i := range out {
		out[i].Value = Mean(out[i].Sums)
		out[i].Ranked = len(out[i].Sums) >= minReviews
	}
	sortScores(out)
	rank := 0
	for i := range out {
		if !out[i].Ranked {
			break
		}
		if i == 0 || out[i].Value != out[i-1].Value {
			rank = i + 1
		}
		out[i].Rank = rank
	}
	return out
}

// scoredByID numbers the IDs the reviews score (slot) and gives each its score in out
// (one a submission of y, in order), nil for an ID no submission has. It makes no
// string of a submission's ID (the keys are the reviews' own): at 100,000 submissions
// an ID made for each was 100,000 allocations at every ranking.
func scoredByID(y *content.Year, out []Score) (slot map[string]int, scored []*Score) {
	slot = map[string]int{}
	for _, r := range y.Reviews {
		for _, line := range r.Scores {
			if _, ok := slot[line.Submission]; !ok {
				slot[line.Submission] = len(slot)
			}
		}
	}
	scored = make([]*Score, len(slot))
	var id []byte
	for i := range out {
		id = out[i].Submission.AppendID(id[:0])
		if k, ok := slot[string(id)]; ok {
			scored[k] = &out[i] // the last of an ID, as a map by ID would hold
		}
	}
	return slot, scored
}

// sortScores orders scores as the contract ranks them (ranked first, by score highest
// first, then submitted earliest first, then ID), those tied in file order: their places
// are sorted and the scores then moved once each, where sort.SliceStable moved the
// scores themselves again and again (a year of 100,000 submissions took 130-290 ms).
func sortScores(scores []Score) {
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := &scores[i], &scores[j]
		switch {
		case a.Ranked != b.Ranked:
			return boolOrder(a.Ranked)
		case a.Value != b.Value:
			return cmp.Compare(b.Value, a.Value)
		case !a.Submission.Submitted.Equal(b.Submission.Submitted.Time):
			return boolOrder(a.Submission.Submitted.Before(b.Submission.Submitted.Time))
		}
		return cmp.Or(compareID(a.Submission, b.Submission), cmp.Compare(i, j))
	})
	// Score k goes to where order says, following each cycle of the permutation once;
	// a place done is marked by its complement.
	for k := range order {
		if order[k] < 0 {
			continue
		}
		held := scores[k]
		at := k
		for {
			from := order[at]
			order[at] = ^from
			if from == k {
				scores[at] = held
				break
			}
			scores[at] = scores[from]
			at = from
		}
	}
}

// compareID compares a.ID() with b.ID() (unit/slug) without making them.
func compareID(a, b *content.Submission) int {
	if a.Unit == b.Unit {
		return strings.Compare(a.Slug, b.Slug)
	}
	m := min(len(a.Unit), len(b.Unit))
	if c := strings.Compare(a.Unit[:m], b.Unit[:m]); c != 0 {
		return c
	}
	// One unit begins the other: its "/" meets the other's next byte.
	switch {
	case len(a.Unit) < len(b.Unit) && b.Unit[m] != '/':
		return cmp.Compare(byte('/'), b.Unit[m])
	case len(b.Unit) < len(a.Unit) && a.Unit[m] != '/':
		return cmp.Compare(a.Unit[m], byte('/'))
	}
	return strings.Compare(a.ID(), b.ID())
}

// boolOrder is -1 when first comes first, else 1.
func boolOrder(first bool) int {
	if first {
		return -1
	}
	return 1
}

// Mean is the contract's score of a list of rubric sums: the plain mean, or with five
// or more the mean after dropping one highest and one lowest.
func Mean(sums []float64) float64 {
	if len(sums) == 0 {
		return 0
	}
	// Scores have at most one decimal: count in tenths so that sums are exact.
	tenths := func(x float64) int { return int(math.Round(x * 10)) }
	total, lo, hi := 0, tenths(sums[0]), tenths(sums[0])
	for _, s := range sums {
		t := tenths(s)
		total += t
		lo, hi = min(lo, t), max(hi, t)
	}
	n := len(sums)
	if n >= 5 {
		total -= lo + hi
		n -= 2
	}
	return float64(total) / float64(n*10)
}
