package render

import (
	"io"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/cpuclock"
	"wuxiao/generator/testtree"
)

// BenchmarkOpenDataWrite streams the open data of the synthetic tree's years
// (WUXIAO_BENCH_ROOT, or 1,000 results) as a build without a cache writes them
// (DataFile.WriteTo), and reports the processor time besides the wall time: the build
// does nothing else meanwhile.
func BenchmarkOpenDataWrite(b *testing.B) {
	tree, _, err := content.Load(content.DirFS(testtree.BenchRoot(b, 1000)))
	if err != nil {
		b.Fatal(err)
	}
	site := NewSite(tree, "https://example.org/", date("2026-11-25"))
	var files []*DataFile
	for _, y := range site.Years {
		if y.Public {
			d, err := yearDataFile(y, site.BaseURL)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, d)
		}
	}
	var cpu time.Duration
	for b.Loop() {
		start := cpuclock.Used()
		for _, d := range files {
			if _, err := d.WriteTo(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		cpu += cpuclock.Used() - start
	}
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
}
