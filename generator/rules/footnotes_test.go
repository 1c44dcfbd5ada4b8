package rules_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestFootnoteLabels: a footnote reference with no definition shows on GitHub and on the
// site as the literal "[^2]", and a definition no reference names is shown nowhere; both
// are warnings of the markdown rule at the label. Labels match without regard to case, as
// on GitHub. Text in code is not a reference, nor is an escaped bracket.
func TestFootnoteLabels(t *testing.T) {
	const page = "content/pages/guide.md" // 8 lines; a body appended after a blank line starts at line 10
	missing := func(label string, line, col int) string {
		return diagAt(page, line, col) + "markdown: warning: 脚注 [^" + label + "] 没有定义"
	}
	cased := func(label, def string, line, col int) string {
		return diagAt(page, line, col) + "markdown: warning: 脚注 [^" + label + "] 与定义 [^" + def + "] 只差大小写"
	}
	unused := func(label string, line, col int) string {
		return diagAt(page, line, col) + "markdown: warning: 脚注 [^" + label + "] 的内容没有被正文引用"
	}
	for _, tc := range []struct {
		body string
		want []string // the markdown rule's findings, in order
	}{
		{"效益见附表[^1]。\n\n[^1]: 附表一。", nil},
		{"多处引用[^a]，再次[^a]。\n\n[^a]: 一条。", nil},
		{"效益见附表[^2]。", []string{missing("2", 10, 6)}},
		{"第一[^1]，第二[^2]。\n\n[^1]: 有定义。", []string{missing("2", 10, 10)}},
		{"正文。\n\n[^note]: 没有引用的脚注。", []string{unused("note", 12, 1)}},
		{"正文[^1]。\n\n[^1]: 用了。\n[^2]: 没用。", []string{unused("2", 13, 1)}},
		{"- 列表里[^x]\n\n> 引用里[^y]", []string{missing("x", 10, 6), missing("y", 12, 6)}},
		{"| 表 | 格 |\n|---|---|\n| 单元格[^t] | 2 |", []string{missing("t", 12, 6)}},
		{"**加粗[^b]**", []string{missing("b", 10, 5)}},
		{"代码 `[^1]` 和转义 \\[^2] 都不是脚注。\n\n```\n[^3]\n```\n\n    [^4]", nil},
		{"[链接](https://example.org/[^1])", nil},
		// GitHub matches labels without regard to case, and so does the dialect, except
		// where the two spellings differ in length (ẞ and ß, both "ss" to GitHub)
		{"见[^Note]。\n\n[^note]: 注。", nil},
		{"见[^Note]和[^NOTE]。\n\n[^note]: 注。", nil},
		{"见[^ẞ]。\n\n[^ß]: 注。", []string{cased("ẞ", "ß", 10, 2)}},
	} {
		t.Run(tc.body, func(t *testing.T) {
			fsys := baseTree(t)
			fsys[page].Data = []byte(string(fsys[page].Data) + "\n" + tc.body + "\n")
			var got []string
			for _, line := range strings.Split(check(t, fsys, "2024-06-01"), "\n") {
				if strings.Contains(line, ": markdown: ") {
					got = append(got, line)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("got  %s\nwant %s…", got[i], w)
				}
			}
		})
	}
}

func diagAt(file string, line, col int) string { return fmt.Sprintf("%s:%d:%d: ", file, line, col) }
