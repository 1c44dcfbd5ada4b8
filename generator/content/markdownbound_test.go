package content

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// crowdedParagraphRef is crowdedParagraph as it was before it counted the body's marks
// first, the reference TestCrowdedParagraphMatchesRef holds it to.
func crowdedParagraphRef(body []byte) (line, marks int) {
	start, count, fence := 0, 0, []byte(nil)
	for n, rest := 1, body; len(rest) > 0; n++ {
		l, next, _ := cutLine(rest)
		rest = next
		trimmed := bytes.TrimLeft(l, " ")
		indent := len(l) - len(trimmed)
		if fence != nil {
			if indent < 4 && bytes.HasPrefix(trimmed, fence) {
				fence = nil
			}
			continue
		}
		switch {
		case len(bytes.TrimSpace(l)) == 0:
			start, count = 0, 0
			continue
		case indent < 4 && (bytes.HasPrefix(trimmed, []byte("```")) || bytes.HasPrefix(trimmed, []byte("~~~"))):
			fence = trimmed[:3]
			start, count = 0, 0
			continue
		case indent < 4 && startsBlock(trimmed):
			start, count = 0, 0
		}
		if start == 0 {
			start = n
		}
		for _, c := range l {
			switch c {
			case '*', '_', '~', '[', ']', '(', ')':
				count++
			}
		}
		if count > MaxInlineMarks {
			return start, count
		}
	}
	return 0, 0
}

// TestCrowdedParagraphMatchesRef: crowdedParagraph finds what crowdedParagraphRef finds
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
		wl, wm := crowdedParagraphRef(b.Bytes())
		if gl != wl || gm != wm {
			t.Fatalf("body %d: line %d, %d marks; crowdedParagraphRef line %d, %d marks", k, gl, gm, wl, wm)
		}
		if wl > 0 {
			found++
		}
	}
	if found < 500 || found > 2500 {
		t.Fatalf("%d of 3,000 bodies crowded", found)
	}
}
