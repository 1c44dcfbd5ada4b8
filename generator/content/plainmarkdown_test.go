package content

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// isPlainMarkdownRef is IsPlainMarkdown as it was written first: the text validated whole,
// then each line's checks one after another.
func isPlainMarkdownRef(src string) bool {
	if !utf8.ValidString(src) {
		return false
	}
	for rest := src; rest != ""; {
		line, more, _ := strings.Cut(rest, "\n")
		rest = more
		if line == "" {
			continue
		}
		if line[0] == ' ' || line[len(line)-1] == ' ' || listNumber(line) || containsWWW(line) {
			return false
		}
		if level, text := PlainHeading(line); level > 0 {
			line = text
		} else if line[0] == '#' {
			return false
		}
		for i := 0; i < len(line); i++ {
			if c := line[i]; c < utf8.RuneSelf && !plainByte(c) {
				return false
			}
		}
	}
	return true
}

// TestPlainMarkdownMatchesRef: IsPlainMarkdown answers as isPlainMarkdownRef for 200,000
// bodies made of what either looks at: headings and their look-alikes, list numbers,
// www. in any case and cut short, spaces at the ends of lines, ASCII it refuses, and
// valid and invalid UTF-8 (cut characters, surrogates, overlong forms, U+FFFD itself).
func TestPlainMarkdownMatchesRef(t *testing.T) {
	pieces := []string{"工", "改进", "a", "Z", "9", ".", ",", "%", " ", "\n", "\n\n", "# ", "## ", "####### ", "#", "1. ", "12.", "www.", "WwW.", "ww", "w.",
		"-", "*", "[", "<", "\t", "\xff", "\xe4\xb8", "\xed\xa0\x80", "\xc0\xaf", "\xf0\x9f\x98\x80", "\ufffd", "é", "\u2028", "\xe2\x80"}
	r := rand.New(rand.NewPCG(11, 12))
	plain := 0
	for range 200000 {
		var b strings.Builder
		for range r.IntN(10) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		got, want := IsPlainMarkdown(s), isPlainMarkdownRef(s)
		if got != want {
			t.Fatalf("IsPlainMarkdown(%q) = %v, want %v", s, got, want)
		}
		if got {
			plain++
		}
	}
	if plain < 1000 {
		t.Fatalf("only %d plain bodies", plain)
	}
}

// FuzzPlainMarkdown: IsPlainMarkdown answers as isPlainMarkdownRef for any text.
func FuzzPlainMarkdown(f *testing.F) {
	f.Add("## 标题\n改进了 www.x 工\xff")
	f.Add("1. 工\n\n# a b")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsPlainMarkdown(s), isPlainMarkdownRef(s); got != want {
			t.Fatalf("IsPlainMarkdown(%q) = %v, want %v", s, got, want)
		}
	})
}

// containsWWW reports whether line holds www. in any case.
func containsWWW(line string) bool {
	for i := 0; i+4 <= len(line); i++ {
		if line[i]|0x20 == 'w' && line[i+1]|0x20 == 'w' && line[i+2]|0x20 == 'w' && line[i+3] == '.' {
			return true
		}
	}
	return false
}

// BenchmarkIsPlainMarkdown reads 2,000 bodies much as the synthetic tree's are (CJK
// paragraphs and headings), and, to compare, as isPlainMarkdownRef does.
func BenchmarkIsPlainMarkdown(b *testing.B) {
	para := strings.Repeat("南站化验室针对刮板输送机的接线方式问题试制了检测电路，群众满意度提升，累计处理258处，节约65.7万元。", 4)
	var bodies []string
	for i := range 2000 {
		bodies = append(bodies, "## 情况说明\n\n"+para+"\n\n"+para[:len(para)/(1+i%3)]+"\n\n## 效果\n\n"+para)
	}
	for _, f := range []struct {
		name string
		is   func(string) bool
	}{{"one-pass", IsPlainMarkdown}, {"ref", isPlainMarkdownRef}} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				for _, s := range bodies {
					if !f.is(s) {
						b.Fatal("not plain")
					}
				}
			}
		})
	}
}
