package generator

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/digest"
	"wuxiao/generator/render"
	"wuxiao/generator/testtree"
	"wuxiao/layouts"
)

// TestPageKeysMatchRef: every page of a synthetic site has the key makeKeyRef, makeKey
// as it was (what a page depends on gathered in a buffer of its own, grown past 4 KB for
// a long list), gives it, its keys made by several goroutines at once, twice each, as
// the render's workers make them; lists whose keys hash more than 4 KB are among them.
func TestPageKeysMatchRef(t *testing.T) {
	root := filepath.Join(t.TempDir(), "synth")
	testtree.Synth(t, 1500, root)
	sums := newSumFS(content.DirFS(root))
	tree, diags, err := loadFS(Config{Root: root}, sums, nil)
	if errs, _ := diags.Count(); err != nil || errs > 0 {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	site := render.NewSite(tree, "", testDate("2026-11-25"))
	theme := render.Overlay{Default: layouts.FS()}
	rec := &pageRecorder{}
	if _, err := render.Render(site, render.Options{Theme: theme, Src: tree.FS, Pages: rec}, discard{}); err != nil {
		t.Fatal(err)
	}
	snap := sums.snapshot()
	k, err := newPageKeys(&memCache{}, tree, snap, theme, "now")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := newPageKeys(&memCache{}, tree, snap, theme, "now")
	if err != nil {
		t.Fatal(err)
	}
	long := 0
	want := make([]string, len(rec.pages))
	for i, p := range rec.pages {
		var n int
		want[i], n = makeKeyRef(ref, p)
		if n > 4096 {
			long++
		}
	}
	if long == 0 {
		t.Fatal("no page's key hashes more than 4 KB: make the tree larger")
	}
	var wg sync.WaitGroup
	errs := make(chan string, 2*len(rec.pages))
	for w := 0; w < 4; w++ {
		wg.Go(func() {
			for round := 0; round < 2; round++ {
				for i := w; i < len(rec.pages); i += 4 {
					if got := k.makeKey(rec.pages[i]); got != want[i] {
						errs <- fmt.Sprintf("%s %s: key %s, want %s", rec.pages[i].Kind, rec.pages[i].URL, got, want[i])
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

// makeKeyRef is makeKey as it was, its buffer on the stack (grown on the heap past
// 4 KB), with the number of bytes it hashed.
func makeKeyRef(k *pageKeys, p *render.PageData) (string, int) {
	var buf [4096]byte
	b := k.appendInputs(buf[:0], p)
	sum := digest.Sum(b)
	return pageKey(sum[:]), len(b)
}
