package generator

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/ledger"
)

// LedgerOptions say which year's ledger to write and where.
type LedgerOptions struct {
	Year int
	Out  string // a .xlsx (Excel/WPS workbook) or .csv (UTF-8 with BOM) file, never under public/
	// Encoding of a .csv: "utf-8" (the default, with a byte order mark) or "gb18030".
	Encoding string
}

// Ledger writes the year's internal ledger to opt.Out. It returns the ledger and the number
// of loading errors (submissions that could not be read are missing from it).
func Ledger(cfg Config, opt LedgerOptions) (*ledger.Ledger, int, error) {
	cfg = cfg.withDefaults()
	ext := strings.ToLower(filepath.Ext(opt.Out))
	if ext != ".xlsx" && ext != ".csv" {
		return nil, 0, fmt.Errorf("输出文件 %s 的扩展名应为 .xlsx 或 .csv", opt.Out)
	}
	enc := strings.ToLower(opt.Encoding)
	if enc != "" && enc != "utf-8" && enc != "utf8" && enc != "gb18030" {
		return nil, 0, fmt.Errorf("CSV 的编码 %q 应为 utf-8 或 gb18030", opt.Encoding)
	}
	if inside, err := within(opt.Out, filepath.Join(cfg.Root, "public")); err != nil || inside {
		if err == nil {
			err = fmt.Errorf("台帐是内部资料，不能写进网站发布目录 public/：%s", opt.Out)
		}
		return nil, 0, err
	}
	tree, diags, err := content.Load(content.DirFS(cfg.Root))
	if err != nil {
		return nil, 0, fmt.Errorf("%s：%v", cfg.Root, err)
	}
	y := findYear(tree, opt.Year)
	if y == nil {
		return nil, 0, fmt.Errorf("content/%d/ 不存在", opt.Year)
	}
	l := ledger.Build(tree, y, content.NewIndex(tree).Conflict)
	l.Date = cfg.Now.Time
	var buf bytes.Buffer
	switch {
	case ext == ".csv" && enc == "gb18030":
		err = l.WriteCSVGB18030(&buf)
	case ext == ".csv":
		err = l.WriteCSV(&buf)
	default:
		err = l.WriteXLSX(&buf)
	}
	if err == nil {
		err = writeAtomic(opt.Out, buf.Bytes())
	}
	if err != nil {
		return nil, 0, err
	}
	errs, _ := diags.Count()
	return l, errs, nil
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
