package rules_test

import (
	"strings"
	"testing"
	"unicode"

	"wuxiao/generator/content"
	"wuxiao/generator/rules"
)

// insertEvery puts ins after every n-th Chinese character of s.
func insertEvery(s string, n int, ins string) string {
	var b strings.Builder
	k := 0
	for _, r := range s {
		b.WriteRune(r)
		if unicode.Is(unicode.Han, r) {
			if k++; k%n == 0 {
				b.WriteString(ins)
			}
		}
	}
	return b.String()
}

// TestDuplicateEvasion: a verbatim copy with an invisible filler or a real character after
// every few characters is a duplicate for check, and dupes at any threshold reports the
// same ratio (candidate pruning does not depend on the threshold).
func TestDuplicateEvasion(t *testing.T) {
	const (
		src  = "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
		copy = "content/2023/submissions/jiaoqu-farm/dapeng-tongfeng.md"
	)
	for _, tc := range []struct {
		name, ins string
		every     int
	}{
		{"U+3164 every 3rd", "\u3164", 3},
		{"U+3164 every 5th", "\u3164", 5},
		{"U+115F every 2nd", "\u115f", 2},
		{"进 every 4th", "进", 4},
		{"々 every 4th", "々", 4},
		{"进 every 5th", "进", 5},
		{"U+2800 every 3rd", "\u2800", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := baseTree(t)
			orig := string(fsys[src].Data)
			body := orig[strings.Index(orig[4:], "---\n")+8:]
			later := string(fsys[copy].Data)
			later = later[:strings.Index(later[4:], "---\n")+8] + insertEvery(body, tc.every, tc.ins)
			fsys[copy].Data = []byte(later)
			out := check(t, fsys, "2024-06-01")
			if !strings.Contains(out, copy) || !strings.Contains(out, ": duplicate: ") {
				t.Errorf("check reports no duplicate on %s:\n%s", copy, out)
			}
			tree, _, err := content.Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			ratio := func(min float64) float64 {
				pairs, _ := rules.FindDuplicates(tree, rules.DuplicateOptions{MinRatio: min})
				for _, p := range pairs {
					if p.Later.File == copy && p.Earlier.File == src {
						return p.Ratio
					}
				}
				return 0
			}
			low, high := ratio(0.01), ratio(0)
			if low < 0.5 || low != high {
				t.Errorf("ratio at --min 0.01: %.2f, at the check's threshold: %.2f; want the same, at least 0.5", low, high)
			}
		})
	}
}
