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
	ls := scoredLines(y, out)
	experts, sums := make([]string, len(ls.slot)), make([]float64, len(ls.slot))
	j := 0 // the line's index in ls.slot
	for _, r := range y.Reviews {
		for _, line := range r.Scores {
			k := ls.slot[j]
			j++
			sc := ls.scored[k]
			if sc == nil {
				continue
			}
			if conflict != nil && conflict(r.Expert, sc.Submission.Unit) {
				sc.Conflicted = append(sc.Conflicted, r.Expert)
				continue
			}
			tenths := 0
			for _, s := range line.Scores {
				tenths += int(math.Round(s.Value * 10))
			}
			sum := float64(tenths) / 10
			if sc.Sums == nil { // room for all the submission's lines, in one array for all
				from, to := ls.from[k], ls.from[k+1]
				sc.Experts, sc.Sums = experts[from:from:to], sums[from:from:to]
			}
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

// linesScored numbers the IDs the reviews score, in the order they first come.
type linesScored struct {
	slot   []int32  // each line's ID's number, the reviews' lines one after the other
	scored []*Score // by number, the submission's score in out; nil for an ID no submission has
	from   []int    // by number, where its lines' room begins (one more: the end)
}

// scoredLines finds the submission of each line the reviews hold, without making a string
// of any submission's ID (the keys are the lines' own), and counts each one's lines: at
// 100,000 submissions an ID made for each, a map lookup for each line and the experts'
// and sums' slices grown one line at a time were some 700,000 allocations a ranking.
func scoredLines(y *content.Year, out []Score) linesScored {
	lines := 0
	for _, r := range y.Reviews {
		lines += len(r.Scores)
	}
	ls := linesScored{slot: make([]int32, 0, lines)}
	number := map[string]int32{}
	var count []int
	for _, r := range y.Reviews {
		for _, line := range r.Scores {
			k, ok := number[line.Submission]
			if !ok {
				k = int32(len(number))
				number[line.Submission] = k
				count = append(count, 0)
			}
			count[k]++
			ls.slot = append(ls.slot, k)
		}
	}
	ls.scored = make([]*Score, len(number))
	var id []byte
	for i := range out {
		id = out[i].Submission.AppendID(id[:0])
		if k, ok := number[string(id)]; ok {
			ls.scored[k] = &out[i] // the last of an ID, as a map by ID would hold
		}
	}
	ls.from = make([]int, len(number)+1)
	for k, n := range count {
		ls.from[k+1] = ls.from[k] + n
	}
	return ls
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
