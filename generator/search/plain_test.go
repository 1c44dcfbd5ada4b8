package search

import (
	"testing"

	"wuxiao/generator/testtree"
)

func TestPlain(t *testing.T) {
	p := NewPlain()
	for _, tc := range []struct{ md, want string }{
		{"", ""},
		{"## 情况说明\n\n皮带输送机", "情况说明\n皮带输送机"},
		{"改进了皮带\n输送机的托辊", "改进了皮带输送机的托辊"}, // a soft break between Chinese characters joins them
		{"PLC\ncontrol", "PLC control"},
		{"托辊\nPLC\n控制", "托辊 PLC 控制"}, // a break with a narrow character on either side stays a space
		{"**加粗**和*斜体*、`代码`", "加粗和斜体、代码"},
		{"见[说明](https://example.org/a)与<https://example.org/b>", "见说明与https://example.org/b"},
		{"- 甲\n- 乙\n\n1. 丙", "甲\n乙\n丙"},
		{"| 项目 | 数量 |\n|---|---|\n| 托辊 | 3 |", "项目\n数量\n托辊\n3"},
		{"> 引用\n\n---\n\n正文", "引用\n正文"},
		{"```\ncode 行\n```", "code 行"},
		{"A &amp; B \\* C &#x4E2D;", "A & B * C 中"},
		{"第一行  \n第二行", "第一行\n第二行"},
		{"![图片说明](a.png)", "图片说明"},
	} {
		if got := p.Text(tc.md); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.md, got, tc.want)
		}
	}
}

// TestPlainQuick: wherever quickText answers, it gives what the parse gives, on the demo
// content's and a synthetic tree's bodies (of which it must answer for nearly all of the
// synthetic ones) and on 100,000 bodies made of text, headings, blank lines and the
// characters and line starts Markdown gives a meaning to.
func TestPlainQuick(t *testing.T) {
	p := NewPlain()
	same := func(name, src string) bool {
		got, ok := quickText(src)
		if !ok {
			return false
		}
		if want := p.parsedText(src); got != want {
			t.Fatalf("%s: quickText(%q) = %q, the parse gives %q", name, src, got, want)
		}
		return true
	}
	testtree.QuickPath(t, "quickText", 7, same)
}

// FuzzPlainQuick: wherever quickText answers, it gives what the parse gives.
func FuzzPlainQuick(f *testing.F) {
	f.Add("## 情况说明\n\n改进了皮带\n输送机的托辊，节约15.1万元。\nPLC\ncontrol")
	p := NewPlain()
	f.Fuzz(func(t *testing.T, src string) {
		if got, ok := quickText(src); ok {
			if want := p.parsedText(src); got != want {
				t.Fatalf("quickText(%q) = %q, the parse gives %q", src, got, want)
			}
		}
	})
}
