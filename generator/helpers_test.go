package generator

import (
	"os"
	"path/filepath"
	"testing"

	"wuxiao/generator/testtree"
)

// checkText checks the tree at root as of now and returns the diagnostics as text.
func checkText(t *testing.T, root, now string) string {
	t.Helper()
	_, diags, err := Check(Config{Root: root, Now: testDate(now)})
	if err != nil {
		t.Fatal(err)
	}
	return diags.Text()
}

const resultsRel = "content/2023/results.yaml"

// checkFails checks the tree at root as of now and says whether it has errors, with
// the diagnostics as text.
func checkFails(t *testing.T, root, now string) (bool, string) {
	t.Helper()
	_, diags, err := Check(Config{Root: root, Now: testDate(now)})
	if err != nil {
		t.Fatal(err)
	}
	return diags.Failed(false), diags.Text()
}

// TestCheckWritesNothing: the pipeline's Check writes nothing outside the tree, not even a
// cache: the user's cache directory stays empty (the command line brings a cache).
func TestCheckWritesNothing(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	root := testtree.Write(t, nil)
	if out := checkText(t, root, "2024-06-01"); out != "" {
		t.Fatalf("the minimal example should pass:\n%s", out)
	}
	entries, err := os.ReadDir(home)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("Check wrote %s under the home folder", entries[0].Name())
	}
}
