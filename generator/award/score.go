// Package award computes the city's scores, ranks and proposed awards from the experts' reviews.
package award

import (
	"math"
	"sort"

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
	byID := map[string]*Score{}
	out := make([]Score, len(y.Submissions))
	for i, s := range y.Submissions {
		out[i] = Score{Submission: s}
		byID[s.ID()] = &out[i]
	}
	for _, r := range y.Reviews {
		for _, line := range r.Scores {
			sc := byID[line.Submission]
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
	sort.SliceStable(out, func(i, j int) bool { return before(&out[i], &out[j]) })
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

// before is the contract's ranking order.
func before(a, b *Score) bool {
	if a.Ranked != b.Ranked {
		return a.Ranked
	}
	if a.Value != b.Value {
		return a.Value > b.Value
	}
	if !a.Submission.Submitted.Equal(b.Submission.Submitted.Time) {
		return a.Submission.Submitted.Before(b.Submission.Submitted.Time)
	}
	return a.Submission.ID() < b.Submission.ID()
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
