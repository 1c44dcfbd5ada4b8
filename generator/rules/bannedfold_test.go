package rules_test

import (
	"strings"
	"testing"
	"wuxiao/generator/content"
	"wuxiao/generator/rules"
)

// TestBannedNameFolded: a banned person written with spaces, invisible characters, a
// traditional character, full width or another middle dot is the same person.
func TestBannedNameFolded(t *testing.T) {
	const sub = "content/2023/submissions/energy-power/peidian-xunjian.md"
	for _, tc := range []struct{ banned, written string }{
		{"钱某", "钱 某"},
		{"钱某", "钱　某"},
		{"钱某", "钱\u200b某"},
		{"钱某", "錢某"},
		{"钱某", "钱\u3164某"},
		{"阿依古丽·买买提", "阿依古丽•买买提"},
		{"阿依古丽·买买提", "阿依古丽・买买提"},
		{"阿依古丽·买买提", "阿依古丽.买买提"},
		{"阿依古丽·买买提", "阿依古丽买买提"},
		{"Zhang San", "ＺＨＡＮＧ　ＳＡＮ"},
	} {
		t.Run(tc.written, func(t *testing.T) {
			fsys := baseTree(t)
			fsys["content/banned.yaml"].Data = []byte(strings.Replace(string(fsys["content/banned.yaml"].Data), "钱某", tc.banned, 1))
			data := string(fsys[sub].Data)
			i := strings.Index(data, "{name: ") + len("{name: ")
			j := i + strings.IndexAny(data[i:], ",}")
			fsys[sub].Data = []byte(data[:i] + "\"" + tc.written + "\"" + data[j:])
			out := check(t, fsys, "2024-06-01")
			if !strings.Contains(out, sub) || !strings.Contains(out, ": banned: ") {
				t.Errorf("no banned error on %s:\n%s", sub, out)
			}
		})
	}
}

// TestNamesFoldedEverywhere: the registries' uniqueness and the expert-as-author check
// compare folded names too.
func TestNamesFoldedEverywhere(t *testing.T) {
	fsys := baseTree(t)
	units := string(fsys["content/units.yaml"].Data)
	fsys["content/units.yaml"].Data = []byte(units + "- id: chengqu2\n  name: 城區 總工會\n  type: county\n  parent: yq\n")
	if out := check(t, fsys, "2024-06-01"); !strings.Contains(out, "content/units.yaml:") || !strings.Contains(out, "单位名称 \"城區 總工會\" 重复") {
		t.Errorf("a unit named again in traditional characters is not a duplicate:\n%s", out)
	}
	e := &content.Expert{Name: "刘工"}
	s := &content.Submission{Authors: []content.Author{{Name: "刘\u200b工"}}}
	if !rules.IsAuthor(e, s) {
		t.Error("an expert among the authors with an invisible character is not found")
	}
}
