package content

import (
	"testing"

	"wuxiao/generator/testtree"
)

// BenchmarkReadReuse decodes the kept parse of the synthetic site of WUXIAO_BENCH_ROOT
// (10,000 results: 27 MB), or of 1,000 results (testtree.BenchRoot), as every cached
// rebuild does.
func BenchmarkReadReuse(b *testing.B) {
	root := testtree.BenchRoot(b, 1000)
	reuse := &Reuse{}
	if _, _, err := LoadReusing(DirFS(root), reuse); err != nil {
		b.Fatal(err)
	}
	data, err := reuse.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	src := string(data)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadReuse(src); err != nil {
			b.Fatal(err)
		}
	}
}
