package diag

import (
	"strings"
	"testing"
	"unicode"
)

// TestTextCarriesNoControlCharacters: a finding's text, which check prints to the
// terminal of whoever runs it on a pull request, shows the control characters a file's
// name or a quoted value holds as escapes: a proof named with ESC ] 0 ; … BEL would
// otherwise retitle the terminal, ESC [ 2 K erase the line before it, a right-to-left
// override reverse what follows.
func TestTextCarriesNoControlCharacters(t *testing.T) {
	var l List
	l.Add(Diagnostic{Pos: Pos{File: "content/2026/attachments/u/x\x1b]0;PWNED\a\x1b[2K.pdf", Line: 1, Col: 1}, Rule: "path",
		Msg: "名称“\x1b[31m红\u202e字\x7f\u0085”不合规"})
	text := l.Text()
	for _, r := range strings.TrimSuffix(text, "\n") {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			t.Fatalf("a control character %U in %q", r, text)
		}
	}
	for _, want := range []string{`x\x1b]0;PWNED\x07\x1b[2K.pdf:1:1`, `\x1b[31m红\u202e字\x7f\x85`} {
		if !strings.Contains(text, want) {
			t.Errorf("%q lacks %q", text, want)
		}
	}
	if plain := "content/a.md:3:4: schema: 标题（title）必填\tx"; printable(plain) != plain {
		t.Errorf("plain text changed: %q", printable(plain))
	}
}
