package award

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"wuxiao/generator/content"
)

// sub makes a submission of unit/slug submitted on day (YYYY-MM-DD).
func sub(id, day string) *content.Submission {
	unit, slug, _ := strings.Cut(id, "/")
	d, err := content.ParseDate(day)
	if err != nil {
		panic(err)
	}
	return &content.Submission{Unit: unit, Slug: slug, Year: 2023, Submitted: d}
}

// review is one expert's file: submission id → rubric sum (one rubric key "all").
func review(expert string, sums map[string]int) *content.Review {
	r := &content.Review{Expert: expert}
	for id, v := range sums {
		r.Scores = append(r.Scores, content.ScoreLine{Submission: id, Scores: content.RubricScores{{Key: "all", Value: float64(v)}}})
	}
	return r
}

func year(minReviews int, quotas map[string]int, minScores map[string]float64, subs []*content.Submission, reviews ...*content.Review) *content.Year {
	return &content.Year{
		Year:        2023,
		Competition: &content.Competition{MinReviews: minReviews, Quotas: quotas, MinScores: minScores},
		Submissions: subs,
		Reviews:     reviews,
	}
}

// experts gives n experts e1..en the sums for submission id.
func experts(id string, sums ...int) []*content.Review {
	out := make([]*content.Review, len(sums))
	for i, s := range sums {
		out[i] = review(fmt.Sprintf("e%d", i+1), map[string]int{id: s})
	}
	return out
}

func TestMean(t *testing.T) {
	tests := []struct {
		name string
		sums []float64
		want float64
	}{
		{"none", nil, 0},
		{"one expert", []float64{77}, 77},
		{"four experts: plain mean, nothing dropped", []float64{60, 80, 90, 100}, 82.5},
		{"five experts: highest and lowest dropped", []float64{60, 80, 90, 100, 70}, 80},
		{"five experts with equal extremes drop one each", []float64{90, 90, 80, 80, 85}, 85},
		{"six experts", []float64{10, 100, 50, 60, 70, 80}, 65},
		{"fraction kept", []float64{90, 84, 85}, 259.0 / 3},
		{"half points add up exactly", []float64{85.5, 84.5}, 85},
		{"tenths", []float64{0.1, 0.2}, 0.15},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Mean(tc.sums); got != tc.want {
				t.Errorf("Mean(%v) = %v, want %v", tc.sums, got, tc.want)
			}
		})
	}
}

