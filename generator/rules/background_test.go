package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
)

// TestRunBackground: one rule after another, RunBackground finds what Run finds on every
// scenario; with done closed it stops, reporting that it did not finish.
func TestRunBackground(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "scenarios", "*.txtar"))
	found := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		a := parseArchive(data)
		fsys := baseTree(t)
		now, _ := content.ParseDate("2024-06-01")
		for _, line := range strings.Split(a.comment, "\n") {
			if p, ok := strings.CutPrefix(line, "delete "); ok {
				delete(fsys, strings.TrimSpace(p))
			}
			if d, ok := strings.CutPrefix(line, "now "); ok {
				now, _ = content.ParseDate(strings.TrimSpace(d))
			}
		}
		for _, f := range a.files {
			if f.name != "want" {
				fsys[f.name] = &fstest.MapFile{Data: f.data, Mode: 0o644}
			}
		}
		run := func(background func(tree *content.Tree, out *diag.List)) string {
			tree, diags, err := content.Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			background(tree, diags)
			diags.Sort()
			return diags.Text()
		}
		want := run(func(tree *content.Tree, out *diag.List) { rules.Run(tree, now, ruleset.All(nil), out) })
		got := run(func(tree *content.Tree, out *diag.List) {
			if !rules.RunBackground(make(chan struct{}), tree, now, ruleset.All(nil), nil, nil, out) {
				t.Errorf("%s: RunBackground did not finish", file)
			}
		})
		if got != want {
			t.Errorf("%s: RunBackground found\n%s\nRun found\n%s", file, got, want)
		}
		found += strings.Count(want, "\n")
	}
	if found == 0 {
		t.Fatal("no findings in any scenario: the test proves nothing")
	}
	tree, diags, _ := content.Load(baseTree(t))
	done := make(chan struct{})
	close(done)
	now, _ := content.ParseDate("2024-06-01")
	if rules.RunBackground(done, tree, now, ruleset.All(nil), nil, nil, diags) {
		t.Error("RunBackground with done closed reports that it finished")
	}
}
