package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/cpuclock"
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

// BenchmarkRebuild10k is a build through a kept cache after one submission's title
// changed (issue 17's rebuild: each iteration toggles the title of one submission), on
// a copy of the 10,000-result tree, into the output the last iteration left.
func BenchmarkRebuild10k(b *testing.B) {
	root := b.TempDir()
	testtree.Copy(b, testtree.BenchRoot(b, 10000), root)
	subs, _ := filepath.Glob(filepath.Join(root, "content", "*", "submissions", "*", "*.md"))
	if len(subs) == 0 {
		b.Fatal("no submission in the tree")
	}
	sub := subs[len(subs)/2]
	text, err := os.ReadFile(sub)
	if err != nil {
		b.Fatal(err)
	}
	edited := bytes.Replace(text, []byte("title: "), []byte("title: 改"), 1)
	if bytes.Equal(edited, text) {
		b.Fatalf("%s has no title line", sub)
	}
	dir := b.TempDir()
	out, cache := filepath.Join(dir, "public"), dirCache(filepath.Join(dir, "cache"))
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	build := func() {
		if diags, _, err := Build(cfg, BuildOptions{Out: out, Cache: cache}); err != nil {
			b.Fatalf("%v\n%s", err, diags.Text())
		}
	}
	build()
	versions := [][]byte{edited, text}
	var cpu time.Duration // processor time of the builds alone: the wall time moves with the host
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		if err := os.WriteFile(sub, versions[i%2], 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		used := cpuclock.Used()
		build()
		cpu += cpuclock.Used() - used
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkCheckDemo checks the repository's demo content as the desk does at each form
// sent and serve at each save: a small tree, where what a check costs whatever the
// tree's size shows (the dedup normalizer's tables, the sorting of 256 partitions).
func BenchmarkCheckDemo(b *testing.B) {
	now := testDate("2026-11-25")
	fsys := content.DirFS("..")
	for b.Loop() {
		if _, _, err := CheckFS(fsys, now, nil); err != nil {
			b.Fatal(err)
		}
	}
}
