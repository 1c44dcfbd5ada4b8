package generator

import (
	"path/filepath"
	"testing"

	"wuxiao/generator/testtree"
)

// BenchmarkBuild10k runs the whole build (check, render, swap) over its previous
// output, on the synthetic tree of 10,000 awarded submissions (testtree.BenchRoot). To
// compare with Hugo, run ../shared/tools/bench-vs-hugo.sh, which times both in one run.
func BenchmarkBuild10k(b *testing.B) {
	root := testtree.BenchRoot(b, 10000)
	out := filepath.Join(b.TempDir(), "public")
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	b.ResetTimer()
	for b.Loop() {
		diags, rep, err := Build(cfg, BuildOptions{Out: out})
		if err != nil {
			b.Fatalf("%v\n%s", err, diags.Text())
		}
		b.ReportMetric(float64(rep.Pages), "pages")
	}
}
