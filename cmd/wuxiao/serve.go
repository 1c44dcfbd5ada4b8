package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"wuxiao/generator"
)

// serve: wuxiao serve [--root DIR] [--now DATE] [--addr HOST:PORT]
func (m *Main) serve(args []string) int {
	fs := m.newFlags("serve")
	var cfg generator.Config
	var opt generator.ServeOptions
	configFlags(fs, &cfg)
	fs.StringVar(&opt.Addr, "addr", "127.0.0.1:1313", "预览网址的主机和端口")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	opt.Log = m.Stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := generator.Serve(ctx, cfg, opt); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return m.fail("serve", ExitUsage, err)
	}
	return ExitOK
}
