package rules

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestBodyChars: bodyChars counts what the description's rule counted before, the
// characters left once every kind of white space is taken out (strings.Fields joined),
// without making those strings: ASCII and Unicode spaces, ideographs, invalid bytes; and
// it stops counting at the most it is asked for.
func TestBodyChars(t *testing.T) {
	pieces := []string{" ", "\t", "\n", "\r", "\v", "\f", "\u0085", "\u00a0", "\u3000", "\u2028", "\u200b", "\ufeff", "a", "情况",
		"，", "\xff", "\xe4\xb8", "😀", "1"}
	r := rand.New(rand.NewPCG(3, 5))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(20) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		want := utf8.RuneCountInString(strings.Join(strings.Fields(s), ""))
		if got := bodyChars(s, 1<<30); got != want {
			t.Fatalf("bodyChars(%q) = %d, want %d", s, got, want)
		}
		if atMost := r.IntN(12); bodyChars(s, atMost) != min(want, atMost) {
			t.Fatalf("bodyChars(%q, %d) = %d, want %d", s, atMost, bodyChars(s, atMost), min(want, atMost))
		}
	}
}
