package content

import (
	"strconv"
	"strings"
	"testing"
)

// TestFillPutsInEveryPlaceholder: fill writes each kind's shape as a strings.Replacer of
// the placeholders would (it was one), for places with and without a year, owner and slug.
func TestFillPutsInEveryPlaceholder(t *testing.T) {
	places := []Place{{}, {Year: 2023}, {Year: 2023, Owner: "yq", Slug: "pidai-jiupian"}, {Owner: "e01"}, {Slug: "about"}}
	for k := Kind(0); k < 64; k++ {
		ki, ok := InfoOf(k)
		if !ok {
			continue
		}
		for _, pl := range places {
			year := ""
			if pl.Year != 0 {
				year = strconv.Itoa(pl.Year)
			}
			want := strings.NewReplacer("<year>", year, "<unit>", pl.Owner, "<issuer>", pl.Owner, "<expert>", pl.Owner, "<slug>", pl.Slug).Replace(ki.Shape)
			if got := pl.fill(ki.Shape); got != want {
				t.Errorf("%s，%+v：%q，应为 %q", ki.Shape, pl, got, want)
			}
		}
	}
	for _, shape := range []string{"", "<", ">", "a<b", "<year", "x>y<slug>", "<<year>>"} {
		pl := Place{Year: 2023, Slug: "s"}
		want := strings.NewReplacer("<year>", "2023", "<unit>", "", "<issuer>", "", "<expert>", "", "<slug>", "s").Replace(shape)
		if got := pl.fill(shape); got != want {
			t.Errorf("%q：%q，应为 %q", shape, got, want)
		}
	}
}
