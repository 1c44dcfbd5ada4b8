package generator

import (
	"os"
	"sync"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/render"
	"wuxiao/generator/testtree"
	"wuxiao/layouts"
)

// pageRecorder is a render.PagePlacer that places every page, keeping its data: the
// pages a build through a cache makes keys for.
type pageRecorder struct {
	mu    sync.Mutex
	pages []*render.PageData
}

func (r *pageRecorder) Place(p *render.PageData, name string) (int64, bool) {
	r.mu.Lock()
	r.pages = append(r.pages, p)
	r.mu.Unlock()
	return 0, true
}
func (r *pageRecorder) Page(*render.PageData) ([]byte, bool) { return nil, false }
func (r *pageRecorder) Rendered(*render.PageData, []byte)    {}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// BenchmarkPageKeys makes the key of every page of the 10,000-result synthetic site (of
// WUXIAO_BENCH_ROOT when set, else of 2,000 written by testtree.Synth), as a cached
// rebuild does for each page before it is placed.
func BenchmarkPageKeys(b *testing.B) {
	root := os.Getenv("WUXIAO_BENCH_ROOT")
	if root == "" {
		root = b.TempDir()
		testtree.Synth(b, 2000, root)
	}
	sums := newSumFS(content.DirFS(root))
	tree, diags, err := loadFS(Config{Root: root}, sums, nil)
	if errs, _ := diags.Count(); err != nil || errs > 0 {
		b.Fatalf("%v\n%s", err, diags.Text())
	}
	now := testDate("2026-11-25")
	site := render.NewSite(tree, "", now)
	theme := render.Overlay{Default: layouts.FS()}
	rec := &pageRecorder{}
	if _, err := render.Render(site, render.Options{Theme: theme, Src: tree.FS, Pages: rec}, discard{}); err != nil {
		b.Fatal(err)
	}
	snap := sums.snapshot()
	b.ResetTimer()
	for b.Loop() {
		k, err := newPageKeys(&memCache{}, tree, snap, theme, "now")
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range rec.pages {
			k.makeKey(p)
		}
	}
	b.ReportMetric(float64(len(rec.pages)), "pages")
}
