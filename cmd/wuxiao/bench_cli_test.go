package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"wuxiao/generator/testtree"
)

// BenchmarkCLIRebuild is issue 17's rebuild as a user (or a CI job keeping its cache)
// runs it: a fresh wuxiao process for every build, where BenchmarkCachedRebuild builds
// in this one, whose heap, once grown by the first build, the next ones find mapped
// (session 11 measured 0.28 of a cold build that way against 0.56-0.60 from the command
// line). It builds the program once, then times a cold build of a copy of the
// 10,000-result synthetic tree (no cache, no previous output) and, in the loop, a
// rebuild through the cache over the previous output after one submission's title
// changed (going round three titles, as BenchmarkCachedRebuild). It reports the
// rebuild's wall time (x-cold) and processor time, the child's user and system
// (cpu-x-cold, cpu-ms/op), against the cold build's, and the rebuild's peak memory and
// minor page faults; and it checks that the last rebuild's output is byte for byte a
// cold build's of the same tree. With WUXIAO_BENCH_DIR set, the tree, the outputs and the
// cache are all under it:
//
//	WUXIAO_BENCH_DIR=/dev/shm go test ./cmd/wuxiao -run - -bench CLIRebuild -benchtime 5x
func BenchmarkCLIRebuild(b *testing.B) {
	root := synthTree(b, 10000)
	dir := benchDir(b)
	exe := filepath.Join(dir, "wuxiao")
	goBuild := exec.Command("go", "build", "-o", exe, ".")
	goBuild.Env = goCommandEnv()
	if out, err := goBuild.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	work, out, cache := filepath.Join(dir, "tree"), filepath.Join(dir, "public"), filepath.Join(dir, "cache")
	testtree.Copy(b, root, work)
	env := append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dir, "xdg")) // the fingerprint cache of its own
	build := func(out string, args ...string) childRun {
		return runChild(b, env, exe, append([]string{"build", "--root", work, "--out", out, "--now", "2026-11-25"}, args...)...)
	}
	cold := func(out string) childRun {
		os.RemoveAll(out)
		return build(out)
	}
	cold(out)
	coldRun := cold(out)         // the second, with the tree's files in memory as they are for the rebuilds
	build(out, "--cache", cache) // fills the cache
	build(out, "--cache", cache) // and records the folder kept beside the output too
	sub := filepath.Join(work, "content", "2023", "submissions", "chengqu-u00000", "s000000.md")
	data, err := os.ReadFile(sub)
	if err != nil {
		b.Fatal(err)
	}
	title := regexp.MustCompile(`(?m)^title: .*$`)
	var total childRun
	var peak, faults int64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		edited := title.ReplaceAll(data, []byte("title: 第"+strconv.Itoa(i%3)+"次改过的标题"))
		if err := os.WriteFile(sub, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		r := build(out, "--cache", cache)
		total.wall, total.cpu = total.wall+r.wall, total.cpu+r.cpu
		peak, faults = max(peak, r.peak), faults+r.faults
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(total.wall)/n/float64(coldRun.wall), "x-cold")
	b.ReportMetric(float64(total.cpu)/n/float64(coldRun.cpu), "cpu-x-cold")
	b.ReportMetric(float64(total.cpu)/n/1e6, "cpu-ms/op")
	b.ReportMetric(float64(coldRun.cpu)/1e6, "cold-cpu-ms")
	if peak > 0 {
		b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
		b.ReportMetric(float64(faults)/n, "minflt/op")
	}
	ref := filepath.Join(dir, "public-cold")
	cold(ref)
	if diffs := differentFiles(b, out, ref); len(diffs) > 0 {
		b.Fatalf("the rebuild differs from a cold build in %d files, e.g. %s", len(diffs), strings.Join(diffs[:min(5, len(diffs))], ", "))
	}
}

// childRun is what one wuxiao process took: its wall time, its processor time (user and
// system), its peak memory and its minor page faults (the last two 0 where unknown).
type childRun struct {
	wall, cpu    time.Duration
	peak, faults int64
}

// runChild runs exe with args and env, and fails b unless it exits 0.
func runChild(b *testing.B, env []string, exe string, args ...string) childRun {
	b.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %s: %v\n%s", exe, strings.Join(args, " "), err, stderr.Bytes())
	}
	r := childRun{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	r.peak, r.faults = childUsage(cmd.ProcessState)
	return r
}

// differentFiles lists the paths under a and b that are not the same in both: a file's
// bytes and mode, a folder, a link's target.
func differentFiles(t testing.TB, a, b string) []string {
	t.Helper()
	return testtree.Differences(testtree.Snapshot(t, a), testtree.Snapshot(t, b))
}
