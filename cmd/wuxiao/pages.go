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
	out := fs.String("out", "", "写入这个文件，而不是标准输出")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *base == "" {
		fmt.Fprintln(m.Stderr, "wuxiao pages：缺少 --base（如 --base origin/main）")
		return ExitUsage
	}
	if *format != "text" && *format != "markdown" && *format != "json" {
		fmt.Fprintf(m.Stderr, "wuxiao pages：未知的输出格式 %q（可选 text、markdown、json）\n", *format)
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
	if *out == "" {
		io.WriteString(m.Stdout, b.String())
		return ExitOK
	}
	if err := generator.WriteFile(*out, []byte(b.String())); err != nil {
		return m.fail("pages", ExitUsage, err)
	}
	return ExitOK
}
