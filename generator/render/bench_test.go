package render

import (
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
