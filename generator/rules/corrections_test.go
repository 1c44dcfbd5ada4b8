package rules

import (
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

func TestCheckCorrections(t *testing.T) {
	a1 := []string{"u/a 一等奖", "u/b 二等奖"}
	a2 := []string{"u/a 一等奖", "u/b 三等奖"}
	cur := func(status string, corrections int, lines ...string) *content.Results {
		r := &content.Results{Status: status, Corrections: make([]content.Correction, corrections)}
		for _, l := range lines {
			sub, award, _ := strings.Cut(l, " ")
			r.Awards = append(r.Awards, content.CityAward{Submission: sub, Award: award})
		}
		return r
	}
	v := func(commit, status string, corrections int, awards []string) Version {
		return Version{Commit: commit, Date: "2023-12-12", Status: status, Corrections: corrections, Awards: awards}
	}
	tests := []struct {
		name    string
		current *content.Results
		history []Version
		want    string // substring of the one expected message, "" for none
	}{
		{"never final: anything goes", cur("draft", 0, a2...), []Version{v("c1", "draft", 0, a1), v("c2", "notice", 0, a1)}, ""},
		{"final, unchanged, order of lines does not matter", cur("final", 0, "u/b 二等奖", "u/a 一等奖"), []Version{v("c1", "notice", 0, a1), v("c2", "final", 0, a1)}, ""},
		{"changed in the work tree", cur("final", 0, a2...), []Version{v("c1", "final", 0, a1)}, "奖项改动了 1 次（始于工作区中的改动），corrections 中只新增了 0 条"},
		{"changed in the work tree with a correction", cur("final", 1, a2...), []Version{v("c1", "final", 0, a1)}, ""},
		{"changed before final: no correction needed", cur("final", 0, a2...), []Version{v("c1", "notice", 0, a1), v("c2", "final", 0, a2)}, ""},
		{"changed in a commit after final", cur("final", 0, a2...), []Version{v("c1", "final", 0, a1), v("c2", "final", 0, a2)}, "始于提交 c2"},
		{"a later correction also covers an earlier commit", cur("final", 1, a2...), []Version{v("c1", "final", 0, a1), v("c2", "final", 0, a2)}, ""},
		{"corrections that existed at final do not count", cur("final", 1, a2...), []Version{v("c1", "final", 1, a1)}, "只新增了 0 条"},
		{"back to draft", cur("draft", 0, a1...), []Version{v("c1", "final", 0, a1)}, "不能改回 draft"},
		{"deleted", nil, []Version{v("c1", "final", 0, a1)}, "results.yaml 不能删除"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out diag.List
			CheckCorrections("content/2023/results.yaml", tc.current, tc.history, &out)
			got := out.Text()
			if tc.want == "" && got != "" || tc.want != "" && (strings.Count(got, "\n") != 1 || !strings.Contains(got, tc.want)) {
				t.Errorf("got:\n%swant one line containing %q", got, tc.want)
			}
		})
	}
}
