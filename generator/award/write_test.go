package award

import (
	"strings"
	"testing"
)

func TestRewrite(t *testing.T) {
	example := `status: final
notice: {from: 2023-12-05, to: 2023-12-11}
doc: 阳工发〔2023〕68号
awards:
  - {submission: kuangqu-mine1/pidai-jiupian, award: 一等奖}
  - {submission: jiaoqu-farm/dapeng-tongfeng, award: 二等奖}
winning_units: [kuangqu, jiaoqu]
`
	tests := []struct {
		name  string
		old   string
		lines []Line
		want  string
	}{
		{"a new file is a draft", "", []Line{{"a/b", "一等奖", "", false}, {"c/d", "二等奖", "", false}},
			"status: draft\nawards:\n  - {submission: a/b, award: 一等奖}\n  - {submission: c/d, award: 二等奖}\n"},
		{"a new file without awards", "", nil, "status: draft\nawards: []\n"},
		{"the same awards give the same bytes", example,
			[]Line{{"kuangqu-mine1/pidai-jiupian", "一等奖", "", false}, {"jiaoqu-farm/dapeng-tongfeng", "二等奖", "", false}}, example},
		{"changed, added and dropped lines; other keys kept", example,
			[]Line{{"jiaoqu-farm/dapeng-tongfeng", "一等奖", "", false}, {"x/y", "三等奖", "", false}},
			`status: final
notice: {from: 2023-12-05, to: 2023-12-11}
doc: 阳工发〔2023〕68号
awards:
  - {submission: jiaoqu-farm/dapeng-tongfeng, award: 一等奖}
  - {submission: x/y, award: 三等奖}
winning_units: [kuangqu, jiaoqu]
`},
		{"comments and overrides kept",
			"# 2023 年\nstatus: draft # 草稿\nawards:\n  # 评委会 11 月 30 日决定\n  - {submission: a/b, award: 二等奖, override: 评委会认为推广价值突出：见纪要}\n  - {submission: c/d, award: 一等奖}\ncorrections: []\n",
			[]Line{{"c/d", "一等奖", "", false}, {"a/b", "二等奖", "评委会认为推广价值突出：见纪要", false}},
			"# 2023 年\nstatus: draft # 草稿\nawards:\n  - {submission: c/d, award: 一等奖}\n  # 评委会 11 月 30 日决定\n  - {submission: a/b, award: 二等奖, override: 评委会认为推广价值突出：见纪要}\ncorrections: []\n"},
		{"a block-style line keeps its style", "status: draft\nawards:\n  - submission: a/b\n    award: 二等奖\n",
			[]Line{{"a/b", "一等奖", "", false}}, "status: draft\nawards:\n  - submission: a/b\n    award: 一等奖\n"},
		{"a new override is quoted when it must be", "status: draft\nawards: []\n", []Line{{"a/b", "一等奖", "理由: 见纪要 #3", false}},
			"status: draft\nawards:\n  - {submission: a/b, award: 一等奖, override: '理由: 见纪要 #3'}\n"},
		{"no awards key yet", "status: draft\n", []Line{{"a/b", "三等奖", "", false}},
			"status: draft\nawards:\n  - {submission: a/b, award: 三等奖}\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Rewrite([]byte(tc.old), tc.lines)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			again, err := Rewrite(got, tc.lines)
			if err != nil || string(again) != string(got) {
				t.Errorf("a second rewrite changed the file:\n%s", again)
			}
		})
	}
}

func TestRewriteRefusesNonsense(t *testing.T) {
	for _, old := range []string{"- a\n- b\n", "status: [\n"} {
		if _, err := Rewrite([]byte(old), nil); err == nil || !strings.Contains(err.Error(), "results.yaml") {
			t.Errorf("%q: want an error naming results.yaml, got %v", old, err)
		}
	}
}

// FuzzRewrite: any results.yaml either is refused or rewritten stably, never a panic.
func FuzzRewrite(f *testing.F) {
	f.Add("status: final\nnotice: {from: 2023-12-05, to: 2023-12-11}\nawards:\n  - {submission: a/b, award: 一等奖}\n", "a/b", "二等奖", "")
	f.Add("# c\nstatus: draft\nawards: []\n", "x/y", "三等奖", "理由: #1")
	f.Add("awards: &a [*a]\n", "a/b", "一等奖", "")
	f.Add("", "a/b", "特等奖", "'\"")
	f.Fuzz(func(t *testing.T, old, sub, award, override string) {
		lines := []Line{{sub, award, override, false}}
		got, err := Rewrite([]byte(old), lines)
		if err != nil {
			return
		}
		again, err := Rewrite(got, lines)
		if err != nil {
			t.Fatalf("rewritten file refused: %v\n%s", err, got)
		}
		if string(again) != string(got) {
			t.Fatalf("not stable:\n%s\n---\n%s", got, again)
		}
	})
}
