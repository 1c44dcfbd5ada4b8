package diag

import (
	"fmt"
	"strings"
	"unicode"
)

// printable is s with its control characters (but tab) and bidirectional controls written
// as escapes (\x1b, \u202e): the text format goes to terminals, and a file's name or a
// quoted value must not move the cursor, retitle the window or reverse what follows.
func printable(s string) string {
	if strings.IndexFunc(s, hidden) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !hidden(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// hidden tells whether r acts on a terminal rather than showing.
func hidden(r rune) bool {
	return r != '\t' && unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}
