package content

import (
	"math/rand/v2"
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
	buf := make([]byte, 0, 16)
	for n := 1; n <= 3; n++ {
		for x := 0; x < 1<<(8*n); x++ {
			seq := buf[:0]
			for k := range n {
				seq = append(seq, byte(x>>(8*k)))
			}
			check(seq)
			check(append(append([]byte("中"), seq...), "文"...))
		}
	}
	pieces := []string{"中", "文", "a", "\n", "\u00e9", "\u07ff", "\u0800", "\u2028", "\ud7ff", "\ue000", "\ufffd", "\uffff",
		"😀", "\U0010ffff", "\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xef\xbf",
		"\xe4\xb8", "\xf0\x8f\xbf\xbf", "\xf0\x9f\x98", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff"}
	r := rand.New(rand.NewPCG(5, 11))
	for range 200000 {
		data := buf[:0]
		for range 1 + r.IntN(6) {
			data = append(data, pieces[r.IntN(len(pieces))]...)
		}
		check(data)
	}
}
