package content

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"wuxiao/generator/testtree"
)

// foldFS is a MapFS that finds a name whatever the case of its letters, as Windows and
// macOS do, and lists each name as it was written.
type foldFS struct{ m fstest.MapFS }

func (f foldFS) Open(name string) (fs.File, error) {
	if _, ok := f.m[name]; !ok {
		for p := range f.m {
			if strings.EqualFold(p, name) {
				return f.m.Open(p)
			}
			if strings.HasPrefix(strings.ToLower(p), strings.ToLower(name)+"/") {
				return f.m.Open(p[:len(name)])
			}
		}
	}
	return f.m.Open(name)
}

// TestCacheFollowsCaseRename: after guide.md is renamed Guide.md where names are found
// whatever their case (Windows, macOS), a reload of the two names holds Guide.md alone,
// as Load does; before, guide.md was still found, and the cache held both, which the
// path rule then reported as twins (the preview of wuxiao serve on Windows).
func TestCacheFollowsCaseRename(t *testing.T) {
	m := memTree(t, testtree.Base())
	fsys := foldFS{m}
	c := NewCache(fsys)
	sameLoad(t, "首次", fsys, c, nil)
	rename := func(from, to string) *Tree {
		t.Helper()
		m[to] = m[from]
		delete(m, from)
		return sameLoad(t, from+" → "+to, fsys, c, []string{from, to})
	}
	old, lower, upper := "content/2023/bulletins/2023-01.md", "content/2023/bulletins/2023-01-a.md", "content/2023/bulletins/2023-01-A.md"
	rename(old, lower)
	if _, err := fs.Stat(fsys, upper); err != nil {
		t.Fatalf("foldFS does not fold: %v", err)
	}
	for _, r := range [][2]string{{lower, upper}, {upper, lower}} {
		if _, ok := rename(r[0], r[1]).Files[r[0]]; ok {
			t.Errorf("%s is still in the tree, found by another spelling of its name", r[0])
		}
	}
}
