package generator

import (
	"os"
	"path/filepath"
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
