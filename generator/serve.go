package generator

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"time"

	"wuxiao/generator/diag"
	"wuxiao/generator/fserr"
	"wuxiao/generator/live"
	"wuxiao/generator/watch"
)

// ServeOptions say where to listen and how to batch changes.
type ServeOptions struct {
	Addr  string        // host:port; port 0 picks a free one
	Quiet time.Duration // see watch.Options
	Max   time.Duration
	Log   io.Writer // progress, one line per rebuild; nil means none
	// Ready, if set, is called with the site's address once it is being served.
	Ready func(url string)
	// Built, if set, is called after every quick rebuild with its changed paths (nil for
	// the first, or for everything) and its duration, once the result is published.
	Built func(changed []string, took time.Duration)
	// Settled, if set, is called after every full check whose tree is still the latest,
	// once its outcome is published, with the number of errors it found.
	Settled func(errors int)
	// Static holds files published beside the theme's static files, as BuildOptions.Static.
	Static fs.FS
	// FullDelay is how long the full check (every rule over the whole tree, duplicate
	// included) waits after a change before it starts; default 50 ms. It runs on one
	// core, so that the reload it follows has the other, and stops when a newer change
	// comes (once one full check has finished: the quick checks build on it).
	FullDelay time.Duration
}

// Serve builds the site, serves it from memory and rebuilds it on every change under
// cfg.Root until ctx ends. A failed check keeps the last good site and shows its errors
// over the pages; a rebuilt site makes the open pages reload. Each change gets a quick
// check at once and a full one (rule duplicate included) right after; see preview.
func Serve(ctx context.Context, cfg Config, opt ServeOptions) error {
	cfg = cfg.withDefaults()
	if opt.FullDelay <= 0 {
		opt.FullDelay = 50 * time.Millisecond
	}
	if !isDir(cfg.Root) {
		return fmt.Errorf("根目录 %s 不存在或不是目录", cfg.Root)
	}
	logf := func(format string, args ...any) {
		if opt.Log != nil { // a full disk or a folder without permission said in Chinese
			fmt.Fprintf(opt.Log, format+"\n", fserr.Args(args)...)
		}
	}
	w, err := watch.New(cfg.Root, watch.Options{Quiet: opt.Quiet, Max: opt.Max, Skip: func(rel string) bool { return rel == "public" || rel == "node_modules" }})
	if err != nil {
		return fmt.Errorf("无法监视 %s：%w", cfg.Root, err)
	}
	defer w.Close()
	ln, err := net.Listen("tcp", opt.Addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + "/"
	srv := live.New()
	ss := newSession(newPreview(cfg, url, opt.Static), srv, logf)
	ss.settled = opt.Settled
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go ss.fullWorker(ctx, opt.FullDelay)
	took := ss.change(nil)
	if opt.Built != nil {
		opt.Built(nil, took)
	}
	hs := &http.Server{Handler: hostGuard(opt.Addr, srv), ReadHeaderTimeout: 10 * time.Second} // servehost.go
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	defer func() {
		shut, done := context.WithTimeout(context.Background(), time.Second)
		defer done()
		_ = hs.Shutdown(shut)
	}()
	logf("正在预览 %s ，修改 content/ 或 layouts/ 后页面会自动刷新；按 Ctrl+C 结束。", url)
	if opt.Ready != nil {
		opt.Ready(url)
	}
	batches := make(chan watch.Batch)
	watched := make(chan error, 1)
	go func() { watched <- w.Run(ctx, batches) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-served:
			return err
		case err := <-watched:
			if err != nil {
				return fmt.Errorf("监视文件时出错：%w", err)
			}
			return nil
		case j := <-ss.results:
			ss.settle(j)
		case b := <-batches:
			var changed []string
			for _, rel := range b.Paths {
				if affects(rel) {
					changed = append(changed, rel)
				}
			}
			if b.All {
				changed = nil
			} else if len(changed) == 0 {
				continue
			}
			took := ss.change(changed)
			if opt.Built != nil {
				opt.Built(changed, took)
			}
		}
	}
}

// problems are the errors of diags, for the overlay.
func problems(diags *diag.List) []live.Problem {
	var out []live.Problem
	for _, d := range diags.Items() {
		if d.Severity == diag.Error {
			out = append(out, live.Problem{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Rule: d.Rule, Message: d.Message()})
		}
	}
	return out
}
