package generator

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/ledger"
	"wuxiao/generator/render"
	"wuxiao/layouts"
)

// LedgerOptions say which year's ledger to write and where.
type LedgerOptions struct {
	Year int
	Out  string // a .xlsx (Excel/WPS workbook) or .csv (UTF-8 with BOM) file, never under public/
	// Certificates is set by Ledger to the page of all the year's certificates it wrote
	// beside Out (荣誉证书<year>.html), "" when the year is not final.
	Certificates string
	// Encoding of a .csv: "utf-8" (the default, with a byte order mark) or "gb18030".
	Encoding string
}

// Ledger writes the year's internal ledger to opt.Out and, once the year is final, the page
// of all its certificates beside it (the office's batch print, see render.CertificatesPage),
// naming it in opt.Certificates. It returns the ledger and the number of loading errors
// (submissions that could not be read are missing from it).
func Ledger(cfg Config, opt *LedgerOptions) (*ledger.Ledger, int, error) {
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
	if err == nil {
		err = writeCertificates(cfg, tree, opt)
	}
	if err != nil {
		return nil, 0, err
	}
	errs, _ := diags.Count()
	return l, errs, nil
}

// writeCertificates writes the page of all the year's certificates beside opt.Out, with the
// site's own theme as build uses it, when the year is final.
func writeCertificates(cfg Config, tree *content.Tree, opt *LedgerOptions) error {
	theme := render.Overlay{Default: layouts.FS()}
	if dir := filepath.Join(cfg.Root, "layouts"); isDir(dir) {
		theme.Site = content.DirFS(dir)
	}
	page, err := render.CertificatesPage(render.NewSite(tree, "", cfg.Now), opt.Year, render.Options{Theme: theme, Src: tree.FS})
	if err != nil || page == nil {
		return err
	}
	name := filepath.Join(filepath.Dir(opt.Out), "荣誉证书"+strconv.Itoa(opt.Year)+".html")
	if err := writeAtomic(name, page); err != nil {
		return err
	}
	opt.Certificates = name
	return nil
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
