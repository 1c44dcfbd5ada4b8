package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"testing"
	"time"

	"wuxiao/generator/cpuclock"
	"wuxiao/generator/testtree"
)

// BenchmarkBuild runs wuxiao build as a user does on the synthetic trees of 10,000 and
// 100,000 awarded results (testtree.Synth) and reports, besides the time, the
// peak memory of the process so far and the output's size and files. The trees are
// written under WUXIAO_BENCH_DIR when set (and kept there for the next run), else in a
// temporary folder; the 100,000 one only with WUXIAO_BENCH_100K=1. Run one size at a
// time for its own peak:
//
//	WUXIAO_BENCH_DIR=/dev/shm WUXIAO_BENCH_100K=1 go test ./cmd/wuxiao -run - -bench 'Build/100k' -benchtime 1x
//
// Against Hugo, in one run on the same machine: ../shared/tools/bench-vs-hugo.sh.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(strconv.Itoa(n/1000)+"k", func(b *testing.B) {
			if n > 10000 && os.Getenv("WUXIAO_BENCH_100K") == "" {
				b.Skip("set WUXIAO_BENCH_100K=1 for the 100,000-result tree (a few minutes and 3 GB of output)")
			}
			root := synthTree(b, n)
			out := filepath.Join(b.TempDir(), "public")
			for b.Loop() {
				if code, stdout, stderr := run("build", "--root", root, "--out", out, "--now", "2026-11-25"); code != ExitOK {
					b.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
				}
			}
			files, size := outputSize(b, out)
			b.ReportMetric(float64(size)/1e6, "out-MB")
			b.ReportMetric(float64(files), "files")
			if peak := peakRSS(); peak > 0 {
				b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			}
		})
	}
}

