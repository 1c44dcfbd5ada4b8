package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
)

// TestTypedListMatchesTemplate: unitMain and facetMain write every unit and facet page
// byte for byte as unit.html and facet.html do, on a synthetic tree of 800 results (pagers
// of up to eight pages, gaps among their links, units with parents and children) and on
// the demo (winning units, results in 公示); each of those shows on some page.
func TestTypedListMatchesTemplate(t *testing.T) {
	root := filepath.Join(t.TempDir(), "synth")
	testtree.Synth(t, 800, root)
	shown := map[string]int{}
	for name, fsys := range map[string]string{"synth": root, "demo": "../.."} {
		tree, _, err := content.Load(os.DirFS(fsys))
		if err != nil {
			t.Fatal(name, err)
		}
		both := renderBothWays(t, tree)
		for f, want := range both[1].files {
			page := string(want)
			if !strings.Contains(page, `class="k-unit"`) && !strings.Contains(page, `class="k-facet"`) {
				continue
			}
			if got := string(both[0].files[f]); got != page {
				t.Fatalf("%s %s differs from the template's:\n%s", name, f, firstDiff(page, got))
			}
			shown["page"]++
			for _, s := range []string{`class="gap"`, `rel="prev"`, `rel="next"`, "上级：", `<ul class="counts">`, "优胜单位", "项公示中", "项拟表彰", `aria-current="page"`, `class="empty"`} {
				if strings.Contains(page, s) {
					shown[s]++
				}
			}
		}
	}
	for _, s := range []string{`class="gap"`, `rel="prev"`, `rel="next"`, "上级：", `<ul class="counts">`, "优胜单位", "项公示中", "项拟表彰", `aria-current="page"`} {
		if shown[s] == 0 {
			t.Errorf("no unit or facet page shows %s (%d pages compared)", s, shown["page"])
		}
	}
	t.Logf("%d pages compared: %v", shown["page"], shown)
}
