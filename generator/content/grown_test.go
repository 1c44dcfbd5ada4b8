package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sparseFile makes the file p below root of size bytes, none of them written: a file that
// grew to a terabyte after the walk found it small costs the disk nothing.
func sparseFile(t *testing.T, root, p string, size int64) {
	t.Helper()
	full := filepath.Join(root, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(full, size); err != nil {
		t.Skipf("this file system makes no sparse file of %d bytes: %v", size, err)
	}
}

// openOnly hides every way of its file system but Open, as a file system of another
// package may have no ReadFile.
type openOnly struct{ fs fs.FS }

func (o openOnly) Open(name string) (fs.File, error) { return o.fs.Open(name) }

// TestReadBoundedByLimit: a file that grew to a terabyte between the walk (which found it
// 100 bytes) and the read is read no further than its kind's limit and told too large, in
// bounded time and memory, through every file system the loader reads: the read took the
// whole file (1 TiB) into memory, and the build died of it.
func TestReadBoundedByLimit(t *testing.T) {
	root := t.TempDir()
	const tera = 1 << 40
	sparseFile(t, root, "content/units.yaml", tera)
	sparseFile(t, root, "content/pages/a.md", tera)
	held, done := holdRoot(DirFS(root))
	defer done()
	systems := []struct {
		name string
		fsys fs.FS
	}{
		{"DirFS", DirFS(root)},
		{"held root", held},
		{"Open only", openOnly{os.DirFS(root)}},
	}
	files := []struct{ path, want string }{
		{"content/units.yaml", "content/units.yaml:1:1: syntax: 文件过大：超过上限 32.0 MiB"},
		{"content/pages/a.md", "content/pages/a.md:1:1: syntax: 文件过大：超过上限 256 KiB"},
	}
	for _, s := range systems {
		for _, f := range files {
			t.Run(s.name+"/"+f.path, func(t *testing.T) {
				start := time.Now()
				got := parseFile(s.fsys, f.path, Classify(f.path), 100)
				if text := got.diags.Text(); !strings.Contains(text, f.want) {
					t.Errorf("want %q, got:\n%s", f.want, text)
				}
				if got.value != nil {
					t.Errorf("a file too large has no value: %#v", got.value)
				}
				if d := time.Since(start); d > 5*time.Second {
					t.Errorf("took %v", d)
				}
			})
		}
	}
}
