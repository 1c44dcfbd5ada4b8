package content

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// heldFixture is a root holding content/a/ok.md, a link content/b to a folder outside
// holding a secret, a link content/a/hop.md to ok.md, a named pipe and a folder named
// like a file; the root is also reached through the link via-link.
func heldFixture(t *testing.T) (root, outside string) {
	t.Helper()
	if _, err := unix.Openat2(unix.AT_FDCWD, ".", &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC}); errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
		t.Skipf("this kernel or sandbox has no openat2 (%v): a load reads through DirFS as it is", err)
	}
	dir := t.TempDir()
	root, outside = filepath.Join(dir, "repo"), filepath.Join(dir, "outside")
	for _, d := range []string{"content/a/dir.md", "../outside"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(root, "content/a/ok.md"), "正文")
	writeFile(t, filepath.Join(outside, "secret"), "SECRET")
	if err := os.Symlink(outside, filepath.Join(root, "content/b")); err != nil {
		t.Skipf("cannot make a symlink here: %v", err)
	}
	if err := os.Symlink("ok.md", filepath.Join(root, "content/a/hop.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(dir, "via-link")); err != nil {
		t.Fatal(err)
	}
	if err := mkfifo(filepath.Join(root, "content/a/pipe.md")); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	return root, outside
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// within fails the test when f takes longer than a few seconds (a named pipe waited on).
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: still waiting after 10 s (a named pipe waited on?)", what)
	}
}

// TestHeldRootReadsAsDirFS: a load's reads through its held root (holdRoot) give what
// DirFS's ReadFile gives, the same errors in the same words: a regular file, a link at
// the end or on the way (ErrSymlink), a named pipe (ErrNotRegular, never waited on), a
// folder, a missing file, a name leaving the root (fs.ErrInvalid); and a root reached
// through a link is read.
func TestHeldRootReadsAsDirFS(t *testing.T) {
	root, _ := heldFixture(t)
	for _, r := range []string{root, filepath.Join(filepath.Dir(root), "via-link")} {
		held, done := holdRoot(DirFS(r))
		if _, ok := held.(*heldRoot); !ok {
			t.Fatalf("DirFS(%s) held as %T, want *heldRoot", r, held)
		}
		data, err := fs.ReadFile(held, "content/a/ok.md")
		if err != nil || string(data) != "正文" {
			t.Errorf("root %s: %q, %v", r, data, err)
		}
		done()
	}
	held, done := holdRoot(DirFS(root))
	defer done()
	within(t, "reading through the held root", func() {
		for name, want := range map[string]error{
			"content/a/pipe.md":  ErrNotRegular,
			"content/b/secret":   ErrSymlink,
			"content/a/hop.md":   ErrSymlink,
			"content/b":          ErrSymlink,
			"content/a/none.md":  fs.ErrNotExist,
			"content/none/x.md":  fs.ErrNotExist,
			"../repo/content/a":  fs.ErrInvalid,
			"/etc/passwd":        fs.ErrInvalid,
			"content/a/dir.md":   nil, // an error, in DirFS's words
			"content/a/ok.md/x":  nil,
			"content//a/ok.md":   fs.ErrInvalid,
			"content/a/./ok.md":  fs.ErrInvalid,
			"content/a/../a/ok.": fs.ErrInvalid,
		} {
			data, err := fs.ReadFile(held, name)
			_, wantErr := fs.ReadFile(DirFS(root), name)
			if err == nil || (want != nil && !errors.Is(err, want)) {
				t.Errorf("%s: %q, err = %v, want %v", name, data, err, want)
				continue
			}
			if wantErr == nil || err.Error() != wantErr.Error() {
				t.Errorf("%s: err = %q, DirFS says %v", name, err, wantErr)
			}
			if strings.Contains(string(data), "SECRET") {
				t.Errorf("%s: read the file outside the root", name)
			}
		}
	})
}

// TestHeldRootAfterTheWalk: what changes between the walk and the read is read as it is
// at the read, and refused as DirFS refuses it: a file swapped for a link to a file
// outside, for a named pipe or for a folder; a file grown or shrunk is read whole. And
// the root is the one held: a root moved away and replaced by another folder is still
// read from the folder the load began with.
func TestHeldRootAfterTheWalk(t *testing.T) {
	root, outside := heldFixture(t)
	ok := filepath.Join(root, "content/a/ok.md")
	swap := func(make func() error) {
		t.Helper()
		if err := os.RemoveAll(ok); err != nil {
			t.Fatal(err)
		}
		if err := make(); err != nil {
			t.Fatal(err)
		}
	}
	held, done := holdRoot(DirFS(root))
	defer done()
	read := func() ([]byte, error) {
		var data []byte
		var err error
		within(t, "reading ok.md", func() { data, err = fs.ReadFile(held, "content/a/ok.md") })
		return data, err
	}
	swap(func() error { return os.Symlink(filepath.Join(outside, "secret"), ok) })
	if data, err := read(); !errors.Is(err, ErrSymlink) || len(data) > 0 {
		t.Errorf("swapped for a link: %q, %v; want ErrSymlink", data, err)
	}
	swap(func() error { return mkfifo(ok) })
	if data, err := read(); !errors.Is(err, ErrNotRegular) || len(data) > 0 {
		t.Errorf("swapped for a named pipe: %q, %v; want ErrNotRegular", data, err)
	}
	swap(func() error { return os.Mkdir(ok, 0o755) })
	if data, err := read(); err == nil || len(data) > 0 {
		t.Errorf("swapped for a folder: %q, %v; want an error", data, err)
	}
	for _, size := range []int{0, 1, 4095, 4096, 4097, 70000, 3} { // grown, then shrunk
		want := strings.Repeat("正", size/3) + strings.Repeat("x", size%3)
		swap(func() error { return os.WriteFile(ok, []byte(want), 0o644) })
		if data, err := read(); err != nil || string(data) != want {
			t.Errorf("a file of %d bytes: %d bytes read, %v", size, len(data), err)
		}
	}
	moved := root + "-moved"
	if err := os.Rename(root, moved); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "content/a"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "content/a/ok.md"), "another root")
	if data, err := read(); err != nil || string(data) != "正" { // the last file written there, of 3 bytes
		t.Errorf("root moved away: %q, %v; want the held root's file", data, err)
	}
}

