package desk

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestRecommendationTextNameStaysAComment: the unit's name goes into the first line of
// the commendation file the desk writes, a YAML comment. A name with a line break (the
// base branch's units.yaml should never hold one, but the desk does not trust it) must
// not end the comment and write keys of its own.
func TestRecommendationTextNameStaysAComment(t *testing.T) {
	for _, name := range []string{
		"矿区总工会",
		"矿区总工会\ndoc: 伪造〔2025〕9号\n#",
		"矿区总工会\r\nawards: []\n#",
		"矿区总工会\u2028x\u0085y\v\f",
	} {
		text := recommendationText(name, "矿工发〔2025〕1号", "2025-06-01", []string{"  - kuangqu-mine1/a\n"})
		first, _, _ := strings.Cut(text, "\n")
		if !strings.HasPrefix(first, "# ") || strings.ContainsAny(first, "\r\v\f\u0085\u2028\u2029") {
			t.Errorf("name %q: first line %q is not one comment line", name, first)
		}
		var got struct {
			Doc    string   `yaml:"doc"`
			Awards []string `yaml:"awards"`
		}
		if err := yaml.Unmarshal([]byte(text), &got); err != nil || got.Doc != "矿工发〔2025〕1号" || len(got.Awards) != 1 {
			t.Errorf("name %q: file reads as %+v (%v)\n%s", name, got, err, text)
		}
	}
}
