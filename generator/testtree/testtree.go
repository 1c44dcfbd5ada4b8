// Package testtree copies the rules' base tree (or any content tree) into temporary folders for tests and sets their binaries' collector; only tests import it (it imports testing; cmd/wuxiao's TestProductionImports keeps it out of the program).
package testtree

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// Copy copies the files under src into dst, creating folders as needed.
func Copy(t testing.TB, src, dst string) {
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

// SynthScript is synth.py, which writes a synthetic content tree of N awarded results:
// a copy of ../shared/tools/synth.py kept in testdata, so that a clone without ../shared
// beside it has it too.
func SynthScript() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata", "synth.py")
}

// Synth makes root a content root of n synthetic results (SynthScript), unless it holds
// one already. It needs python3.
func Synth(t testing.TB, n int, root string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(root, "content", "site.yaml")); err == nil {
		return
	}
	py, err := Python()
	if err != nil {
		t.Skipf("needs python3 to write the synthetic tree: %v", err)
	}
	if out, err := exec.Command(py, SynthScript(), strconv.Itoa(n), root).CombinedOutput(); err != nil {
		t.Fatalf("synth.py: %v\n%s", err, out)
	}
}

// BenchRoot is the content root a benchmark reads: WUXIAO_BENCH_ROOT when set (a tree
// of any size the runner made), else a synthetic tree of n results (Synth) in a
// temporary folder.
func BenchRoot(b testing.TB, n int) string {
	b.Helper()
	if root := os.Getenv("WUXIAO_BENCH_ROOT"); root != "" {
		return root
	}
	root := b.TempDir()
	Synth(b, n, root)
	return root
}

// Base is the folder of the rules' base tree (the contract's minimal example), found
// beside this file so that any package's tests reach it.
func Base() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "rules", "testdata", "base")
}

// Demo copies the repository's demo content/ into a temporary root and returns the root.
func Demo(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := t.TempDir()
	Copy(t, filepath.Join(filepath.Dir(file), "..", "..", "content"), filepath.Join(root, "content"))
	return root
}

// Write copies the base tree to a temporary folder, writes edits (root-relative path →
// text) over it and returns the folder.
func Write(t testing.TB, edits map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	Copy(t, Base(), dir)
	for rel, text := range edits {
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Files reads the files under src into a map from slash-separated relative path to text.
func Files(t testing.TB, src string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(src, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
