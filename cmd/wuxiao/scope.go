package main

import (
	"fmt"
	"strings"

	"wuxiao/generator"
	"wuxiao/generator/pullreq"
)

// scope: wuxiao scope --base REV [--author LOGIN] [--format text|github|json] [--out FILE] [--root DIR]
func (m *Main) scope(args []string) int {
	fs := m.newFlags("scope")
	var cfg generator.Config
	var opt generator.ScopeOptions
	rootFlag(fs, &cfg, "包含 content/ 的目录（在 Git 仓库内）")
	fs.StringVar(&opt.Base, "base", "", "基准版本，如 origin/main；判断 base...HEAD 之间的改动")
	fs.StringVar(&opt.Author, "author", m.getenv("GITHUB_ACTOR"), "改动者的账号，默认为环境变量 GITHUB_ACTOR")
	format := formatFlag(fs)
	out := outFlag(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case opt.Base == "":
		fmt.Fprintln(m.Stderr, "wuxiao scope：缺少 --base（如 --base origin/main）")
		return ExitUsage
	case strings.TrimSpace(opt.Author) == "":
		fmt.Fprintln(m.Stderr, "wuxiao scope：缺少 --author，环境变量 GITHUB_ACTOR 也为空")
		return ExitUsage
	case !m.checkFormat("scope", *format):
		return ExitUsage
	}
	r, err := generator.Scope(cfg, opt)
	if err != nil {
		return m.fail("scope", ExitUsage, err)
	}
	if errs, _ := r.BaseDiags.Count(); errs > 0 {
		fmt.Fprintf(m.Stderr, "wuxiao scope：注意：基准版本 %s 的 units.yaml 或 results.yaml 有 %d 处错误，按能读出的部分判断：\n%s", opt.Base, errs, r.BaseDiags.Text())
	}
	if err := m.printFindings(r.Refusals(), *format, *out); err != nil {
		return m.fail("scope", ExitUsage, err)
	}
	d := r.Decision
	if *format != "json" {
		fmt.Fprintln(m.Stderr, roleLine(d))
		if len(d.Refused) == 0 {
			fmt.Fprintf(m.Stderr, "权限检查通过：%s 可以做出这 %d 处改动。\n", d.Author, d.Files)
		} else {
			fmt.Fprintf(m.Stderr, "权限检查未通过：%d 处改动中有 %d 处不允许。\n", d.Files, len(d.Refused))
		}
	}
	if len(d.Refused) > 0 {
		return ExitFindings
	}
	return ExitOK
}

func roleLine(d pullreq.Decision) string {
	if len(d.Units) == 0 {
		return fmt.Sprintf("%s 不是基准版本 units.yaml 中任何单位的管理员（admins）。", d.Author)
	}
	names := make([]string, len(d.Units))
	for i, u := range d.Units {
		names[i] = fmt.Sprintf("%s（%s）", u.Name, u.ID)
	}
	return fmt.Sprintf("%s 是以下单位的管理员：%s。", d.Author, strings.Join(names, "、"))
}