// TestHeldRootProc: a file that fstat says is empty but is not (/proc) is read whole.
func TestHeldRootProc(t *testing.T) {
	if _, err := os.ReadFile("/proc/self/maps"); err != nil {
		t.Skip(err)
	}
	held, done := holdRoot(DirFS("/proc/self"))
	defer done()
	if _, ok := held.(*heldRoot); !ok {
		t.Skipf("no openat2 here: held as %T", held)
	}
	want, _ := os.ReadFile("/proc/self/maps")
	got, err := fs.ReadFile(held, "maps")
	if err != nil || len(got) < len(want)/2 || len(want) < 100 {
		t.Fatalf("/proc/self/maps: %d bytes read (os.ReadFile %d), %v", len(got), len(want), err)
	}
}

// TestReadDirAsOS: DirFS lists a folder, by the kernel's walk without links and an
// lstat of each entry from the folder itself (readDirAt), as os.ReadDir and each
// entry's Info describe it: in name order, each entry's kind (a file, a folder, links
// to either, dangling, a named pipe, a socket), and its name, size, mode (setuid,
// setgid and sticky bits too), time and inode. The held root lists the same. A folder
// through a link is ErrSymlink, anything else DirFS refuses in its own words.
func TestReadDirAsOS(t *testing.T) {
	root, _ := heldFixture(t)
	dir := filepath.Join(root, "content/a")
	writeFile(t, filepath.Join(dir, "big.yaml"), strings.Repeat("x", 70000))
	writeFile(t, filepath.Join(dir, "z-setuid"), "x")
	for name, mode := range map[string]os.FileMode{"z-setuid": 0o4755 | os.ModeSetuid, "dir.md": 0o755 | os.ModeSetgid | os.ModeSticky} {
		if err := os.Chmod(filepath.Join(dir, name), mode); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{"to-dir": "dir.md", "dangling": "none", "A-upper": "ok.md"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	if l, err := net.Listen("unix", filepath.Join(dir, "sock")); err == nil {
		defer l.Close()
	}
	want, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	held, done := holdRoot(DirFS(root))
	defer done()
	for _, fsys := range []fs.FS{DirFS(root), held} {
		got, err := fs.ReadDir(fsys, "content/a")
		if err != nil || len(got) != len(want) {
			t.Fatalf("%T: %d entries, %v; os.ReadDir has %d", fsys, len(got), err, len(want))
		}
		for i, w := range want {
			g := got[i]
			if g.Name() != w.Name() || g.Type() != w.Type() || g.IsDir() != w.IsDir() {
				t.Errorf("%T: entry %d is %s %v, os.ReadDir's %s %v", fsys, i, g.Name(), g.Type(), w.Name(), w.Type())
				continue
			}
			gi, gerr := g.Info()
			wi, werr := w.Info()
			if gerr != nil || werr != nil {
				t.Errorf("%s: Info %v, os's %v", w.Name(), gerr, werr)
				continue
			}
			if gi.Name() != wi.Name() || gi.Size() != wi.Size() || gi.Mode() != wi.Mode() || !gi.ModTime().Equal(wi.ModTime()) || gi.IsDir() != wi.IsDir() ||
				gi.Sys().(*syscall.Stat_t).Ino != wi.Sys().(*syscall.Stat_t).Ino {
				t.Errorf("%s: %s %d %v %v; os says %s %d %v %v", w.Name(), gi.Name(), gi.Size(), gi.Mode(), gi.ModTime(), wi.Name(), wi.Size(), wi.Mode(), wi.ModTime())
			}
		}
		for name, want := range map[string]error{
			"content/b":          ErrSymlink,
			"content/a/to-dir":   ErrSymlink,
			"content/b/x":        ErrSymlink,
			"content/a/ok.md":    nil, // not a folder: DirFS's words
			"content/a/pipe.md":  nil,
			"content/none":       fs.ErrNotExist,
			"../repo/content":    fs.ErrInvalid,
			"content/a/dangling": nil,
		} {
			within(t, "listing "+name, func() {
				_, err := fs.ReadDir(fsys, name)
				_, dirErr := dirFS(root).readDirByParts(name)
				if err == nil || (want != nil && !errors.Is(err, want)) {
					t.Errorf("%T: %s: err = %v, want %v", fsys, name, err, want)
				} else if err.Error() != dirErr.Error() {
					t.Errorf("%T: %s: err = %q, DirFS says %q", fsys, name, err, dirErr)
				}
			})
		}
	}
}
