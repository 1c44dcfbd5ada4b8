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
	data, ok, err := readNoLink(root, "content/a/ok.md", NoLimit)
	if !ok || err != nil || string(data) != "正文" {
		t.Errorf("a regular file: %q, answered %v, %v", data, ok, err)
	}
	if _, ok, err := readNoLink(root, "content/b/secret", NoLimit); !ok || !errors.Is(err, ErrSymlink) {
		t.Errorf("through a link: answered %v, %v; want ErrSymlink", ok, err)
	}
}

// TestReadNoLinkWhole: readNoLink reads a file NoLimit, in one read when the file holds
// what fstat said (files of 0 bytes to past a page), and reads on when a read fills the
// buffer: a file of /proc, which fstat says is empty, is read as os.ReadFile reads it.
func TestReadNoLinkWhole(t *testing.T) {
	if _, err := unix.Openat2(unix.AT_FDCWD, ".", &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC}); errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
		t.Skipf("this kernel or sandbox has no openat2 (%v)", err)
	}
	root := t.TempDir()
	for _, size := range []int{0, 1, 100, 4096, 4097, 70000} {
		want := make([]byte, size)
		for i := range want {
			want[i] = byte('a' + i%26)
		}
		name := filepath.Join(root, "f")
		if err := os.WriteFile(name, want, 0o644); err != nil {
			t.Fatal(err)
		}
		if got, ok, err := readNoLink(root, "f", NoLimit); !ok || err != nil || string(got) != string(want) {
			t.Fatalf("a file of %d bytes: %d bytes read, answered %v, %v", size, len(got), ok, err)
		}
	}
	want, err := os.ReadFile("/proc/self/maps") // the same process: the same maps, read twice
	if err != nil {
		t.Skip(err)
	}
	got, ok, err := readNoLink("/proc/self", "maps", NoLimit)
	if !ok || err != nil || len(got) < len(want)/2 || len(want) < 100 {
		t.Fatalf("/proc/self/maps: %d bytes read (os.ReadFile %d), answered %v, %v", len(got), len(want), ok, err)
	}
}
