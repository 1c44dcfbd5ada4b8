package main

import (
	"fmt"
	"io"

	"wuxiao/generator"
	"wuxiao/generator/scope"
)

// codeowners: wuxiao codeowners [--write] [--root DIR]
func (m *Main) codeowners(args []string) int {
	fs := m.newFlags("codeowners")
	var cfg generator.Config
	rootFlag(fs, &cfg, "包含 content/ 的目录")
	write := fs.Bool("write", false, "写入 <root>/.github/CODEOWNERS，而不是打印")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	text, skipped, bad, err := generator.Codeowners(cfg)
	if err != nil {
		return m.fail("codeowners", ExitUsage, err)
	}
	if bad != nil {
		bad.Print(m.Stderr, "text")
		fmt.Fprintln(m.Stderr, "wuxiao codeowners：units.yaml 有错误，请先改正。")
		return ExitFindings
	}
	for _, s := range skipped {
		fmt.Fprintf(m.Stderr, "wuxiao codeowners：警告：%s 不是有效的 GitHub 账号，已略过\n", s)
	}
	if !*write {
		io.WriteString(m.Stdout, text)
		return ExitOK
	}
	if err := generator.WriteCodeowners(cfg, text); err != nil {
		return m.fail("codeowners", ExitUsage, err)
	}
	fmt.Fprintf(m.Stderr, "已写入 %s；请与 units.yaml 一同提交。\n", scope.CodeownersFile)
	return ExitOK
}
