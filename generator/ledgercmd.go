package generator

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/ledger"
	"wuxiao/generator/rules"
)

func runLedger(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("ledger", stderr)
	root := fs.String("root", ".", "包含 content/ 的目录")
	year := fs.Int("year", 0, "台帐的年份（必填）")
	out := fs.String("out", "", "写到这个文件：.xlsx（Excel/WPS 工作簿）或 .csv（UTF-8，带 BOM）（必填）")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *year == 0 || *out == "" {
		fmt.Fprintln(stderr, "wuxiao ledger：请用 --year 指定年份、--out 指定输出文件，例如 --year 2023 --out 台帐2023.xlsx")
		return ExitUsage
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".xlsx" && ext != ".csv" {
		fmt.Fprintf(stderr, "wuxiao ledger：输出文件 %s 的扩展名应为 .xlsx 或 .csv\n", *out)
		return ExitUsage
	}
	if inside, err := within(*out, filepath.Join(*root, "public")); err != nil || inside {
		if err == nil {
			err = fmt.Errorf("台帐是内部资料，不能写进网站发布目录 public/：%s", *out)
		}
		fmt.Fprintf(stderr, "wuxiao ledger：%v\n", err)
		return ExitUsage
	}
	tree, diags, err := content.Load(content.DirFS(*root))
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao ledger：%s：%v\n", *root, err)
		return ExitUsage
	}
	y := findYear(tree, *year)
	if y == nil {
		fmt.Fprintf(stderr, "wuxiao ledger：content/%d/ 不存在\n", *year)
		return ExitUsage
	}
	l := ledger.Build(tree, y, rules.NewIndex(tree).Conflict)
	var buf bytes.Buffer
	if ext == ".csv" {
		err = l.WriteCSV(&buf)
	} else {
		err = l.WriteXLSX(&buf)
	}
	if err == nil {
		err = writeAtomic(*out, buf.Bytes())
	}
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao ledger：%v\n", err)
		return ExitUsage
	}
	if errs, _ := diags.Count(); errs > 0 {
		fmt.Fprintf(stderr, "注意：有 %d 处文件错误（运行 wuxiao check 查看），无法读取的成果不在台帐中。\n", errs)
	}
	fmt.Fprintf(stdout, "已写出 %s：%d 项成果，%d 个县区/产业/市直工会，%d 个基层单位。\n", *out, len(l.Rows), len(l.Bodies)-1, len(l.Units))
	return ExitOK
}

// within tells whether path is dir or lies under it, following symbolic links of the parts
// that exist, so that a link into public/ is caught too.
func within(path, dir string) (bool, error) {
	p, err := resolve(path)
	if err != nil {
		return false, err
	}
	d, err := resolve(dir)
	if err != nil {
		return false, err
	}
	rel, err := filepath.Rel(d, p)
	if err != nil {
		return false, nil
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))), nil
}

// resolve makes path absolute and resolves the symbolic links of its longest existing prefix.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if real, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(real, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}
