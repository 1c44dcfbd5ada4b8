package content

import (
	"strings"
	"testing"
)

// TestTypingSlipLooksOnlyWhereASlipCanBe: a front matter with neither a Chinese colon
// nor a full-width space (nearly every file) is passed over without splitting it into
// lines (each of the 10,000 submissions paid for that and three regular expressions a
// line); a slip is still found on its line, and block text is still skipped.
func TestTypingSlipLooksOnlyWhereASlipCanBe(t *testing.T) {
	clean := []byte(strings.Repeat("title: 皮带输送机自动纠偏装置\nauthors:\n  - {name: 张文, role: 主要完成人}\nsummary: >\n  一号井焊接班，累计处理153处。\n", 20))
	if n := testing.AllocsPerRun(10, func() {
		if _, _, _, found := typingSlip(clean, false); found {
			t.Fatal("a slip found in a clean file")
		}
	}); n != 0 {
		t.Errorf("typingSlip of a clean file: %v allocations", n)
	}
	for _, tc := range []struct {
		in        string
		failed    bool
		line, col int
	}{
		{"title: 甲\nsummary：乙\n", false, 2, 8},
		{"title: 甲\n　summary: 乙\n", false, 2, 1},
		{"title: 甲\nsummary: |\n  说明：见附件\n  　缩进\nunit: 乙\n", false, 0, 0},
		{"title: 甲：乙\n", false, 0, 0},
		{"title: \"甲\nunit: 乙\n", true, 1, 8},
		{"title: \"甲\nunit: 乙\n", false, 0, 0},
	} {
		line, col, _, found := typingSlip([]byte(tc.in), tc.failed)
		if found != (tc.line > 0) || line != tc.line || col != tc.col {
			t.Errorf("typingSlip(%q, %v) = line %d col %d found %v, want line %d col %d", tc.in, tc.failed, line, col, found, tc.line, tc.col)
		}
	}
}
