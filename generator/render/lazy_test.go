package render

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"sort"
	"sync"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/layouts"
)

// TestLazyMatchesRender: every file serve would answer with is the file build writes,
// also from a Lazy renewed for a new site.
func TestLazyMatchesRender(t *testing.T) {
	fsys := os.DirFS("../..")
	tree, _, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	now, _ := content.ParseDate("2026-11-25")
	opt := Options{Theme: layouts.FS(), Src: fsys}
	want := &memOutput{files: map[string][]byte{}}
	if _, err := Render(NewSite(tree, "", now), opt, want); err != nil {
		t.Fatal(err)
	}
	earlier, _ := content.ParseDate("2025-06-01") // another site, same theme
	first, err := NewLazy(NewSite(tree, "", earlier), opt)
	if err != nil {
		t.Fatal(err)
	}
	lazy := first.Renew(NewSite(tree, "", now))
	names := make([]string, 0, len(want.files))
	for n := range want.files {
		names = append(names, n)
	}
	sort.Strings(names)
	var wg sync.WaitGroup
	for _, n := range names { // all at once, as a browser asks
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := lazy.File(n)
			if err != nil || !bytes.Equal(got, want.files[n]) {
				t.Errorf("%s：与 Render 写出的不同（%v）", n, err)
			}
		}()
	}
	wg.Wait()
	if _, err := lazy.File("no/such/index.html"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("不存在的文件：%v", err)
	}
	for _, n := range lazy.Names() {
		if want.files[n] == nil {
			t.Errorf("%s：Render 没有写出", n)
		}
	}
}
