package ruleset

import (
	"fmt"
	"strings"
	"testing"

	"wuxiao/generator/award"
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
)

// resultsYear is a year of n submissions u<k/10>/s<k>, one in ten scored by one expert
// (the later the higher), under quotas of one 特等奖, two 一等奖 and three 二等奖.
func resultsYear(n int, awards []content.CityAward) (*content.Tree, *content.Year) {
	y := &content.Year{
		Year:        2023,
		Competition: &content.Competition{MinReviews: 1, Quotas: map[string]int{"特等奖": 1, "一等奖": 2, "二等奖": 3}},
		Results:     &content.Results{Status: "draft", Awards: awards},
	}
	var lines []content.ScoreLine
	for i := range n {
		d, _ := content.ParseDate(fmt.Sprintf("2023-09-%02d", 1+i%28))
		s := &content.Submission{Unit: fmt.Sprintf("u%05d", i/10), Slug: fmt.Sprintf("s%06d", i), Year: 2023, Submitted: d,
			File: fmt.Sprintf("content/2023/submissions/u%05d/s%06d.md", i/10, i)}
		y.Submissions = append(y.Submissions, s)
		if i%10 == 0 {
			lines = append(lines, content.ScoreLine{Submission: s.ID(), Scores: content.RubricScores{{Key: "all", Value: float64(i % 1000)}}})
		}
	}
	y.Reviews = []*content.Review{{Expert: "e1", Scores: lines}}
	return &content.Tree{Years: []*content.Year{y}}, y
}

func runResults(tree *content.Tree, failing map[string]bool) []string {
	var out diag.List
	checkResults(&rules.Context{Tree: tree, Index: content.NewIndex(tree), Failing: failing}, &out)
	var msgs []string
	for _, d := range out.Items() {
		msgs = append(msgs, d.Msg)
	}
	return msgs
}

// TestResultsMissingAndWrongAwards: the awards the scores propose but results.yaml leaves
// out are named in score order, one listed twice is an error, and one given the wrong
// award is told the proposed one, whatever the number of submissions.
func TestResultsMissingAndWrongAwards(t *testing.T) {
	// Scores i%1000 for i = 0, 10, …: the highest are 990 (u00099/s000990, u00199/s001990, …).
	tree, _ := resultsYear(3000, []content.CityAward{
		{Submission: "u00099/s000990", Award: "特等奖"},
		{Submission: "u00199/s001990", Award: "二等奖"},
		{Submission: "u00099/s000990", Award: "一等奖"},
	})
	got := runResults(tree, map[string]bool{"content/2023/submissions/u00298/s002980.md": true}) // ineligible: passed over
	want := []string{
		"按评分顺序，成果 u00099/s000990（得分 990.00，第 1 名）应为一等奖，而不是特等奖；如确需调整，请填写 override 说明理由",
		"按评分顺序，成果 u00199/s001990（得分 990.00，第 1 名）应为特等奖，而不是二等奖；如确需调整，请填写 override 说明理由",
		"成果 u00099/s000990 在评选结果中重复出现",
		"按评分顺序应获奖但未列入评选结果：u00299/s002990（990.00 分，应为一等奖）、u00098/s000980（980.00 分，应为二等奖）、u00198/s001980（980.00 分，应为二等奖）、u00297/s002970（970.00 分，应为二等奖）；如确有理由不授奖，请在调整的奖项上填写 override",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// BenchmarkCheckResults100k checks the results of a year of 100,000 submissions, one in
// ten scored, as the synthetic tree's are.
func BenchmarkCheckResults100k(b *testing.B) {
	tree, _ := resultsYear(100000, []content.CityAward{{Submission: "u00099/s000990", Award: "特等奖"}})
	ctx := &rules.Context{Tree: tree, Index: content.NewIndex(tree), Failing: map[string]bool{}}
	b.ReportAllocs()
	for b.Loop() {
		var out diag.List
		checkResults(ctx, &out)
	}
}

// TestResultsMakeNoIDOfEachProposal: checking a year's results makes no string or map
// entry for each submission (one in ten scored here), only for the scored and the
// awarded: at 100,000 submissions a map of every proposal by its ID was 100,000
// allocations and 40 MB more at each check.
func TestResultsMakeNoIDOfEachProposal(t *testing.T) {
	const n = 10000
	tree, _ := resultsYear(n, []content.CityAward{{Submission: "u00099/s000990", Award: "特等奖"}})
	ctx := &rules.Context{Tree: tree, Index: content.NewIndex(tree), Failing: map[string]bool{}}
	if allocs := testing.AllocsPerRun(3, func() { checkResults(ctx, &diag.List{}) }); allocs > n/2 {
		t.Errorf("checkResults made %.0f allocations for %d submissions; want under %d", allocs, n, n/2)
	}
}

// BenchmarkCheckResults100kAllAwarded checks a year of 100,000 submissions each scored
// and listed in the awards, as the synthetic tree's are.
func BenchmarkCheckResults100kAllAwarded(b *testing.B) {
	tree, y := resultsYear(100000, nil)
	var lines []content.ScoreLine
	for i, s := range y.Submissions {
		lines = append(lines, content.ScoreLine{Submission: s.ID(), Scores: content.RubricScores{{Key: "all", Value: float64(i % 1000)}}})
	}
	y.Reviews = []*content.Review{{Expert: "e1", Scores: lines}}
	y.Competition.Quotas = map[string]int{"特等奖": 2000, "一等奖": 10000, "二等奖": 25000, "三等奖": 63000}
	for _, p := range award.Propose(y.Competition, award.Scores(y, nil), nil) {
		y.Results.Awards = append(y.Results.Awards, content.CityAward{Submission: p.Submission.ID(), Award: p.Award})
	}
	if got := runResults(tree, nil); len(got) > 0 {
		b.Fatalf("findings: %q…", got[0])
	}
	ctx := &rules.Context{Tree: tree, Index: content.NewIndex(tree), Failing: map[string]bool{}}
	b.ReportAllocs()
	for b.Loop() {
		var out diag.List
		checkResults(ctx, &out)
	}
}
