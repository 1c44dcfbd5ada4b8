package content

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestValidIDMatchesPattern: ValidID says what IDPattern and the 64-character bound say,
// for short strings of every character that matters and 100,000 random ones.
func TestValidIDMatchesPattern(t *testing.T) {
	check := func(s string) {
		if got, want := ValidID(s), len(s) <= 64 && IDPattern.MatchString(s); got != want {
			t.Fatalf("ValidID(%q) = %v, IDPattern says %v", s, got, want)
		}
	}
	alphabet := []string{"a", "z", "0", "9", "-", "A", "_", ".", "/", " ", "\n", "张", "é", "`", "{"}
	var walk func(s string, n int)
	walk = func(s string, n int) {
		check(s)
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			walk(s+c, n-1)
		}
	}
	walk("", 4)
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		var b strings.Builder
		for range r.IntN(70) {
			b.WriteString(alphabet[r.IntN(6)])
		}
		check(b.String())
	}
	for _, s := range []string{strings.Repeat("a", 64), strings.Repeat("a", 65), "chengqu-u00032", "s000032", "a--b", "-a", "a-"} {
		check(s)
	}
}
