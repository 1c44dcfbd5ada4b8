package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/render"
	"wuxiao/generator/search"
	"wuxiao/layouts"
)

// BuildOptions say where the site goes.
type BuildOptions struct {
	Out     string // the output folder; "" means public/ under the root
	BaseURL string // overrides site.yaml's base_url when set
	Workers int    // page-rendering goroutines; 0 means GOMAXPROCS
}

// ErrCheckFailed means the content has errors, so nothing was built.
var ErrCheckFailed = errors.New("内容检查未通过，未生成网站")

// Build checks the content and, only if it has no errors, renders the site into a
// temporary folder beside opt.Out and swaps it into place. On any failure the old
// output stays exactly as it was. The diagnostics are returned in every case.
//
// Once the tree has loaded without errors, the rules run while the site is rendered
// from the same (read-only) tree: most rules are sequential, so rendering fills the
// other cores. If a rule then finds an error, the rendered folder is thrown away.
func Build(cfg Config, opt BuildOptions) (*diag.List, *render.Report, error) {
	tree, diags, err := load(cfg)
	if err != nil {
		return nil, nil, err
	}
	if errs, _ := diags.Count(); errs > 0 {
		checkLoaded(cfg, tree, diags) // report everything, as check does
		return diags, nil, ErrCheckFailed
	}
	if cfg.Now.IsZero() {
		cfg.Now = Today()
	}
	checked := make(chan struct{})
	go func() {
		defer close(checked)
		checkLoaded(cfg, tree, diags)
	}()
	rep, tmp, err := renderTemp(cfg, opt, tree)
	if tmp != "" {
		defer os.RemoveAll(tmp) // a no-op once renamed into place
	}
	<-checked
	if errs, _ := diags.Count(); errs > 0 {
		return diags, nil, ErrCheckFailed
	}
	if err != nil {
		return diags, nil, err
	}
	return diags, rep, swap(tmp, outDir(cfg.Root, opt.Out))
}

// renderTemp renders the site into a new temporary folder beside the output folder.
func renderTemp(cfg Config, opt BuildOptions, tree *content.Tree) (*render.Report, string, error) {
	out := outDir(cfg.Root, opt.Out)
	theme := render.Overlay{Default: layouts.FS()}
	if dir := filepath.Join(cfg.Root, "layouts"); isDir(dir) {
		theme.Site = content.DirFS(dir)
	}
	extra, err := generated(cfg.Root) // formchecker.go: the schemas and the form's checker
	if err != nil {
		return nil, "", err
	}
	theme = withGenerated(theme, extra)
	site := render.NewSite(tree, opt.BaseURL, cfg.Now)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+"-")
	if err != nil {
		return nil, "", err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, tmp, err
	}
	rep, err := render.Render(site, render.Options{Theme: theme, Src: tree.FS, Workers: opt.Workers}, newDirOutput(tmp))
	if err != nil {
		return nil, tmp, err
	}
	ix, err := search.WriteSite(newDirOutput(tmp), site, tree)
	if err != nil {
		return nil, tmp, err
	}
	rep.Files, rep.Bytes = rep.Files+len(ix.Files), rep.Bytes+ix.Bytes()
	return rep, tmp, nil
}

// outDir resolves the output folder: public/ under the root unless out says otherwise.
func outDir(root, out string) string {
	if out != "" {
		return filepath.Clean(out)
	}
	if root == "" {
		root = "."
	}
	return filepath.Join(root, "public")
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

// swap puts the finished folder tmp at out, moving any old output aside first and
// deleting it only once the new one is in place.
func swap(tmp, out string) error {
	old := ""
	if _, err := os.Lstat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("移开旧的 %s：%w", out, err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			_ = os.Rename(old, out)
		}
		return fmt.Errorf("放置新的 %s：%w", out, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// dirOutput writes the site's files under a folder, remembering the folders it made
// so that each costs one mkdir: a large site has a folder per page.
type dirOutput struct {
	root string
	made sync.Map // folder → struct{}
}

func newDirOutput(root string) *dirOutput { return &dirOutput{root: root} }

func (d *dirOutput) WriteFile(name string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("输出路径 %q 越出了网站目录", name)
	}
	p := filepath.Join(d.root, filepath.FromSlash(name))
	if err := d.mkdirs(filepath.Dir(p)); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

func (d *dirOutput) mkdirs(dir string) error {
	if _, ok := d.made.Load(dir); ok || dir == d.root {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		if err = d.mkdirs(filepath.Dir(dir)); err == nil {
			err = os.Mkdir(dir, 0o755)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.made.Store(dir, struct{}{})
	return nil
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", stderr)
	var cfg Config
	var opt BuildOptions
	configFlags(fs, &cfg)
	fs.StringVar(&opt.Out, "out", "", "输出目录（默认为 --root 下的 public）")
	fs.StringVar(&opt.BaseURL, "base-url", "", "网站地址，覆盖 site.yaml 的 base_url")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if opt.BaseURL != "" {
		if u, err := url.Parse(opt.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fmt.Fprintf(stderr, "wuxiao build：--base-url 应为 http(s) 开头的完整网址\n")
			return ExitUsage
		}
		if !strings.HasSuffix(opt.BaseURL, "/") {
			opt.BaseURL += "/"
		}
	}
	start := time.Now()
	diags, rep, err := Build(cfg, opt)
	if diags != nil {
		_ = diags.Print(stdout, "text")
	}
	switch {
	case errors.Is(err, ErrCheckFailed):
		errs, warns := diags.Count()
		fmt.Fprintf(stderr, "wuxiao build：%v（%d 个错误，%d 个警告）。\n", err, errs, warns)
		return ExitFindings
	case err != nil:
		fmt.Fprintf(stderr, "wuxiao build：%v\n", err)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "已生成 %s：%d 个页面，%d 个文件，%.1f MiB，用时 %.2f 秒。\n",
		outDir(cfg.Root, opt.Out), rep.Pages, rep.Files, float64(rep.Bytes)/(1<<20), time.Since(start).Seconds())
	return ExitOK
}
