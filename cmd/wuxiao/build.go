package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"wuxiao/generator"
)

// build: wuxiao build [--root DIR] [--now DATE] [--out DIR] [--base-url URL] [--compress] [--cache DIR]
func (m *Main) build(args []string) int {
	fs := m.newFlags("build")
	var cfg generator.Config
	var opt generator.BuildOptions
	configFlags(fs, &cfg)
	fs.StringVar(&opt.Out, "out", "", "输出目录（默认为 --root 下的 public）")
	baseURLFlag(fs, &opt.BaseURL)
	cacheDir := fs.String("cache", "", "构建缓存目录：下次构建只重新生成内容有变化的页面（可由 CI 在两次构建之间保留）")
	fs.BoolVar(&opt.Compress, "compress", false, "为文本文件预先写出 .gz 和 .br 压缩副本（供 nginx 的 gzip_static、brotli_static 使用）")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if !m.checkBaseURL("build", &opt.BaseURL) {
		return ExitUsage
	}
	var cache *buildCache
	if *cacheDir != "" {
		var err error
		if cache, err = openBuildCache(*cacheDir); err != nil {
			return m.fail("build", ExitUsage, err)
		}
		opt.Cache = cache
		opt.Warn = func(msg string) { fmt.Fprintf(m.Stderr, "wuxiao build：警告：%s\n", msg) }
	}
	defer buildPace()() // limitMemory bounds it by the content's size once loaded
	opt.Waiting = func(dir string) {
		fmt.Fprintf(m.Stderr, "wuxiao build：另一次构建正在 %s 中写入网站，等它完成后再开始……\n", dir)
	}
	opt.Loaded = func(contentBytes int64) { limitMemory(contentBytes, cache != nil) }
	start := time.Now()
	diags, rep, err := generator.Build(cfg, opt)
	if diags != nil {
		_ = diags.Print(m.Stdout, "text")
	}
	switch {
	case errors.Is(err, generator.ErrCheckFailed):
		errs, warns := diags.Count()
		fmt.Fprintf(m.Stderr, "wuxiao build：%v（%d 个错误，%d 个警告）。\n", err, errs, warns)
		return ExitFindings
	case err != nil:
		return m.fail("build", ExitUsage, err)
	}
	if cache != nil {
		cache.prune()
	}
	compressed := ""
	if opt.Compress {
		compressed = fmt.Sprintf("（%d 个文件另有 .gz、.br 压缩副本）", rep.Compressed)
	}
	fmt.Fprintf(m.Stderr, "已生成 %s：%d 个页面，%d 个文件%s，%.1f MiB，用时 %.2f 秒。\n",
		generator.OutDir(cfg, opt), rep.Pages, rep.Files, compressed, float64(rep.Bytes)/(1<<20), time.Since(start).Seconds())
	return ExitOK
}

// limitMemory bounds the heap of a build at heapPerContentByte times the size of the
// content (GOMEMLIMIT, when set, decides instead). A build holds about five times the
// content at its peak, and Go's collector would let the heap grow to twice that; the
// limit makes it collect sooner near the peak: on the 10,000-result synthetic tree
// (28.6 MB of content) on a quiet machine, 8.5 → 10.7 s of user CPU and 6.2 → 7.2 s of
// wall time (medians of 3) for 470 → 266 MB at the peak, under half of Hugo's. It is a
// soft limit: the collector never takes more than half the CPU to keep it. Set
// GOMEMLIMIT=off to trade the memory back for the time. A build through a cache holds
// more (cached), and is bounded at heapPerContentByteCached times the content instead.
func limitMemory(contentBytes int64, cached bool) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryLimit(contentBytes, cached))
}

// memoryLimit is the heap limit for contentBytes of content: heapPerContentByte times it,
// between minHeapLimit and maxHeapLimit. Above the ceiling the live heap of a large site
// is far below the limit and the collector paces itself as usual (GOGC): on the
// 100,000-result tree (448 MB of content) the limit of 3.5 GB let the peak reach 2.23 GiB;
// with 1,700 MiB it was 1.94 GiB for the same CPU (93.8 and 93.5 s user+sys). Later
// builds, with less CPU and a peak that varies from run to run, reached 1.67-1.94 GiB
// under 1,700 MiB (8 runs, wall median 17.6 s), 1.56-1.78 GiB under 1,536 MiB (10 runs,
// 18.9 s) and 1.57-1.66 GiB under 1,600 MiB (4 runs, 17.7 s): the ceiling is 1,600 MiB,
// to keep the 2 GiB goal with room.
func memoryLimit(contentBytes int64, cached bool) int64 {
	per := int64(heapPerContentByte)
	if cached {
		per = heapPerContentByteCached
	}
	return min(maxHeapLimit, max(minHeapLimit, per*contentBytes))
}

// buildPace lets the heap of a build grow to five times what is live before the
// collector runs (GOGC=400), under maxHeapLimit until limitMemory bounds it by the
// content's size, which then paces the collector near the peak; the function it returns
// sets the pace back. Most of what a build holds at its peak is live from the start:
// the tree loaded (and, through a cache, the kept parse, decoded while the content
// loads). At the usual pace the collector ran 16 times in a cold build at 10,000
// results, 8 of them before the limit took over, each to find nearly all of it live (6
// times through a cache, the first four while the content loaded). GOGC or GOMEMLIMIT,
// when set, decide instead.
func buildPace() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	was := debug.SetGCPercent(400)
	debug.SetMemoryLimit(maxHeapLimit)
	return func() { debug.SetGCPercent(was) }
}

// hugeHeapBytes is how much of the heap build, check and dupes ask to be backed by huge
// pages (hugeHeap, from main, at most half the machine's memory): as much as a build's
// heap may grow under its ceiling, and room for what the runtime maps beside it. The
// memory a process touches costs more the more of it there is in pages of 4 KiB: with
// 256 MiB asked for (about what a build at 10,000 results maps), the 100,000-result
// build ran on 1.3 GiB of small pages (430,000 faults), and copying, clearing and
// scanning memory took 15-40 times their share at 10,000 results (perf). Asked for at
// the start, the whole heap is on huge pages (1.57 GiB, 30,000-54,000 faults) for the
// same peak: user+sys median of 7 alternated pairs under load 5-12, 64.8 -> 51 s. At
// 10,000 results nothing changes: the heap grows into the first 256 MiB as before, and
// the rest is address space never touched. Asking for more only once the content was
// loaded had been no gain (1,344 MiB more: faults 414,000 -> 171,000, the same CPU).
const hugeHeapBytes = maxHeapLimit + 256<<20

const (
	heapPerContentByte = 8
	// A cached rebuild after one title change at 10,000 results holds about 100-150 MB
	// live while its pages are placed (the kept parse decoded, the memos, the folders'
	// records), so that under 8 times the content (229 MB) the collector ran every 40 MB
	// or so of what it allocates: 11 times (315 MB) spared about a tenth of its CPU, and
	// still made a third collection near the end (the goal cut to 272 MB by the limit,
	// with 100 MB live), which 15 times (429 MB) leaves out: some 5 % of its CPU for 10-20
	// MB more at the peak (about 300 MB). Through a cache, sites of up to 28,000 results
	// or so may reach the ceiling where 11 times kept them under 900 MB.
	heapPerContentByteCached = 15
	minHeapLimit             = 128 << 20
	maxHeapLimit             = 1600 << 20 // issue 17: 100,000 results in at most 2 GiB
)
