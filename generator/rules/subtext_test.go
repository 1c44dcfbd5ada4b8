package rules

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// passageRef is subText.passage as it was, on the text joined.
func passageRef(t subText, text string, from, to int) PassageText {
	pt := PassageText{Text: text[from:to]}
	switch s := t.sub; {
	case from < t.summary:
		pt.Pos = s.Pos.At("title")
		pt.Pos.Col += utf8.RuneCountInString(text[:from])
	case from < t.body:
		pt.Pos = s.Pos.At("summary")
		pt.Pos.Col += utf8.RuneCountInString(text[t.summary:from])
	default:
		before := text[t.body:from]
		lineStart := strings.LastIndexByte(before, '\n') + 1
		pt.Pos = diag.Pos{File: s.File, Line: s.BodyLine + strings.Count(before, "\n"), Col: utf8.RuneCountInString(before[lineStart:]) + 1}
	}
	if pt.Pos.File == "" {
		pt.Pos.File = t.sub.File
	}
	return pt
}

// TestSubTextMatchesJoined: a submission's text, read from its parts, is the title,
// summary and body joined by newlines: every slice of it, and every passage's text and
// position, within a part or across the newlines between them, empty parts included.
func TestSubTextMatchesJoined(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 7))
	pieces := []string{"皮", "a", "\n", " ", "带", ""}
	text := func() string {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	for range 500 {
		s := &content.Submission{Title: text(), Summary: text(), Body: text(), File: "content/2023/submissions/u/s.md", BodyLine: 12}
		st := newSubText(s)
		joined := s.Title + "\n" + s.Summary + "\n" + s.Body
		for from := 0; from <= len(joined); from++ {
			for to := from; to <= len(joined); to++ {
				if got := st.slice(from, to); got != joined[from:to] {
					t.Fatalf("%q: slice(%d, %d) = %q, want %q", joined, from, to, got, joined[from:to])
				}
				if got, want := st.passage(from, to), passageRef(st, joined, from, to); got != want {
					t.Fatalf("%q: passage(%d, %d) = %+v, want %+v", joined, from, to, got, want)
				}
			}
		}
	}
}
