package search

import "testing"

func TestPlain(t *testing.T) {
	p := NewPlain()
	for _, tc := range []struct{ md, want string }{
		{"", ""},
		{"## 情况说明\n\n皮带输送机", "情况说明\n皮带输送机"},
		{"改进了皮带\n输送机的托辊", "改进了皮带输送机的托辊"}, // a soft break between Chinese characters joins them
		{"PLC\ncontrol", "PLC control"},
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
