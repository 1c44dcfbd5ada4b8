//go:build unix

package generator

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestOpenOverwrite: a file of the kept folder is written over only when nothing else
// holds it: not one with a second name (the output's hard link), nor a link, nor one of
// another mode.
func TestOpenOverwrite(t *testing.T) {
	dir := t.TempDir()
	file := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var st syscall.Stat_t
	if err := syscall.Stat(file("new"), &st); err != nil {
		t.Fatal(err)
	}
	mode := uint32(st.Mode) // a new file's, under this umask
	if f, ok := openOverwrite(file("alone"), mode); !ok {
		t.Error("a file with one name and a new file's mode was not opened")
	} else {
		f.Close()
	}
	shared := file("shared")
	if err := os.Link(shared, filepath.Join(dir, "other-name")); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(dir, "symlink")
	if err := os.Symlink(file("target"), linked); err != nil {
		t.Fatal(err)
	}
	private := file("private")
	os.Chmod(private, 0o600)
	for _, p := range []string{shared, linked, private, filepath.Join(dir, "missing")} {
		if f, ok := openOverwrite(p, mode); ok {
			f.Close()
			t.Errorf("%s was opened to be written over", filepath.Base(p))
		}
	}
}
