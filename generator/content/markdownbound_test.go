package content

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCrowdedParagraphMatchesRef: crowdedParagraph finds what crowdedParagraphScan finds
// in 3,000 bodies of paragraphs, blank lines, headings, list items and fences holding up to
// 1,300 marks, a paragraph of exactly MaxInlineMarks and of one more among them (fails
// with a body of MaxInlineMarks+1 marks passed over).
func TestCrowdedParagraphMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	marks := []byte("*_~[]()")
	found := 0
	for k := range 3000 {
		var b bytes.Buffer
		switch k % 3 {
		case 0: // one paragraph of MaxInlineMarks+k%2 marks, and text
			for range MaxInlineMarks + k/3%2 {
				b.WriteByte(marks[r.IntN(len(marks))])
				if r.IntN(5) == 0 {
					b.WriteString("字 ")
				}
			}
		default:
			for range r.IntN(60) {
				switch r.IntN(8) {
				case 0:
					b.WriteString("\n")
				case 1:
					b.WriteString("# 标题\n")
				case 2:
					b.WriteString("- 一项\n")
				case 3:
					b.WriteString("```\n" + string(bytes.Repeat([]byte("*"), r.IntN(200))) + "\n```\n")
				default:
					for range r.IntN(80) {
						b.WriteByte(marks[r.IntN(len(marks))])
					}
					b.WriteString("正文\n")
				}
			}
		}
		gl, gm := crowdedParagraph(b.Bytes())
		wl, wm := crowdedParagraphScan(b.Bytes())
		if gl != wl || gm != wm {
			t.Fatalf("body %d: line %d, %d marks; crowdedParagraphScan line %d, %d marks", k, gl, gm, wl, wm)
		}
		if wl > 0 {
			found++
		}
	}
	if found < 500 || found > 2500 {
		t.Fatalf("%d of 3,000 bodies crowded", found)
	}
}

// TestWideTable: a table's cells are its delimiter row's columns times its rows (goldmark
// pads every row to the heading's columns); over MaxTableCells the heading's line is found,
// in a quote too, and not in fenced code.
func TestWideTable(t *testing.T) {
	table := func(cols, rows int) string {
		return strings.Repeat("|a", cols) + "|\n" + strings.Repeat("|-", cols) + "|\n" + strings.Repeat("a\n", rows)
	}
	for _, tc := range []struct {
		name, body       string
		line, cols, rows int
	}{
		{"an ordinary table", "说明\n\n| 项目 | 数量 |\n| :--- | ---: |\n| 托辊 | 3 |\n", 0, 0, 0},
		{"at the bound", table(100, 99), 0, 0, 0},
		{"one row over", table(100, 100), 1, 100, 101},
		{"6,000 columns over 6,000 lines", "正文\n\n" + table(6000, 6000), 3, 6000, 6001},
		{"after a blank line the rows end", table(200, 10) + "\n" + strings.Repeat("a\n", 100000), 0, 0, 0},
		{"in a quote", "> " + strings.ReplaceAll(table(300, 40), "\n", "\n> "), 1, 300, 42},
		{"no pipe, no table", strings.Repeat("a\n---\n", 5000), 0, 0, 0},
		{"in fenced code", "```\n" + table(300, 300) + "```\n", 0, 0, 0},
		{"a dash line under nothing", "\n" + strings.Repeat("|-", 300) + "|\n" + strings.Repeat("a\n", 300), 0, 0, 0},
	} {
		line, cols, rows := wideTable([]byte(tc.body))
		if line != tc.line || cols != tc.cols || rows != tc.rows {
			t.Errorf("%s: line %d, %d × %d; want line %d, %d × %d", tc.name, line, cols, rows, tc.line, tc.cols, tc.rows)
		}
	}
}
