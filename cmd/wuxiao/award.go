package main

import (
	"errors"
	"fmt"

	"wuxiao/generator"
)

// award: wuxiao award --year YEAR [--write] [--root DIR] [--now DATE]
func (m *Main) award(args []string) int {
	fs := m.newFlags("award")
	var cfg generator.Config
	configFlags(fs, &cfg)
	year := fs.Int("year", 0, "评选的年份（必填）")
	write := fs.Bool("write", false, "按拟授奖项写出 content/<年份>/results.yaml（草稿），保留已有的 override 及其理由")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *year == 0 {
		fmt.Fprintln(m.Stderr, "wuxiao award：请用 --year 指定年份，例如 --year 2023")
		return ExitUsage
	}
	r, err := generator.Award(cfg, *year)
	if err != nil {
		return m.fail("award", ExitUsage, err)
	}
	if err := r.Analysis.Print(m.Stdout); err != nil {
		return m.fail("award", ExitUsage, err)
	}
	if errs, _ := r.Diags.Count(); errs > 0 {
		fmt.Fprintf(m.Stderr, "注意：wuxiao check 发现 %d 个错误；未通过检查的成果不参加评奖。\n", errs)
	}
	if !*write {
		return ExitOK
	}
	rel, changed, err := generator.WriteResults(cfg, r)
	switch {
	case errors.Is(err, generator.ErrRefused):
		return m.fail("award", ExitFindings, err)
	case err != nil:
		return m.fail("award", ExitUsage, err)
	case !changed:
		fmt.Fprintf(m.Stdout, "%s 无需改动。\n", rel)
	default:
		fmt.Fprintf(m.Stdout, "已写出 %s（%d 个奖项）。\n", rel, len(r.Analysis.Decided))
	}
	return ExitOK
}
