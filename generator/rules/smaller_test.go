package rules_test

import (
	"strings"
	"testing"
)

// TestSmallerHoles: the smaller items of the attacker's review, each refused at its place.
func TestSmallerHoles(t *testing.T) {
	const sub = "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
	type edit struct{ file, old, new string }
	for _, tc := range []struct {
		name  string
		edits []edit
		want  string
	}{
		{"ESC in an author's name", []edit{{sub, "{name: 李明,", `{name: "李\e[8m明",`}}, sub + ":8:12: schema: "},
		{"NUL in an author's name", []edit{{sub, "{name: 李明,", `{name: "李\0明",`}}, sub + ":8:12: schema: "},
		{"RLO in an author's name", []edit{{sub, "{name: 李明,", `{name: "李` + "\u202e" + `明",`}}, sub + ":8:12: schema: "},
		{"bidi isolate in a unit name", []edit{{"content/units.yaml", "name: 城区总工会", "name: 城区\u2067总工会"}}, "content/units.yaml:6:9: schema: "},
		{"U+FFFF in an author's name (an escape: it broke the 表彰决定's DOCX)", []edit{{sub, "{name: 李明,", `{name: "李\uFFFF明",`}}, sub + ":8:12: schema: "},
		{"U+FFFE in an author's name", []edit{{sub, "{name: 李明,", `{name: "李\uFFFE明",`}}, sub + ":8:12: schema: "},
		{"LRM in a title", []edit{{sub, "title: 皮带", "title: \u200e皮带"}}, sub + ":2:8: schema: "},
		{"the same person as two experts", []edit{
			{"content/experts.yaml", "- id: e03", "- id: e05\n  name: 陈 工\n  affiliation: chengqu\n- id: e03"},
			{"content/2023/reviews/e02.yaml", "", ""},
		}, "content/2023/reviews/e05.yaml:2:3: review: "},
		{"a commendation listing a result twice", []edit{{"content/2023/commendations/kuangqu-mine1/2023-wuxiao.yaml", "award: 一等奖}", "award: 一等奖}\n  - {submission: kuangqu-mine1/pidai-jiupian, award: 二等奖}"}}, "content/2023/commendations/kuangqu-mine1/2023-wuxiao.yaml:5:18: "},
		{"economic 1.7e308", []edit{{sub, "economic: 35.6", "economic: 1.7e308"}}, sub + ":14:13: schema: "},
		{"a line break in a commendation's 文号 (the desk put it into a commit message's second line)", []edit{{"content/2023/commendations/kuangqu-mine1/2023-wuxiao.yaml", "doc: 一矿工会发〔2023〕6号", `doc: "一矿工会发〔2023〕6号\nSigned-off-by: Mallory"`}}, "content/2023/commendations/kuangqu-mine1/2023-wuxiao.yaml:1:6: schema: 表彰文件文号"},
		{"a line break in the decision's 文号", []edit{{"content/2023/results.yaml", "doc: 阳工发〔2023〕68号", "doc: |\n  阳工发〔2023〕68号\n  阳工发〔2023〕69号"}}, "content/2023/results.yaml:3:6: schema: 表彰决定文号"},
		{"a carriage return in the notice's 文号", []edit{{"content/2023/competition.yaml", "doc: 阳工发〔2023〕10号", `doc: "阳工发〔2023〕10号\r"`}}, "content/2023/competition.yaml:3:6: schema: 通知文号"},
		{"an e-mail address in a commendation's 文号 (published)", []edit{{"content/2023/commendations/kuangqu-mine1/2023-wuxiao.yaml", "doc: 一矿工会发〔2023〕6号", "doc: 一矿工会发〔2023〕6号 li@example.org"}}, "content/2023/commendations/kuangqu-mine1/2023-wuxiao.yaml:1:6: pii: 表彰文件文号"},
		{"a mobile number in the decision's 文号 (published)", []edit{{"content/2023/results.yaml", "doc: 阳工发〔2023〕68号", "doc: 阳工发〔2023〕68号 13903530001"}}, "content/2023/results.yaml:3:6: pii: 表彰决定文号"},
		{"a line break in a ban's 文号", []edit{{"content/banned.yaml", "doc: 阳工发〔2022〕41号", `doc: "阳工发〔2022〕41号\n"`}}, "content/banned.yaml:5:8: schema: 禁止申报文号"},
		{"a negative quota", []edit{{"content/2023/competition.yaml", "二等奖: 2, 三等奖: 2}", "二等奖: 2, 三等奖: -2}"}}, "content/2023/competition.yaml:9:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := baseTree(t)
			for _, e := range tc.edits {
				if e.file == "content/2023/reviews/e02.yaml" { // the second expert copies the first's scores
					fsys["content/2023/reviews/e05.yaml"] = fsys[e.file]
					continue
				}
				f := fsys[e.file]
				if !strings.Contains(string(f.Data), e.old) {
					t.Fatalf("%s has no %q", e.file, e.old)
				}
				f.Data = []byte(strings.Replace(string(f.Data), e.old, e.new, 1))
			}
			if out := check(t, fsys, "2024-06-01"); !strings.Contains(out, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, out)
			}
		})
	}
}

// TestYearZero: a year folder must be a plausible year.
func TestYearZero(t *testing.T) {
	fsys := baseTree(t)
	fsys["content/0000/competition.yaml"] = fsys["content/2023/competition.yaml"]
	if out := check(t, fsys, "2024-06-01"); !strings.Contains(out, "content/0000/competition.yaml:1:1: path: ") {
		t.Errorf("year 0000 accepted:\n%s", out)
	}
}
