package content

import (
	"testing"
	"unicode/utf8"
)

// TestValidUTF8: validUTF8 is utf8.Valid for every sequence of up to three bytes, each
// after a Chinese character and before one, and for 200,000 random mixtures of valid
// characters of every length and broken ones.
func TestValidUTF8(t *testing.T) {
	check := func(data []byte) {
		if got, want := validUTF8(data), utf8.Valid(data); got != want {
			t.Fatalf("validUTF8(%q) = %v, utf8.Valid says %v", data, got, want)
		}
	}
	eachShortSequence(check)
	pieces := []string{"中", "文", "a", "\n", "\u00e9", "\u07ff", "\u0800", "\u2028", "\ud7ff", "\ue000", "\ufffd", "\uffff",
		"😀", "\U0010ffff", "\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xef\xbf",
		"\xe4\xb8", "\xf0\x8f\xbf\xbf", "\xf0\x9f\x98", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff"}
	eachMixture(5, 200000, pieces, check)
}
