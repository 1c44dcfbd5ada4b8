package generator

import (
	"os"
	"path/filepath"
	"testing"
)

// copyTree copies the files under src into dst, creating folders as needed.
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// writeTree copies the rules' base tree (the contract's minimal example) to a temp dir and applies edits.
func writeTree(t *testing.T, edits map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, filepath.Join("rules", "testdata", "base"), dir)
	for rel, text := range edits {
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

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
	root := writeTree(t, nil)
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
