package render

import (
	"bytes"
	"encoding/json"
	"os"
	"sync/atomic"
	"testing"

	"wuxiao/layouts"
)

// discard counts what a render writes.
type discard struct{ bytes atomic.Int64 }

func (d *discard) WriteFile(_ string, data []byte) error { d.bytes.Add(int64(len(data))); return nil }

// BenchmarkRender renders the synthetic tree of WUXIAO_BENCH_ROOT (make one with
// python3 generator/testtree/testdata/synth.py 10000 /tmp/synth10k) into memory, without the check.
func BenchmarkRender(b *testing.B) {
	root := os.Getenv("WUXIAO_BENCH_ROOT")
	if root == "" {
		b.Skip("set WUXIAO_BENCH_ROOT to a content root, e.g. one made by generator/testtree/testdata/synth.py")
	}
	tree := loadTree(b, root)
	b.ResetTimer()
	for b.Loop() {
		out := &discard{}
		site := NewSite(tree, "", date("2026-11-25"))
		rep, err := Render(site, Options{Theme: layouts.FS(), Src: tree.FS}, out)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Pages), "pages")
		b.ReportMetric(float64(out.bytes.Load())/(1<<20), "MiB")
	}
}

// BenchmarkDataFile marshals the largest year's open data of the synthetic tree of
// WUXIAO_BENCH_ROOT: whole (DataFile.Bytes, into a new buffer), and the results' lines
// into a buffer kept, typed (appendResultJSON) and, to compare, through encoding/json as
// they were written before.
func BenchmarkDataFile(b *testing.B) {
	root := os.Getenv("WUXIAO_BENCH_ROOT")
	if root == "" {
		b.Skip("set WUXIAO_BENCH_ROOT to a content root, e.g. one made by generator/testtree/testdata/synth.py")
	}
	tree := loadTree(b, root)
	site := NewSite(tree, "https://example.org/", date("2026-11-25"))
	var y *Year
	for _, yy := range site.Years {
		if yy.Public && (y == nil || len(yy.Results) > len(y.Results)) {
			y = yy
		}
	}
	d, err := yearDataFile(y, site.BaseURL)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			if _, err := d.Bytes(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("typed", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf = buf[:0]
			for _, res := range d.Results {
				if buf, err = appendResult(buf, res, d.base); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			for _, res := range d.Results {
				if err := enc.Encode(resultDataOf(res, d.base)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkListPages writes the unit and facet pages of the synthetic tree of
// WUXIAO_BENCH_ROOT on one goroutine: their mains typed (unitMain, facetMain), and, to
// compare, through html/template's unit.html and facet.html.
func BenchmarkListPages(b *testing.B) {
	root := os.Getenv("WUXIAO_BENCH_ROOT")
	if root == "" {
		b.Skip("set WUXIAO_BENCH_ROOT to a content root, e.g. one made by generator/testtree/testdata/synth.py")
	}
	tree := loadTree(b, root)
	r, err := newRenderer(NewSite(tree, "", date("2026-11-25")), Options{Theme: layouts.FS(), Src: tree.FS, Workers: 1}, &discard{})
	if err != nil {
		b.Fatal(err)
	}
	var pages []*PageData
	for _, j := range r.pageJobs() {
		if j.page.Kind == "unit" || j.page.Kind == "facet" {
			pages = append(pages, j.page)
		}
	}
	run := func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			for _, p := range pages {
				buf.Reset()
				if err := r.execute(&buf, p); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(pages)), "pages")
	}
	b.Run("typed", run)
	mains := r.twins.mains
	r.twins.mains = nil
	b.Run("template", run)
	r.twins.mains = mains
}
