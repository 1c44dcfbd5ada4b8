package main

import (
	"fmt"
	"slices"
	"strings"

	"wuxiao/generator"
	"wuxiao/generator/content"
)

const newUsage = `用法：wuxiao new submission --unit 单位代码 --title 项目名称 [--year 年份]   基层单位申报一项成果
      wuxiao new commendation --unit 单位代码 [--year 年份]               县区等工会推荐（或基层工会表彰）待推荐的成果
      wuxiao new competition --year 年份                                 沿用上一年设置新一年的竞赛
      wuxiao new review --expert 专家代码 [--year 年份]                    专家评分表
      wuxiao new case --title 标题 [--year 年份]                          典型案例
      wuxiao new bulletin --title 标题 [--year 年份]                      工作简报`

// new: wuxiao new KIND --title TITLE [--unit ID] [--year YEAR] [--root DIR] [--now DATE]
func (m *Main) new(args []string) int {
	if len(args) == 0 || !slices.Contains(generator.NewKinds, args[0]) {
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(m.Stderr, "wuxiao new：未知的类型 %q\n", args[0])
		}
		fmt.Fprintln(m.Stderr, newUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return ExitOK
		}
		return ExitUsage
	}
	opt := generator.NewOptions{Kind: args[0]}
	fs := m.newFlags("new " + opt.Kind)
	var cfg generator.Config
	configFlags(fs, &cfg)
	fs.StringVar(&opt.Title, "title", "", "标题（申报成果为项目名称）")
	fs.IntVar(&opt.Year, "year", 0, "竞赛年份，默认为今天所在的年份")
	switch opt.Kind {
	case "submission":
		fs.StringVar(&opt.Unit, "unit", "", "申报单位的代码（units.yaml 中的 id）")
	case "commendation":
		fs.StringVar(&opt.Unit, "unit", "", "发文单位的代码：县区、产业、市直工会或基层工会")
	case "review":
		fs.StringVar(&opt.Expert, "expert", "", "专家代码（experts.yaml 中的 id）")
	}
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	plan, err := generator.New(cfg, opt)
	if err != nil {
		return m.fail("new", ExitUsage, err)
	}
	for _, f := range plan.Files {
		verb := "已修改"
		if f.Created {
			verb = "已创建"
		}
		fmt.Fprintf(m.Stdout, "%s %s\n", verb, f.Path)
	}
	for _, n := range plan.Notes {
		fmt.Fprintln(m.Stderr, n)
	}
	fmt.Fprintf(m.Stderr, "下一步：把文件中的每个 %s 换成实际内容，然后运行 wuxiao check 检查。\n", content.Placeholder)
	return ExitOK
}
