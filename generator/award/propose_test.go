package award

import (
	"fmt"
	"strings"
	"testing"

	"wuxiao/generator/content"
)

func TestPropose(t *testing.T) {
	subs := func(ids ...string) []*content.Submission {
		out := make([]*content.Submission, len(ids))
		for i, id := range ids {
			day := "2023-09-01"
			if strings.HasSuffix(id, "late") {
				day = "2023-09-20"
			}
			out[i] = sub(id, day)
		}
		return out
	}
	tests := []struct {
		name      string
		quotas    map[string]int
		minScores map[string]float64
		subs      []*content.Submission
		sums      map[string]int
		skip      map[string]bool
		want      string
	}{
		{"quotas in order, the rest get nothing",
			map[string]int{"一等奖": 1, "二等奖": 1, "三等奖": 1}, nil,
			subs("u/a", "u/b", "u/c", "u/d"), map[string]int{"u/a": 90, "u/b": 80, "u/c": 70, "u/d": 60}, nil,
			"u/a 一等奖, u/b 二等奖, u/c 三等奖, u/d -"},
		{"a tie at a quota boundary: the earlier submission takes the last place",
			map[string]int{"一等奖": 1, "二等奖": 1}, nil,
			subs("u/a-late", "u/b", "u/c"), map[string]int{"u/a-late": 85, "u/b": 85, "u/c": 70}, nil,
			"u/b 一等奖, u/a-late 二等奖, u/c -"},
		{"a tie on the same day: the smaller id first",
			map[string]int{"一等奖": 1, "二等奖": 2}, nil,
			subs("u/b", "u/a"), map[string]int{"u/a": 85, "u/b": 85}, nil,
			"u/a 一等奖, u/b 二等奖"},
		{"an award without quota is passed over",
			map[string]int{"二等奖": 1, "三等奖": 1}, nil,
			subs("u/a", "u/b"), map[string]int{"u/a": 99, "u/b": 98}, nil,
			"u/a 二等奖, u/b 三等奖"},
		{"minimum scores: too low for a higher award falls to a lower one",
			map[string]int{"特等奖": 1, "一等奖": 1, "二等奖": 2}, map[string]float64{"特等奖": 92, "一等奖": 85, "二等奖": 75},
			subs("u/a", "u/b", "u/c"), map[string]int{"u/a": 90, "u/b": 84, "u/c": 74}, nil,
			"u/a 一等奖, u/b 二等奖, u/c -"},
		{"equal scores below a minimum share the lower award",
			map[string]int{"一等奖": 2, "二等奖": 2}, map[string]float64{"一等奖": 85},
			subs("u/a", "u/b"), map[string]int{"u/a": 84, "u/b": 84}, nil,
			"u/a 二等奖, u/b 二等奖"},
		{"skipped submissions are passed over and keep no place",
			map[string]int{"一等奖": 1, "二等奖": 1}, nil,
			subs("u/a", "u/b", "u/c"), map[string]int{"u/a": 90, "u/b": 80, "u/c": 70}, map[string]bool{"u/a": true},
			"u/a -, u/b 一等奖, u/c 二等奖"},
		{"once one reaches no minimum, none after it gets an award",
			map[string]int{"一等奖": 5}, map[string]float64{"一等奖": 80},
			subs("u/a", "u/b"), map[string]int{"u/a": 79, "u/b": 79}, nil,
			"u/a -, u/b -"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			y := year(1, tc.quotas, tc.minScores, tc.subs, review("e1", tc.sums))
			var got []string
			for _, p := range Propose(y.Competition, Scores(y, nil), tc.skip) {
				a := p.Award
				if a == "" {
					a = "-"
				}
				got = append(got, fmt.Sprintf("%s %s", p.Submission.ID(), a))
			}
			if s := strings.Join(got, ", "); s != tc.want {
				t.Errorf("got  %s\nwant %s", s, tc.want)
			}
		})
	}
}

func TestTooFewReviewsGetNoAward(t *testing.T) {
	y := year(2, map[string]int{"一等奖": 2}, nil, []*content.Submission{sub("u/a", "2023-09-01"), sub("u/b", "2023-09-01")},
		review("e1", map[string]int{"u/a": 95, "u/b": 60}), review("e2", map[string]int{"u/b": 60}))
	for _, p := range Propose(y.Competition, Scores(y, nil), nil) {
		if want := map[string]string{"u/a": "", "u/b": "一等奖"}[p.Submission.ID()]; p.Award != want {
			t.Errorf("%s: got %q, want %q", p.Submission.ID(), p.Award, want)
		}
	}
}