func TestScores(t *testing.T) {
	a, b := "u1/a", "u2/b"
	tests := []struct {
		name     string
		y        *content.Year
		conflict Conflict
		want     string // per submission in order: id score experts conflicted ranked rank
	}{
		{"four experts: mean of all four",
			year(3, nil, nil, []*content.Submission{sub(a, "2023-09-01")}, experts(a, 60, 80, 90, 100)...), nil,
			"u1/a 82.50 n=4 c=0 rank=1"},
		{"five experts: trimmed mean",
			year(3, nil, nil, []*content.Submission{sub(a, "2023-09-01")}, experts(a, 60, 80, 90, 100, 70)...), nil,
			"u1/a 80.00 n=5 c=0 rank=1"},
		{"a conflicted expert's score is excluded, and with it the trimming",
			year(3, nil, nil, []*content.Submission{sub(a, "2023-09-01")}, experts(a, 60, 80, 90, 100, 20)...),
			func(expert, unit string) bool { return expert == "e5" && unit == "u1" },
			"u1/a 82.50 n=4 c=1 rank=1"},
		{"too few reviews: not ranked, listed last",
			year(3, nil, nil, []*content.Submission{sub(a, "2023-09-01"), sub(b, "2023-09-01")},
				review("e1", map[string]int{a: 99, b: 50}), review("e2", map[string]int{a: 99, b: 50}), review("e3", map[string]int{b: 50})), nil,
			"u2/b 50.00 n=3 c=0 rank=1\nu1/a 99.00 n=2 c=0 unranked"},
		{"a conflict can leave too few reviews",
			year(2, nil, nil, []*content.Submission{sub(a, "2023-09-01")}, experts(a, 80, 90)...),
			func(expert, unit string) bool { return expert == "e1" },
			"u1/a 90.00 n=1 c=1 unranked"},
		{"ties share a rank; order by submitted, then id",
			year(1, nil, nil, []*content.Submission{sub("u3/c", "2023-09-02"), sub(b, "2023-09-01"), sub(a, "2023-09-02"), sub("u4/d", "2023-09-01")},
				review("e1", map[string]int{"u3/c": 80, b: 80, a: 80, "u4/d": 70})), nil,
			"u2/b 80.00 n=1 c=0 rank=1\nu1/a 80.00 n=1 c=0 rank=1\nu3/c 80.00 n=1 c=0 rank=1\nu4/d 70.00 n=1 c=0 rank=4"},
		{"reviews of unknown submissions are ignored",
			year(1, nil, nil, []*content.Submission{sub(a, "2023-09-01")}, review("e1", map[string]int{a: 70, "zz/z": 99})), nil,
			"u1/a 70.00 n=1 c=0 rank=1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var lines []string
			for _, s := range Scores(tc.y, tc.conflict) {
				l := fmt.Sprintf("%s %.2f n=%d c=%d", s.Submission.ID(), s.Value, len(s.Sums), len(s.Conflicted))
				if s.Ranked {
					l += fmt.Sprintf(" rank=%d", s.Rank)
				} else {
					l += " unranked"
				}
				lines = append(lines, l)
			}
			if got := strings.Join(lines, "\n"); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestSortScoresAsStable: sortScores orders scores as sort.SliceStable with before does
// (the contract's order, the file order where all else ties), for years of random
// scores, dates and ids (units one of which begins another, with a character before and
// after "/" next), repeated ids included.
func TestSortScoresAsStable(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	units := []string{"a", "a-1", "a0", "ab", "b", "b.c", "a/b"} // "a/b" for a unit no file can have: the order is still ID's
	for range 300 {
		n := r.IntN(60)
		in := make([]Score, n)
		for i := range in {
			s := sub("u/"+string(rune('p'+r.IntN(4))), fmt.Sprintf("2023-09-%02d", 1+r.IntN(3)))
			s.Unit = units[r.IntN(len(units))]
			in[i] = Score{Submission: s, Value: float64(r.IntN(4)) * 10, Ranked: r.IntN(3) > 0}
			in[i].Sums = []float64{float64(i)} // tells equal scores apart after sorting
		}
		want := slices.Clone(in)
		sort.SliceStable(want, func(i, j int) bool { return before(&want[i], &want[j]) })
		got := slices.Clone(in)
		sortScores(got)
		for i := range got {
			if got[i].Sums[0] != want[i].Sums[0] {
				t.Fatalf("%d scores: at %d got %s (#%v), sort.SliceStable %s (#%v)", n, i,
					got[i].Submission.ID(), got[i].Sums[0], want[i].Submission.ID(), want[i].Sums[0])
			}
		}
	}
}

// before is the contract's ranking order as Scores sorted by it with sort.SliceStable
// before sortScores: the reference sortScores is held to.
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

// BenchmarkScores100k ranks a year of 100,000 submissions of which one in ten is
// scored, as the synthetic tree's are.
func BenchmarkScores100k(b *testing.B) {
	var subs []*content.Submission
	var lines []content.ScoreLine
	for i := range 100000 {
		id := fmt.Sprintf("u%05d/s%06d", i/10, i)
		subs = append(subs, sub(id, fmt.Sprintf("2023-09-%02d", 1+i%28)))
		if i%10 == 0 {
			lines = append(lines, content.ScoreLine{Submission: id, Scores: content.RubricScores{{Key: "all", Value: float64(60 + i%40)}}})
		}
	}
	y := year(1, nil, nil, subs, &content.Review{Expert: "e1", Scores: lines})
	for b.Loop() {
		Scores(y, nil)
	}
}

// TestScoresMakeNoIDOfUnscored: ranking a year makes no string or map entry for each
// submission, only for those the reviews score (one in ten here): at 100,000 submissions
// an ID made for every one was 100,000 allocations at each ranking.
func TestScoresMakeNoIDOfUnscored(t *testing.T) {
	const n = 10000
	var subs []*content.Submission
	var lines []content.ScoreLine
	for i := range n {
		id := fmt.Sprintf("u%05d/s%06d", i/10, i)
		subs = append(subs, sub(id, fmt.Sprintf("2023-09-%02d", 1+i%28)))
		if i%10 == 0 {
			lines = append(lines, content.ScoreLine{Submission: id, Scores: content.RubricScores{{Key: "all", Value: float64(60 + i%40)}}})
		}
	}
	y := year(1, nil, nil, subs, &content.Review{Expert: "e1", Scores: lines})
	if allocs := testing.AllocsPerRun(3, func() { Scores(y, nil) }); allocs > n/2 {
		t.Errorf("Scores made %.0f allocations for %d submissions, %d scored; want under %d", allocs, n, len(lines), n/2)
	}
}

// TestScoresGrowNothingPerLine: ranking a year whose submissions each have three reviews
// makes no allocation per submission or line: the experts' and sums' slices are cut from
// one array each, sized by the lines counted (they grew one line at a time, 1, 2, 4).
func TestScoresGrowNothingPerLine(t *testing.T) {
	const n = 10000
	var subs []*content.Submission
	reviews := []*content.Review{{Expert: "e1"}, {Expert: "e2"}, {Expert: "e3"}}
	for i := range n {
		id := fmt.Sprintf("u%05d/s%06d", i/10, i)
		subs = append(subs, sub(id, fmt.Sprintf("2023-09-%02d", 1+i%28)))
		for k, r := range reviews {
			r.Scores = append(r.Scores, content.ScoreLine{Submission: id, Scores: content.RubricScores{{Key: "all", Value: float64(60 + (i+k)%40)}}})
		}
	}
	y := year(3, nil, nil, subs, reviews...)
	if allocs := testing.AllocsPerRun(3, func() { Scores(y, nil) }); allocs > n/10 {
		t.Errorf("Scores made %.0f allocations for %d submissions of 3 lines each; want under %d", allocs, n, n/10)
	}
}
