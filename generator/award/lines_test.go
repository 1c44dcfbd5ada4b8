package award

import (
	"fmt"
	"strings"
	"testing"

	"wuxiao/generator/content"
)

func TestDecide(t *testing.T) {
	y := year(1, map[string]int{"一等奖": 1, "二等奖": 1, "三等奖": 1}, nil,
		[]*content.Submission{sub("u/a", "2023-09-01"), sub("u/b", "2023-09-01"), sub("u/c", "2023-09-01"), sub("u/d", "2023-09-01")},
		review("e1", map[string]int{"u/a": 90, "u/b": 80, "u/c": 70, "u/d": 60}))
	props := Propose(y.Competition, Scores(y, nil), nil)
	existing := []content.CityAward{
		{Submission: "u/c", Award: "一等奖"},                    // no reason: back to the score order
		{Submission: "u/d", Award: "二等奖", Override: "现场复核"},  // reason: kept
		{Submission: "x/gone", Award: "三等奖", Override: "特批"}, // kept even though unknown: the rule reports it
	}
	var got []string
	for _, l := range Decide(props, existing) {
		got = append(got, fmt.Sprintf("%s %s %s", l.Submission, l.Award, l.Override))
	}
	want := "u/a 一等奖 ; u/b 二等奖 ; u/d 二等奖 现场复核; u/c 三等奖 ; x/gone 三等奖 特批"
	if s := strings.Join(got, "; "); s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
}

func TestSameAwards(t *testing.T) {
	a := []Line{{"u/a", "一等奖", "", false}, {"u/b", "二等奖", "", false}}
	if !SameAwards(a, []Line{a[1], a[0]}) {
		t.Error("order should not matter")
	}
	if SameAwards(a, []Line{{"u/a", "一等奖", "", false}, {"u/b", "二等奖", "理由", false}}) {
		t.Error("a new reason is a change")
	}
	if SameAwards(a, a[:1]) {
		t.Error("a dropped line is a change")
	}
}

func TestWinning(t *testing.T) {
	units := []*content.Unit{
		{ID: "yq", Type: "city"},
		{ID: "big", Type: "county", Parent: "yq"}, {ID: "small", Type: "county", Parent: "yq"}, {ID: "idle", Type: "direct", Parent: "yq"},
		{ID: "big-1", Type: "grassroots", Parent: "big"}, {ID: "big-2", Type: "grassroots", Parent: "big"},
		{ID: "big-3", Type: "grassroots", Parent: "big"}, {ID: "big-4", Type: "grassroots", Parent: "big"},
		{ID: "small-1", Type: "grassroots", Parent: "small"}, {ID: "idle-1", Type: "grassroots", Parent: "idle"},
	}
	y := &content.Year{Submissions: []*content.Submission{
		sub("big-1/a", "2023-09-01"), sub("big-2/b", "2023-09-01"), sub("big-2/c", "2023-09-01"), sub("small-1/d", "2023-09-01"),
	}}
	lines := []Line{{"big-1/a", "特等奖", "", false}, {"big-2/b", "一等奖", "", false}, {"big-2/c", "三等奖", "", false}, {"small-1/d", "二等奖", "", false}}
	bodies, grassroots := Winning(units, y, lines)
	var got []string
	for _, s := range bodies {
		got = append(got, fmt.Sprintf("%s %d %v %d/%d %.2f", s.Unit.ID, s.Points, s.Awards, s.TookPart, s.Registered, s.PerUnit))
	}
	// big has more points (14) but spread over four registered units: 3.50 each; small has 3 for its one.
	if s, want := strings.Join(got, "; "), "big 14 [1 1 0 1] 2/4 3.50; small 3 [0 0 1 0] 1/1 3.00"; s != want {
		t.Errorf("bodies:\ngot  %s\nwant %s", s, want)
	}
	got = got[:0]
	for _, s := range grassroots {
		got = append(got, fmt.Sprintf("%s %d", s.Unit.ID, s.Points))
	}
	if s, want := strings.Join(got, "; "), "big-1 8; big-2 6; small-1 3"; s != want {
		t.Errorf("grassroots:\ngot  %s\nwant %s", s, want)
	}
}

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "一等奖": 6, "阳工发〔2023〕68号": 18, "ｘ１": 4} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestDecideKeepsRevoked: award --write keeps a revoked line (v2) as written, in its place;
// nobody moves up into its award.
func TestDecideKeepsRevoked(t *testing.T) {
	y := year(1, map[string]int{"一等奖": 1, "二等奖": 1}, nil,
		[]*content.Submission{sub("u/a", "2023-09-01"), sub("u/b", "2023-09-01"), sub("u/c", "2023-09-01")},
		review("e1", map[string]int{"u/a": 90, "u/b": 80, "u/c": 70}))
	props := Propose(y.Competition, Scores(y, nil), nil)
	existing := []content.CityAward{
		{Submission: "u/a", Award: "一等奖", Revoked: &content.Revocation{Doc: "撤〔2024〕1号", Reason: "冒用"}},
		{Submission: "u/b", Award: "二等奖"},
	}
	var got []string
	for _, l := range Decide(props, existing) {
		got = append(got, fmt.Sprintf("%s %s %v", l.Submission, l.Award, l.Revoked))
	}
	if s, want := strings.Join(got, "; "), "u/a 一等奖 true; u/b 二等奖 false"; s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
}
