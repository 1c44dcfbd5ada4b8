package testtree

import (
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"wuxiao/generator/digest"
)

// Snapshot maps every entry under dir to its mode, and a file's to its digest too
// (package digest's BLAKE2b: a third of SHA-256's processor time on the machines without
// SHA instructions; the generator package's tests snapshot some 400 MB), a link's to its
// target (not followed); a folder's name ends in a slash. Two builds wrote
// the same site when their snapshots are equal (Differences).
func Snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel) // the site's own names: submit/index.html, on Windows too
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			files[rel+"/"] = info.Mode().String()
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			files[rel] = "link " + target
			return err
		case info.Mode().IsRegular():
			data, err := os.ReadFile(p)
			sum := digest.Sum(data)
			files[rel] = info.Mode().String() + " " + hex.EncodeToString(sum[:])
			return err
		default:
			files[rel] = info.Mode().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Differences lists, sorted, the paths whose entries differ between two snapshots, or
// that only one holds.
func Differences(a, b map[string]string) []string {
	var diffs []string
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			diffs = append(diffs, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diffs = append(diffs, k)
		}
	}
	sort.Strings(diffs)
	return diffs
}
