package content

import (
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// IsPlainMarkdown reports whether src is the Markdown most descriptions are: ATX headings
// (# to ###### and a space) and paragraphs, their lines made of letters, digits, . , %
// and inner spaces and of characters beyond ASCII, none of which the dialect gives a
// meaning to. It is false for anything else: a line starting with a space, a list's
// number or anything but a heading's #, a space at a line's end, www. (which autolinking
// makes a link of), any other ASCII character, invalid UTF-8. In such a body each line is
// blank (between paragraphs), a heading (PlainHeading) or a line of a paragraph, and the
// search's plain text and the site's HTML are written without a parse (goldmark's was
// a fifth of a second of a build at 10,000 results); their tests hold each to the parse.
//
// Each line is read once, its characters of three bytes checked in place (utf8.ValidString
// of the whole text, then the line's checks one after another, read CJK text three times:
// TestPlainMarkdownMatchesRef and FuzzPlainMarkdown hold it to that).
func IsPlainMarkdown(src string) bool {
	for rest := src; rest != ""; {
		line, more, _ := strings.Cut(rest, "\n")
		rest = more
		if line == "" {
			continue
		}
		if line[0] == ' ' || line[len(line)-1] == ' ' || listNumber(line) {
			return false
		}
		if level, text := PlainHeading(line); level > 0 {
			line = text // the heading's marks hold no www. nor anything else to refuse
		} else if line[0] == '#' {
			return false
		}
		for i := 0; i < len(line); {
			c := line[i]
			switch {
			case c < utf8.RuneSelf:
				if !plainByte(c) || c|0x20 == 'w' && i+4 <= len(line) && line[i+1]|0x20 == 'w' && line[i+2]|0x20 == 'w' && line[i+3] == '.' {
					return false
				}
				i++
			case (c >= 0xE1 && c <= 0xEC || c >= 0xEE) && c <= 0xEF && i+2 < len(line) && line[i+1]&0xC0 == 0x80 && line[i+2]&0xC0 == 0x80:
				i += 3 // three bytes, never overlong or a surrogate after these leads
			default:
				r, size := utf8.DecodeRuneInString(line[i:])
				if r == utf8.RuneError && size == 1 {
					return false
				}
				i += size
			}
		}
	}
	return true
}

// PlainHeading is the level and text of line as an ATX heading of a plain body (one to
// six #, a space, then text that starts with no space), or 0.
func PlainHeading(line string) (level int, text string) {
	for level < len(line) && line[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || level+1 >= len(line) || line[level] != ' ' || line[level+1] == ' ' {
		return 0, ""
	}
	return level, line[level+1:]
}

// plainByte reports whether ASCII c means nothing to the dialect inside a line of text.
func plainByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == ',' || c == '%' || c == ' '
}

// listNumber reports whether line starts as an ordered list's item does: digits, then a
// point and a space or the line's end.
func listNumber(line string) bool {
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i < len(line) && line[i] == '.' && (i+1 == len(line) || line[i+1] == ' ')
}

// PlainLine is a line of a plain body (IsPlainMarkdown) that is not blank.
type PlainLine struct {
	Level int    // a heading's level (PlainHeading); 0 for a line of a paragraph
	Text  string // the heading's text, or the line
	// Continues is true for a paragraph's line after another of the same paragraph, and
	// Joined when the soft line break between the two disappears (BreakJoins).
	Continues, Joined bool
}

// EachPlainLine calls f with each line of the plain body src that is not blank, in
// order: the one reading of such a body that the site's HTML and the search's plain
// text are written from without a parse.
func EachPlainLine(src string, f func(PlainLine)) {
	inPara := false
	var last rune // the last character of the line before
	for rest := src; rest != ""; {
		line, more, _ := strings.Cut(rest, "\n")
		rest = more
		if line == "" {
			inPara = false
			continue
		}
		l := PlainLine{Text: line}
		if level, text := PlainHeading(line); level > 0 {
			l.Level, l.Text, inPara = level, text, false
		} else if inPara {
			first, _ := utf8.DecodeRuneInString(line)
			l.Continues, l.Joined = true, BreakJoins(last, first)
		} else {
			inPara = true
		}
		last, _ = utf8.DecodeLastRuneInString(line)
		f(l)
	}
}

// BreakJoins says whether a soft line break between the characters last and first
// disappears on the page: between two East Asian wide characters, as goldmark's CJK
// extension renders it (WithEastAsianLineBreaks, its simple style).
func BreakJoins(last, first rune) bool {
	return util.IsEastAsianWideRune(last) && util.IsEastAsianWideRune(first)
}
