package content

import (
	"bytes"
	"math/rand/v2"
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