// TestOutputBytesPerResult: what one more awarded result adds to the output, measured as
// the difference between the builds of 300 and 100 synthetic results, stays in its budget.
// Issue 17's goal is 12,000 bytes (120 MB for 10,000 results); the budget follows what
// has been reached so far (28,350 bytes when this test was written, with a certificate page
// of its own per result; 17,988 once the reading bar, the list entries, the result page's
// head and the rolls were made lean and the year's certificate sheet left the site; 16,031
// once the search doc files lost the body; 15,200 once every page linked one style sheet,
// the description was one element for both its readers, the certificate's QR code lost its
// drawn quiet zone and the lists, header and result pages the end tags HTML lets go; 14,990
// once awards were one class and a result page's section headings bare) so that nothing
// grows it back.
func TestOutputBytesPerResult(t *testing.T) {
	const budget = 15100
	size := func(n int) int64 {
		root := synthTree(t, n)
		out := filepath.Join(t.TempDir(), "public")
		if code, stdout, stderr := run("build", "--root", root, "--out", out, "--now", "2026-11-25"); code != ExitOK {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
		_, bytes := outputSize(t, out)
		return bytes
	}
	small, large := size(100), size(300)
	if per := (large - small) / 200; per > budget {
		t.Errorf("each result adds %d bytes to the output, budget %d (%d bytes at 100 results, %d at 300)", per, budget, small, large)
	} else {
		t.Logf("each result adds %d bytes (budget %d)", per, budget)
	}
}

// outputSize counts the files and bytes under out.
func outputSize(t testing.TB, out string) (files, size int64) {
	t.Helper()
	err := filepath.WalkDir(out, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			files, size = files+1, size+info.Size()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, size
}

// synthTree is a content root holding n synthetic results.
func synthTree(b testing.TB, n int) string {
	b.Helper()
	dir := os.Getenv("WUXIAO_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	root := filepath.Join(dir, "wuxiao-synth-"+strconv.Itoa(n))
	testtree.Synth(b, n, root)
	return root
}

// BenchmarkCachedRebuild is issue 17's rebuild after one submission changes, with the
// cache kept between builds (wuxiao build --cache): on the 10,000-result synthetic tree,
// each iteration changes one submission's title (going round three titles, so that each
// stays in the cache only as far as the cache keeps it, and neither the output built over
// nor the one before it, which a cached build brings up to date in place, already holds
// the new one) and builds again over the previous output. It reports the ratio of the rebuild's time to a cold build's, measured
// before the loop (the goal is 0.1). With WUXIAO_BENCH_DIR set, the tree, the output
// and the cache are all under it. With WUXIAO_REBUILD_PROFILE set, it writes a CPU
// profile of the rebuilds alone there (-cpuprofile would hold the cold builds too):
//
//	WUXIAO_BENCH_DIR=/dev/shm WUXIAO_REBUILD_PROFILE=/tmp/rebuild.prof go test ./cmd/wuxiao -run - -bench CachedRebuild -benchtime 5x
func BenchmarkCachedRebuild(b *testing.B) {
	benchCachedRebuild(b, true)
}

// BenchmarkCachedRebuildCI is BenchmarkCachedRebuild as a CI job runs it: the cache is
// kept between jobs (actions/cache) but the output is not, so each rebuild writes a new
// output folder from the cache.
func BenchmarkCachedRebuildCI(b *testing.B) {
	benchCachedRebuild(b, false)
}

// BenchmarkCacheFill is the first build through an empty cache (a CI job after a new
// wuxiao or a cache evicted), reporting its ratio to a cold build without one.
func BenchmarkCacheFill(b *testing.B) {
	root := synthTree(b, 10000)
	dir := benchDir(b)
	out, cache := filepath.Join(dir, "public"), filepath.Join(dir, "cache")
	build := func(args ...string) time.Duration { return timedBuild(b, root, out, false, args...) }
	build()
	cold := build()
	stop := rebuildProfile(b)
	defer stop()
	var total time.Duration
	b.ResetTimer()
	for b.Loop() {
		os.RemoveAll(cache)
		total += build("--cache", cache)
	}
	b.ReportMetric(float64(total)/float64(b.N)/float64(cold), "x-cold")
}

// BenchmarkColdBuild is a cold build of the 10,000-result synthetic tree as
// bench-vs-hugo.sh times it: no cache and no previous output (BenchmarkBuild builds
// over its previous output). It reports the processor time a build takes too
// (cpu-ms/op, user and system, the previous output's deletion left out), which the
// other work of a shared machine changes less than the wall time. With
// WUXIAO_REBUILD_PROFILE set, it writes a CPU profile of these builds (and of deleting
// each one's output) alone there:
//
//	WUXIAO_BENCH_DIR=/dev/shm WUXIAO_REBUILD_PROFILE=/tmp/cold.prof go test ./cmd/wuxiao -run - -bench ColdBuild -benchtime 3x
func BenchmarkColdBuild(b *testing.B) {
	root := synthTree(b, 10000)
	out := filepath.Join(benchDir(b), "public")
	timedBuild(b, root, out, false) // the tree's files in memory, as for the builds timed
	stop := rebuildProfile(b)
	defer stop()
	var cpu time.Duration
	b.ResetTimer()
	for b.Loop() {
		os.RemoveAll(out)
		start := cpuclock.Used()
		timedBuild(b, root, out, false)
		cpu += cpuclock.Used() - start
	}
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// timedBuild runs wuxiao build of root into out with args (over the output there when
// keepOutput, else into none) and gives its time.
func timedBuild(b *testing.B, root, out string, keepOutput bool, args ...string) time.Duration {
	if !keepOutput {
		os.RemoveAll(out)
	}
	start := time.Now()
	args = append([]string{"build", "--root", root, "--out", out, "--now", "2026-11-25"}, args...)
	if code, stdout, stderr := run(args...); code != ExitOK {
		b.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	return time.Since(start)
}

// benchDir is a folder for a benchmark's output and cache: under WUXIAO_BENCH_DIR when
// set (the same file system as the tree), else a temporary one.
func benchDir(b *testing.B) string {
	d := os.Getenv("WUXIAO_BENCH_DIR")
	if d == "" {
		return b.TempDir()
	}
	dir, err := os.MkdirTemp(d, "wuxiao-rebuild-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// rebuildProfile starts a CPU profile into WUXIAO_REBUILD_PROFILE when set, and a
// runtime trace (go tool trace: what runs on each core, and when) into
// WUXIAO_REBUILD_TRACE when set; the function it returns stops them.
func rebuildProfile(b *testing.B) func() {
	stops := []func(){}
	if file := os.Getenv("WUXIAO_REBUILD_PROFILE"); file != "" {
		f, err := os.Create(file)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		stops = append(stops, func() {
			pprof.StopCPUProfile()
			f.Close()
		})
	}
	if file := os.Getenv("WUXIAO_REBUILD_TRACE"); file != "" {
		f, err := os.Create(file)
		if err != nil {
			b.Fatal(err)
		}
		if err := trace.Start(f); err != nil {
			b.Fatal(err)
		}
		stops = append(stops, func() {
			trace.Stop()
			f.Close()
		})
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}

// benchCachedRebuild is BenchmarkCachedRebuild, with the previous output kept or not.
func benchCachedRebuild(b *testing.B, keepOutput bool) {
	root := synthTree(b, 10000)
	dir := benchDir(b)
	work, out, cache := filepath.Join(dir, "tree"), filepath.Join(dir, "public"), filepath.Join(dir, "cache")
	testtree.Copy(b, root, work)
	build := func(args ...string) time.Duration { return timedBuild(b, work, out, keepOutput, args...) }
	build()
	coldCPU := cpuclock.Used()
	cold := build() // the second, with the tree's files in memory as they are for the rebuilds
	coldCPU = cpuclock.Used() - coldCPU
	build("--cache", cache) // fills the cache
	build("--cache", cache) // and records the folder kept beside the output too: as every rebuild after
	sub := filepath.Join(work, "content", "2023", "submissions", "chengqu-u00000", "s000000.md")
	data, err := os.ReadFile(sub)
	if err != nil {
		b.Fatal(err)
	}
	title := regexp.MustCompile(`(?m)^title: .*$`)
	stop := rebuildProfile(b)
	defer stop()
	var total, totalCPU time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		edited := title.ReplaceAll(data, []byte("title: 第"+strconv.Itoa(i%3)+"次改过的标题"))
		if err := os.WriteFile(sub, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		cpu := cpuclock.Used()
		total += build("--cache", cache)
		totalCPU += cpuclock.Used() - cpu
	}
	b.ReportMetric(float64(total)/float64(b.N)/float64(cold), "x-cold")
	if coldCPU > 0 { // the same ratio in processor time, which others' work on the machine changes less
		b.ReportMetric(float64(totalCPU)/float64(b.N)/float64(coldCPU), "cpu-x-cold")
		b.ReportMetric(float64(totalCPU)/float64(b.N)/1e6, "cpu-ms/op")
	}
}
