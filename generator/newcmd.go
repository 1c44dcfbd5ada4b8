package generator

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"wuxiao/generator/content"
	"wuxiao/generator/scaffold"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "submission" && args[0] != "case" && args[0] != "bulletin") {
		fmt.Fprintln(stderr, "用法：wuxiao new submission --unit 单位代码 --title 项目名称 [--year 年份]\n      wuxiao new case --title 标题 [--year 年份]\n      wuxiao new bulletin --title 标题 [--year 年份]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return ExitOK
		}
		return ExitUsage
	}
	kind := args[0]
	fs := newFlags("new "+kind, stderr)
	var cfg Config
	configFlags(fs, &cfg)
	title := fs.String("title", "", "标题（申报成果为项目名称）")
	year := fs.Int("year", 0, "竞赛年份，默认为今天所在的年份")
	unit := new(string)
	if kind == "submission" {
		unit = fs.String("unit", "", "申报单位的代码（units.yaml 中的 id）")
	}
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	if cfg.Now.IsZero() {
		cfg.Now = Today()
	}
	if *year == 0 {
		*year = cfg.Now.Year()
	}
	tree, _, err := content.Load(content.DirFS(cfg.Root))
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao new：%s：%v\n", cfg.Root, err)
		return ExitUsage
	}
	var plan *scaffold.Plan
	switch kind {
	case "submission":
		plan, err = scaffold.NewSubmission(tree, scaffold.SubmissionInput{Year: *year, Unit: *unit, Title: *title, Today: cfg.Now})
	case "case":
		plan, err = scaffold.NewCase(tree, scaffold.ArticleInput{Year: *year, Title: *title, Today: cfg.Now})
	case "bulletin":
		plan, err = scaffold.NewBulletin(tree, scaffold.ArticleInput{Year: *year, Title: *title, Today: cfg.Now})
	}
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao new：%v\n", err)
		return ExitUsage
	}
	if err := writePlan(cfg.Root, plan); err != nil {
		fmt.Fprintf(stderr, "wuxiao new：%v\n", err)
		return ExitUsage
	}
	for _, f := range plan.Files {
		verb := "已修改"
		if f.Created {
			verb = "已创建"
		}
		fmt.Fprintf(stdout, "%s %s\n", verb, f.Path)
	}
	for _, n := range plan.Notes {
		fmt.Fprintln(stderr, n)
	}
	fmt.Fprintf(stderr, "下一步：把文件中的每个 %s 换成实际内容，然后运行 wuxiao check 检查。\n", content.Placeholder)
	return ExitOK
}

// writePlan writes every file of plan under root, each atomically; a new file never
// replaces one that appeared meanwhile.
func writePlan(root string, plan *scaffold.Plan) error {
	for _, f := range plan.Files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if f.Created {
			if _, err := os.Lstat(p); err == nil {
				return fmt.Errorf("%s 已存在，未覆盖", f.Path)
			}
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := writeAtomic(p, f.Data); err != nil {
			return err
		}
	}
	return nil
}
