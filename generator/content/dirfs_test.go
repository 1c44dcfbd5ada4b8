package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestDirFSFollowsNoLink: no path through a link opens, whatever part of it is the link.
func TestDirFSFollowsNoLink(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "content/a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content/a/ok.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"content/file.pdf": filepath.Join(outside, "secret"),
		"content/dir":      outside,
		"content/a/hop":    "ok.md",
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Skipf("cannot make a symlink here: %v", err)
		}
	}
	fsys := DirFS(root)
	if _, err := fs.ReadFile(fsys, "content/a/ok.md"); err != nil {
		t.Errorf("a regular file: %v", err)
	}
	for _, p := range []string{"content/file.pdf", "content/dir/secret", "content/a/hop", "content/dir"} {
		if _, err := fs.ReadFile(fsys, p); !errors.Is(err, ErrSymlink) {
			t.Errorf("%s: err = %v, want ErrSymlink", p, err)
		}
	}
	if _, err := fs.ReadDir(fsys, "content/dir"); !errors.Is(err, ErrSymlink) {
		t.Errorf("listing a linked folder: err = %v", err)
	}
	if info, err := fs.Stat(fsys, "content/dir"); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Stat of a link: %v, %v; want the link itself", info, err)
	}
}
