package rules_test

import (
	"strings"
	"testing"
)

const resultsFile = "content/2023/results.yaml"

// TestFailingUnawardedIsPassedOver: a high-scoring result that fails another rule and is
// left out of results.yaml takes no place, so the others move up and nothing is "missing".
func TestFailingUnawardedIsPassedOver(t *testing.T) {
	fsys := baseTree(t)
	delete(fsys, "content/2023/commendations/kuangqu/2023-wuxiao.yaml")
	mutate(t, fsys, resultsFile, "  - {submission: kuangqu-mine1/pidai-jiupian, award: 一等奖}\n", "")
	got := check(t, fsys, "2024-06-01")
	want := "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md:2:1: prior-commendation: 矿区总工会在组织推进阶段截止日 2023-09-30 前没有推荐（表彰）本成果"
	if !strings.HasPrefix(got, want) || strings.Count(got, "\n") != 1 {
		t.Fatalf("got:\n%s\nwant only one line starting:\n%s", got, want)
	}
}

// TestStatusTransitions: draft → notice → final, each with what it needs [五(三)].
func TestStatusTransitions(t *testing.T) {
	const final = "status: final\nnotice: {from: 2023-12-05, to: 2023-12-11}\ndoc: 阳工发〔2023〕68号\n"
	tests := []struct {
		name, head, now string
		want            string // "" for clean, else a line the report must contain
	}{
		{"draft needs nothing", "status: draft\n", "2023-12-01", ""},
		{"notice without a window", "status: notice\n", "2023-12-06",
			resultsFile + ":1:9: results: 状态为 notice 时须填写公示期 notice: {from, to}"},
		{"notice window backwards", "status: notice\nnotice: {from: 2023-12-11, to: 2023-12-05}\n", "2023-12-06",
			resultsFile + ":2:32: results: 公示期结束日期 2023-12-05 早于开始日期 2023-12-11"},
		{"notice in its window", "status: notice\nnotice: {from: 2023-12-05, to: 2023-12-11}\n", "2023-12-06", ""},
		{"final on the last day of the notice window", final, "2023-12-11",
			resultsFile + ":1:9: results: 公示期到 2023-12-11 才结束，公示期满之前不能定为 final"},
		{"final the day after the window", final, "2023-12-12", ""},
		{"final without a document number", "status: final\nnotice: {from: 2023-12-05, to: 2023-12-11}\n", "2023-12-12",
			resultsFile + ":1:9: results: 状态为 final（表彰）时须填写表彰决定文号 doc"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := baseTree(t)
			delete(fsys, "content/2023/cases/pidai-jiupian.md") // dated after the notice window
			mutate(t, fsys, resultsFile, final, tc.head)
			got := check(t, fsys, tc.now)
			if tc.want == "" && got != "" {
				t.Fatalf("want no diagnostics, got:\n%s", got)
			}
			if !strings.Contains(got, tc.want) {
				t.Fatalf("want a line\n  %s\ngot:\n%s", tc.want, got)
			}
		})
	}
}
