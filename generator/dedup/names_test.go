package dedup

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFoldMatchesRef: Fold folds as foldAny, its way for any name, on 50,000 names of
// simplified and traditional ideographs (張, 軏 → 𫐄), the edges of the common range
// (U+4DFF, U+4E00, U+9FFF, U+A000), compatibility ideographs (U+F900), spaces, middle
// dots, full-width letters, cut and invalid sequences (fails with the traditional
// ideographs left as they are).
func TestFoldMatchesRef(t *testing.T) {
	n := NewNames()
	pieces := []string{"王", "张", "張", "軏", "丽", "麗", "\u4dff", "\u4e00", "\u9fff", "\ua000", "\uf900", " ", "·", "•", ".", "Ａ", "a", "B", "\u200b",
		"\xe4\xb8", "\xff", "阿依古丽", "买买提", "\u3000"}
	r := rand.New(rand.NewPCG(15, 16))
	for range 50000 {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := n.Fold(s), n.foldAny(s); got != want {
			t.Fatalf("Fold(%q) = %q, foldAny %q", s, got, want)
		}
	}
}
