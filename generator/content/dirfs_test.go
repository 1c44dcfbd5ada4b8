package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
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

// TestDirFSReadFile: ReadFile, the way the loader reads every file, refuses what Open
// refuses with the same errors, in bounded time (a named pipe is refused, never waited
// on), and reads a root reached through a link.
func TestDirFSReadFile(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	root := filepath.Join(dir, "repo")
	if err := os.MkdirAll(filepath.Join(root, "content/a"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "content/a/ok.md"), "正文")
	write(filepath.Join(outside, "secret"), "x")
	if err := os.Symlink(outside, filepath.Join(root, "content/b")); err != nil {
		t.Skipf("cannot make a symlink here: %v", err)
	}
	if err := os.Symlink(root, filepath.Join(dir, "via-link")); err != nil {
		t.Fatal(err)
	}
	if err := mkfifo(filepath.Join(root, "content/a/pipe.md")); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	for _, r := range []string{root, filepath.Join(dir, "via-link")} {
		data, err := fs.ReadFile(DirFS(r), "content/a/ok.md")
		if err != nil || string(data) != "正文" {
			t.Errorf("root %s: %q, %v", r, data, err)
		}
	}
	fsys := DirFS(root)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for name, want := range map[string]error{
			"content/a/pipe.md": ErrNotRegular,
			"content/b/secret":  ErrSymlink,
			"content/a/none.md": fs.ErrNotExist,
			"../repo/content/a": fs.ErrInvalid,
		} {
			if _, err := fs.ReadFile(fsys, name); !errors.Is(err, want) {
				t.Errorf("%s: err = %v, want %v", name, err, want)
			}
			var pe *fs.PathError
			if _, err := fs.ReadFile(fsys, name); !errors.As(err, &pe) || pe.Path != name {
				t.Errorf("%s: err = %#v, want a *fs.PathError naming the path", name, err)
			}
		}
		if _, err := fs.ReadFile(fsys, "content/a"); err == nil {
			t.Errorf("a folder read as a file")
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading a named pipe waited for a writer")
	}
}
