package generator

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestRemoveMarkedStaysInside: removeMarked deletes the marked temporary recover found,
// and nothing else when, between recover looking at it and the deletion, someone able to
// write in the output's parent has put at its name a link to a folder elsewhere (outside
// the parent, or the output itself) or another folder: the deletion went through the
// link before (a marked folder outside lost its files). A link inside the folder is
// removed, not what it leads to.
func TestRemoveMarkedStaysInside(t *testing.T) {
	marked := func(t *testing.T, dir string, files ...string) {
		t.Helper()
		for _, f := range append(files, outMarker) {
			p := filepath.Join(dir, f)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	exists := func(t *testing.T, p string) {
		t.Helper()
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("removed %s: %v", p, err)
		}
	}
	for _, swap := range []string{"none", "link out", "link to the output", "another folder"} {
		t.Run(swap, func(t *testing.T) {
			parent, elsewhere := t.TempDir(), t.TempDir()
			name := ".public-123"
			stale := filepath.Join(parent, name)
			marked(t, stale, "2023/index.html", "index.html")
			if err := os.Symlink(elsewhere, filepath.Join(stale, "2023", "link")); err != nil {
				t.Fatal(err)
			}
			marked(t, elsewhere, "precious.txt")
			marked(t, filepath.Join(parent, "public"), "index.html")
			was, err := os.Lstat(stale)
			if err != nil {
				t.Fatal(err)
			}
			if swap != "none" {
				if err := os.Rename(stale, filepath.Join(parent, ".moved")); err != nil {
					t.Fatal(err)
				}
			}
			switch swap {
			case "link out":
				err = os.Symlink(elsewhere, stale)
			case "link to the output":
				err = os.Symlink("public", stale)
			case "another folder":
				marked(t, filepath.Join(parent, ".other"), "index.html")
				err = os.Rename(filepath.Join(parent, ".other"), stale)
			}
			if err != nil {
				t.Fatal(err)
			}
			root, err := os.OpenRoot(parent)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			err = removeMarked(root, name, was)
			exists(t, filepath.Join(elsewhere, "precious.txt"))
			exists(t, filepath.Join(elsewhere, outMarker))
			exists(t, filepath.Join(parent, "public", "index.html"))
			if swap == "none" {
				if _, statErr := os.Lstat(stale); err != nil || !os.IsNotExist(statErr) {
					t.Errorf("the marked temporary: %v, still there: %v", err, statErr)
				}
				return
			}
			if err == nil {
				t.Error("removeMarked gave no error")
			}
			exists(t, stale)
			exists(t, filepath.Join(stale, outMarker))
		})
	}
}

// TestSiteDirHeldThroughSwap: once a build through the cache has opened the folder it
// fills (a new temporary, or the kept folder with its record), what it writes, links
// and deletes there stays in that folder when someone puts a link to a folder elsewhere
// at the folder's name meanwhile; and the exchange that would put what is now at the
// name in the output's place is refused. Before, the build wrote into the folder the
// link led to and deleted the recorded files it found there.
func TestSiteDirHeldThroughSwap(t *testing.T) {
	linuxOnly(t)
	for _, kept := range []bool{false, true} {
		t.Run(map[bool]string{false: "new temporary", true: "kept folder"}[kept], func(t *testing.T) {
			parent, elsewhere := t.TempDir(), t.TempDir()
			dir := filepath.Join(parent, ".public-123")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, d := range []string{dir, elsewhere} {
				for _, f := range []string{outMarker, "old.html", "index.html"} {
					if err := os.WriteFile(filepath.Join(d, f), []byte(d), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			var rec *folderRecord
			if kept {
				rec = newRecord()
				for n, m := range map[string]map[string]stamp{".": rec.dirs, outMarker: rec.files, "old.html": rec.files} {
					st, ok := statStamp(filepath.Join(dir, n))
					if !ok {
						t.Fatal(n)
					}
					m[n] = st
				}
			}
			s, err := newSiteDir(dir, rec, "", nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.close()
			moved := swapForLink(t, dir, elsewhere)
			for _, name := range []string{"index.html", "2023/index.html"} {
				if err := s.WriteFile(name, []byte("page")); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.finish(); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{outMarker, "old.html", "index.html"} {
				if data, err := os.ReadFile(filepath.Join(elsewhere, f)); err != nil || string(data) != elsewhere {
					t.Errorf("%s of the folder the link leads to: %q, %v", f, data, err)
				}
			}
			if _, err := os.Lstat(filepath.Join(elsewhere, "2023")); err == nil {
				t.Error("a folder made where the link leads")
			}
			for _, f := range []string{"index.html", "2023/index.html"} {
				if data, err := os.ReadFile(filepath.Join(moved, f)); err != nil || string(data) != "page" {
					t.Errorf("%s of the folder opened: %q, %v", f, data, err)
				}
			}
			if _, err := os.Lstat(filepath.Join(moved, "old.html")); kept != os.IsNotExist(err) {
				t.Errorf("old.html of the folder opened (kept %v): %v", kept, err)
			}
			if err := s.held.is(dir); err == nil {
				t.Error("the link at the folder's name passed for the folder")
			}
			if err := s.held.is(moved); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestDirOutputHeldThroughSwap: a build without the cache writes its new temporary
// through the folder opened, so a link put at its name meanwhile leads nothing there;
// and Replace will not put in the output's place what is now at the name. Before, the
// pages were written (over what was there) in the folder the link led to, and that
// folder replaced the output.
func TestDirOutputHeldThroughSwap(t *testing.T) {
	linuxOnly(t)
	parent, elsewhere := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(elsewhere, "index.html"), []byte("theirs"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := &outFolder{path: filepath.Join(parent, "public"), parent: parent}
	tmp, err := o.TempDir()
	if err != nil {
		t.Fatal(err)
	}
	held, err := holdFolder(tmp)
	if err != nil {
		t.Fatal(err)
	}
	defer held.close()
	d := &dirOutput{held: held}
	moved := swapForLink(t, tmp, elsewhere)
	for _, name := range []string{"index.html", "2023/index.html"} {
		if err := d.WriteFile(name, []byte("page")); err != nil {
			t.Fatal(err)
		}
		if data, err := os.ReadFile(filepath.Join(moved, filepath.FromSlash(name))); err != nil || string(data) != "page" {
			t.Errorf("%s in the folder opened: %q, %v", name, data, err)
		}
	}
	f, err := freshOutput{d}.CreateFile("data/2023.json") // written in pieces, as the open data is
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("da"))
	f.Write([]byte("ta"))
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(moved, "data", "2023.json")); err != nil || string(data) != "data" {
		t.Errorf("data/2023.json in the folder opened: %q, %v", data, err)
	}
	if _, err := os.Lstat(filepath.Join(elsewhere, "data")); err == nil {
		t.Error("a file written in pieces where the link leads")
	}
	if data, err := os.ReadFile(filepath.Join(elsewhere, "index.html")); err != nil || string(data) != "theirs" {
		t.Errorf("index.html where the link leads: %q, %v", data, err)
	}
	if _, err := os.Lstat(filepath.Join(elsewhere, "2023")); err == nil {
		t.Error("a folder made where the link leads")
	}
	if err := o.Replace(tmp); err == nil {
		t.Error("Replace put the link in the output's place")
	}
	if _, err := os.Lstat(o.path); !os.IsNotExist(err) {
		t.Errorf("the output: %v", err)
	}
}

// TestHoldFolderRefusesAnothersFolder: a folder another user owns is not held (they could
// turn a folder in it into a link under the build). Needs root, to make one.
func TestHoldFolderRefusesAnothersFolder(t *testing.T) {
	linuxOnly(t)
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a folder to another user")
	}
	dir := filepath.Join(t.TempDir(), ".public-1")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if h, err := holdFolder(dir); err != nil {
		t.Fatalf("the build's own folder: %v", err)
	} else {
		h.close()
	}
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if h, err := holdFolder(dir); err == nil {
		h.close()
		t.Error("another user's folder was held")
	}
}

// linuxOnly skips a test of what holdFolder does on Linux alone (elsewhere a folder is
// reached by its name).
func linuxOnly(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the folder is held open on Linux only")
	}
}

// swapForLink does what whoever may write in the output's parent can do while a build
// holds dir: moves dir aside (to .moved beside it, which it returns) and puts a link to
// the folder elsewhere at its name.
func swapForLink(t *testing.T, dir, elsewhere string) (moved string) {
	t.Helper()
	moved = filepath.Join(filepath.Dir(dir), ".moved")
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, dir); err != nil {
		t.Fatal(err)
	}
	return moved
}

// TestDirOutputRefusesNamesOutside: a file name that leaves the site (as a theme or a
// content path might make one) is refused, whole or written in pieces, and nothing is
// written beside the folder.
func TestDirOutputRefusesNamesOutside(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	held, err := holdFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer held.close()
	d := &dirOutput{held: held}
	for _, name := range []string{"../evil.html", "a/../../evil.html", "/evil.html"} {
		if err := d.WriteFile(name, []byte("x")); err == nil || !strings.Contains(err.Error(), "越出了网站目录") {
			t.Errorf("WriteFile(%q): %v", name, err)
		}
		if f, err := (freshOutput{d}).CreateFile(name); err == nil || !strings.Contains(err.Error(), "越出了网站目录") {
			t.Errorf("CreateFile(%q): %v", name, err)
			if f != nil {
				f.Close()
			}
		}
	}
	if _, err := os.Stat(filepath.Join(parent, "evil.html")); !os.IsNotExist(err) {
		t.Errorf("a file beside the site: %v", err)
	}
}
