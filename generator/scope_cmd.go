package generator

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/scope"
)

// runScope decides whether the author may make the changes HEAD carries over --base.
func runScope(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("scope", stderr)
	root := fs.String("root", ".", "包含 content/ 的目录（在 Git 仓库内）")
	base := fs.String("base", "", "基准版本，如 origin/main；判断 base...HEAD 之间的改动")
	author := fs.String("author", os.Getenv("GITHUB_ACTOR"), "改动者的账号，默认为环境变量 GITHUB_ACTOR")
	format := fs.String("format", "text", "输出格式：text、github 或 json")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case *base == "":
		fmt.Fprintln(stderr, "wuxiao scope：缺少 --base（如 --base origin/main）")
		return ExitUsage
	case strings.TrimSpace(*author) == "":
		fmt.Fprintln(stderr, "wuxiao scope：缺少 --author，环境变量 GITHUB_ACTOR 也为空")
		return ExitUsage
	case !validFormat(*format):
		fmt.Fprintf(stderr, "wuxiao scope：未知的输出格式 %q（可选 %s）\n", *format, strings.Join(diag.Formats, "、"))
		return ExitUsage
	}
	g, err := openGit(*root)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao scope：%v\n", err)
		return ExitUsage
	}
	changes, err := g.changes(*base)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao scope：%v\n", err)
		return ExitUsage
	}
	st, err := scopeState(g, *base, changes, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao scope：%v\n", err)
		return ExitUsage
	}
	d := scope.Decide(*author, changes, st)
	var diags diag.List
	for _, r := range d.Refused {
		diags.Errorf(diag.FileStart(r.Path), "permission", "%s", r.Reason)
	}
	if err := diags.Print(stdout, *format); err != nil {
		fmt.Fprintf(stderr, "wuxiao scope：%v\n", err)
		return ExitUsage
	}
	if *format != "json" {
		fmt.Fprintln(stderr, roleLine(d))
		if len(d.Refused) == 0 {
			fmt.Fprintf(stderr, "权限检查通过：%s 可以做出这 %d 处改动。\n", d.Author, d.Files)
		} else {
			fmt.Fprintf(stderr, "权限检查未通过：%d 处改动中有 %d 处不允许。\n", d.Files, len(d.Refused))
		}
	}
	if len(d.Refused) > 0 {
		return ExitFindings
	}
	return ExitOK
}

// scopeState reads the registry and the touched years' results as of base, and those years' results as of HEAD.
func scopeState(g *gitRepo, base string, changes []scope.Change, stderr io.Writer) (scope.State, error) {
	seen := map[int]bool{}
	var years []int
	for _, c := range changes {
		for _, p := range []string{c.Path, c.From} {
			if y := content.Classify(p).Year; p != "" && y != 0 && !seen[y] {
				seen[y] = true
				years = append(years, y)
			}
		}
	}
	sort.Ints(years)
	before, diags, err := g.snapshot(base, true, years)
	if err != nil {
		return scope.State{}, err
	}
	if errs, _ := diags.Count(); errs > 0 {
		fmt.Fprintf(stderr, "wuxiao scope：注意：基准版本 %s 的 units.yaml 或 results.yaml 有 %d 处错误，按能读出的部分判断：\n%s", base, errs, diags.Text())
	}
	after, _, err := g.snapshot("HEAD", false, years)
	if err != nil {
		return scope.State{}, err
	}
	return scope.State{Units: before.Units, Before: resultsByYear(before), After: resultsByYear(after)}, nil
}

func roleLine(d scope.Decision) string {
	if len(d.Units) == 0 {
		return fmt.Sprintf("%s 不是基准版本 units.yaml 中任何单位的管理员（admins）。", d.Author)
	}
	names := make([]string, len(d.Units))
	for i, u := range d.Units {
		names[i] = fmt.Sprintf("%s（%s）", u.Name, u.ID)
	}
	return fmt.Sprintf("%s 是以下单位的管理员：%s。", d.Author, strings.Join(names, "、"))
}

// runCodeowners prints or writes .github/CODEOWNERS from units.yaml.
func runCodeowners(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("codeowners", stderr)
	root := fs.String("root", ".", "包含 content/ 的目录")
	write := fs.Bool("write", false, "写入 <root>/.github/CODEOWNERS，而不是打印")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	tree, diags, err := content.Load(content.DirFS(*root))
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao codeowners：%s：%v\n", *root, err)
		return ExitUsage
	}
	var bad diag.List
	for _, d := range diags.Items() {
		if d.Pos.File == "content/units.yaml" && d.Severity == diag.Error {
			bad.Add(d)
		}
	}
	if bad.Len() > 0 {
		bad.Print(stderr, "text")
		fmt.Fprintln(stderr, "wuxiao codeowners：units.yaml 有错误，请先改正。")
		return ExitFindings
	}
	text, skipped := scope.Codeowners(tree.Units)
	for _, s := range skipped {
		fmt.Fprintf(stderr, "wuxiao codeowners：警告：%s 不是有效的 GitHub 账号，已略过\n", s)
	}
	if !*write {
		io.WriteString(stdout, text)
		return ExitOK
	}
	if err := writeFileAtomic(filepath.Join(*root, filepath.FromSlash(scope.CodeownersFile)), []byte(text)); err != nil {
		fmt.Fprintf(stderr, "wuxiao codeowners：%v\n", err)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "已写入 %s；请与 units.yaml 一同提交。\n", scope.CodeownersFile)
	return ExitOK
}

// runPages lists the public pages that HEAD adds or changes over --base.
func runPages(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("pages", stderr)
	root := fs.String("root", ".", "包含 content/ 的目录（在 Git 仓库内）")
	base := fs.String("base", "", "基准版本，如 origin/main")
	format := fs.String("format", "text", "输出格式：text、markdown 或 json")
	out := fs.String("out", "", "写入这个文件，而不是标准输出")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *base == "" {
		fmt.Fprintln(stderr, "wuxiao pages：缺少 --base（如 --base origin/main）")
		return ExitUsage
	}
	if *format != "text" && *format != "markdown" && *format != "json" {
		fmt.Fprintf(stderr, "wuxiao pages：未知的输出格式 %q（可选 text、markdown、json）\n", *format)
		return ExitUsage
	}
	g, err := openGit(*root)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao pages：%v\n", err)
		return ExitUsage
	}
	changes, err := g.changes(*base)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao pages：%v\n", err)
		return ExitUsage
	}
	tree, _, err := content.Load(content.DirFS(*root))
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao pages：%s：%v\n", *root, err)
		return ExitUsage
	}
	baseURL := ""
	if tree.Site != nil {
		baseURL = tree.Site.BaseURL
	}
	pages, hidden := scope.Pages(changes, tree)
	var b strings.Builder
	if err := scope.FormatPages(&b, *format, baseURL, pages, hidden); err != nil {
		fmt.Fprintf(stderr, "wuxiao pages：%v\n", err)
		return ExitUsage
	}
	if *out == "" {
		io.WriteString(stdout, b.String())
		return ExitOK
	}
	if err := writeFileAtomic(*out, []byte(b.String())); err != nil {
		fmt.Fprintf(stderr, "wuxiao pages：%v\n", err)
		return ExitUsage
	}
	return ExitOK
}

// writeFileAtomic makes name's folder and writes data there atomically (see writeAtomic).
func writeFileAtomic(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("无法建立目录 %s：%w", filepath.Dir(name), err)
	}
	if err := writeAtomic(name, data); err != nil {
		return fmt.Errorf("无法写入 %s：%w", name, err)
	}
	return nil
}
