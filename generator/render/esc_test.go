package render

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEscMatchesTemplate: esc writes what html/template writes for a string in text and
// in a quoted attribute, for 50,000 random strings of the bytes it replaces, ASCII,
// ideographs, cut and invalid sequences (fails with a replacement changed or a byte left
// out of the table).
func TestEscMatchesTemplate(t *testing.T) {
	text := template.Must(template.New("t").Parse(`{{.}}`))
	attr := template.Must(template.New("a").Parse(`<a title="{{.}}">`))
	pieces := []string{"\x00", `"`, "&", "'", "+", "<", ">", "a", " ", "=", "`", "工", "情况", "\xe4\xb8", "\xff", "😀", "\u00a0", "\\", "%", "#"}
	r := rand.New(rand.NewPCG(11, 12))
	var got, want bytes.Buffer
	for range 50000 {
		var sb strings.Builder
		for range r.IntN(16) {
			sb.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := sb.String()
		got.Reset()
		want.Reset()
		esc(&got, s)
		if err := text.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("esc(%q) = %q, html/template in text %q", s, got.String(), want.String())
		}
		want.Reset()
		if err := attr.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if a := `<a title="` + got.String() + `">`; a != want.String() {
			t.Fatalf("esc(%q) in an attribute: %q, html/template %q", s, a, want.String())
		}
	}
}
