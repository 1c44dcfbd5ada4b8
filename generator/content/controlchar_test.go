package content

import (
	"testing"
)

// controlCharByRunes is controlChar as it was, ranging over the runes.
func controlCharByRunes(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20 || r >= 0x7f && r <= 0x9f:
			return r, true
		case r == 0xfffe || r == 0xffff:
			return r, true
		case r == 0x61c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
			return r, true
		}
	}
	return 0, false
}

// TestControlCharMatchesRunes: controlChar finds what ranging over the runes found, for
// every sequence of up to three bytes (alone and between Chinese characters, valid UTF-8
// or not) and 100,000 random mixtures of controls, characters and broken bytes.
func TestControlCharMatchesRunes(t *testing.T) {
	check := func(s string) {
		r, bad := controlChar(s)
		wantR, wantBad := controlCharByRunes(s)
		if r != wantR || bad != wantBad {
			t.Fatalf("controlChar(%q) = %U, %v; by runes %U, %v", s, r, bad, wantR, wantBad)
		}
	}
	eachShortSequence(func(b []byte) { check(string(b)) })
	pieces := []string{"中", "a", "\t", "\n", "\r", "\x00", "\x1b", "\x7f", "\u0085", "\u009f", "\u00a0", "\u061c", "\u061b",
		"\u200e", "\u200f", "\u2010", "\u202a", "\u202e", "\u202f", "\u2066", "\u2069", "\u206a", "\xc2", "\xe2\x80", "\xd8", "\xff", "😀",
		"\ufffd", "\ufffe", "\uffff", "\uff01", "\xef\xbf", "\xef"}
	eachMixture(8, 100000, pieces, func(b []byte) { check(string(b)) })
}
