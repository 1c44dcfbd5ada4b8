package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkBuild runs wuxiao build as a user does on the synthetic trees of 10,000 and
// 100,000 awarded results (../shared/tools/synth.py) and reports, besides the time, the
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
			var files, size int64
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
				b.Fatal(err)
			}
			b.ReportMetric(float64(size)/1e6, "out-MB")
			b.ReportMetric(float64(files), "files")
			if peak := peakRSS(); peak > 0 {
				b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			}
		})
	}
}

// synthTree is a content root holding n synthetic results.
func synthTree(b *testing.B, n int) string {
	b.Helper()
	dir := os.Getenv("WUXIAO_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	root := filepath.Join(dir, "wuxiao-synth-"+strconv.Itoa(n))
	if _, err := os.Stat(filepath.Join(root, "content", "site.yaml")); err == nil {
		return root
	}
	tool := "../../../shared/tools/synth.py"
	if _, err := os.Stat(tool); err != nil {
		b.Skip("skipped: needs ../shared/tools/synth.py beside the repository")
	}
	if out, err := exec.Command("python3", tool, strconv.Itoa(n), root).CombinedOutput(); err != nil {
		b.Skipf("skipped: synth.py failed: %v\n%s", err, out)
	}
	return root
}
