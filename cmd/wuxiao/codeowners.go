package main

import (
	"fmt"
	"io"

	"wuxiao/generator"
)

// codeowners: wuxiao codeowners [--forge github|gitea|forgejo] [--write] [--root DIR]
func (m *Main) codeowners(args []string) int {
	fs := m.newFlags("codeowners")
	var cfg generator.Config
	rootFlag(fs, &cfg, "包含 content/ 的目录")
	forge := fs.String("forge", "", "代码托管平台：github、gitea 或 forgejo，默认取 site.yaml 的 forge（未写为 github）")
	write := fs.Bool("write", false, "写入该平台读取的位置（GitHub：.github/CODEOWNERS；Gitea、Forgejo：.gitea/CODEOWNERS），而不是打印")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	text, file, skipped, bad, err := generator.Codeowners(cfg, *forge)
	if err != nil {
		return m.fail("codeowners", ExitUsage, err)
	}
	if bad != nil {
		bad.Print(m.Stderr, "text")
		fmt.Fprintln(m.Stderr, "wuxiao codeowners：units.yaml 有错误，请先改正。")
		return ExitFindings
	}
	for _, s := range skipped {
		fmt.Fprintf(m.Stderr, "wuxiao codeowners：警告：%s 不是有效的账号，已略过\n", s)
	}
	if !*write {
		io.WriteString(m.Stdout, text)
		return ExitOK
	}
	if err := generator.WriteCodeowners(cfg, file, text); err != nil {
		return m.fail("codeowners", ExitUsage, err)
	}
	fmt.Fprintf(m.Stderr, "已写入 %s；请与 units.yaml 一同提交。\n", file)
	return ExitOK
}
