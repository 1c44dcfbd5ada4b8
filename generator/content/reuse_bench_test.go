package content

import (
	"os"
	"testing"

	"wuxiao/generator/testtree"
)

// BenchmarkReadReuse decodes the kept parse of the synthetic site of WUXIAO_BENCH_ROOT
// (10,000 results: 27 MB), or of 1,000 results written by testtree.Synth, as every
// cached rebuild does.
func BenchmarkReadReuse(b *testing.B) {
	root := os.Getenv("WUXIAO_BENCH_ROOT")
	if root == "" {
		root = b.TempDir()
		testtree.Synth(b, 1000, root)
	}
	reuse := &Reuse{}
	if _, _, err := LoadReusing(DirFS(root), reuse); err != nil {
		b.Fatal(err)
	}
	data, err := reuse.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadReuse(data); err != nil {
			b.Fatal(err)
		}
	}
}
