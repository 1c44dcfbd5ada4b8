package content

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestReadNoLinkTakesOneWalk: on a kernel with openat2, a file is read by the kernel's
// own walk without links (readNoLink answers), and a link on the way is refused there.
func TestReadNoLinkTakesOneWalk(t *testing.T) {
	if _, err := unix.Openat2(unix.AT_FDCWD, ".", &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC}); errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
		t.Skipf("this kernel or sandbox has no openat2 (%v): DirFS inspects each part instead", err)
	}
	root, outside := t.TempDir(), t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content/a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content/a/ok.md"), []byte("正文"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "content/b")); err != nil {
		t.Fatal(err)
	}
	data, ok, err := readNoLink(root, "content/a/ok.md")
	if !ok || err != nil || string(data) != "正文" {
		t.Errorf("a regular file: %q, answered %v, %v", data, ok, err)
	}
	if _, ok, err := readNoLink(root, "content/b/secret"); !ok || !errors.Is(err, ErrSymlink) {
		t.Errorf("through a link: answered %v, %v; want ErrSymlink", ok, err)
	}
}
