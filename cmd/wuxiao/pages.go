package main

import (
	"fmt"
	"io"
	"strings"

	"wuxiao/generator"
	"wuxiao/generator/pullreq"
)

// pages: wuxiao pages --base REV [--format text|markdown|json] [--out FILE] [--root DIR]
func (m *Main) pages(args []string) int {
	fs := m.newFlags("pages")
	var cfg generator.Config
	rootFlag(fs, &cfg, "包含 content/ 的目录（在 Git 仓库内）")
	base := fs.String("base", "", "基准版本，如 origin/main")
	format := fs.String("format", "text", "输出格式：text、markdown 或 json")
	out := textOutFlag(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *base == "" {
		fmt.Fprintln(m.Stderr, "wuxiao pages：缺少 --base（如 --base origin/main）")
		return ExitUsage
	}
	if err := pullreq.FormatPages(io.Discard, *format, "", nil, nil); err != nil { // before the Git work
		fmt.Fprintf(m.Stderr, "wuxiao pages：%v\n", err)
		return ExitUsage
	}
	r, err := generator.Pages(cfg, *base)
	if err != nil {
		return m.fail("pages", ExitUsage, err)
	}
	var b strings.Builder
	if err := pullreq.FormatPages(&b, *format, r.BaseURL, r.Pages, r.Hidden); err != nil {
		return m.fail("pages", ExitUsage, err)
	}
	return m.writeText("pages", *out, b.String())
}
