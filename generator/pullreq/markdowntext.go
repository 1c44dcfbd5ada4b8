package pullreq

import "strings"

// zwsp is the zero-width space written after an @ or # that a name or number follows,
// and inside what would be a bare web address: the forges find mentions, references
// and addresses in the text Markdown gives, where a backslash no longer is.
const zwsp = "\u200b"

// MarkdownText is s (typed in a form, or read from content) as plain text of one line
// in a pull request's Markdown body, which the forge shows to everyone on the pull
// request: the characters that start Markdown's and HTML's inline constructs are escaped
// with a backslash (no image loaded from another host, no link, emphasis, code, raw
// HTML or math), and so is what would start a heading, list or quote where s begins a
// line; a zero-width space breaks each @name and #number (a notification to whoever is
// named, a reference) and each bare web address. It reads as s did; a file name, a date
// or a 文号 keeps its - / . : unescaped.
func MarkdownText(s string) string {
	s = OneLine(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	lead := len(s) - len(strings.TrimLeft(s, "0123456789")) // an ordered list's number
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(inlineMarks, c) >= 0 || i == lead && strings.IndexByte(lineStartMarks(lead), c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
		rest := s[i+1:]
		switch {
		case (c == '@' || c == '#') && rest != "" && isWordByte(rest[0]),
			c == ':' && strings.HasPrefix(rest, "//"),
			(c == 'w' || c == 'W') && len(rest) >= 3 && strings.EqualFold(rest[:3], "ww."):
			b.WriteString(zwsp)
		}
	}
	return b.String()
}

// inlineMarks start Markdown's inline constructs (GitHub's $ math among them) or HTML.
const inlineMarks = "\\`*_[]()<>!#|~&$"

// lineStartMarks are what starts a list, a heading's underline or a quote at the start of
// a line, or, after digits digits there, an ordered list.
func lineStartMarks(digits int) string {
	if digits > 0 {
		return ".)"
	}
	return "-+=>"
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-'
}
