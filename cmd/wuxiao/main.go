// Command wuxiao checks and publishes the "五小" competition's content.
//
// Each command lives in a file of its own: it parses its flags into one validated options
// value, makes one call into package generator (the pipeline) and prints the outcome.
// Exit codes: 0 done, 1 findings (the content has errors, or a change is refused), 2 usage
// or I/O trouble.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"

	"wuxiao/generator"
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/fserr"
)

func main() {
	if len(os.Args) > 1 && wantsHugeHeap(os.Args[1]) {
		hugeHeap(hugeHeapBytes) // once, for the process's own heap (not where tests drive Main)
	}
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	os.Exit(m.Run(os.Args[1:]))
}

// wantsHugeHeap tells whether command maps a heap of a site's size at once, and runs
// once in its process: its heap is better backed by huge pages (hugeHeap). In a process
// that builds again and again (a test's, or serve's), the heap is mapped already; there
// hugeHeap's 256 MiB, asked for at every build, made an in-process cold build at 10,000
// results cost 2,620 -> 3,131 cpu-ms (BenchmarkColdBuild, 3 builds each, 18:21 UTC, load 1.5).
func wantsHugeHeap(command string) bool {
	switch command {
	case "build", "check", "dupes":
		return true
	}
	return false
}

// Exit codes of every command.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitUsage    = 2
)

// Main is the program with its surroundings made explicit, so that tests can drive it.
type Main struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string // the environment; nil means empty
}

// command is one subcommand of wuxiao.
type command struct {
	summary string
	run     func(m *Main, args []string) int
}

func commands() map[string]command {
	return map[string]command{
		"check":      {"检查 content/ 是否符合竞赛规则", (*Main).check},
		"scope":      {"判断合并请求的作者能否做出这些改动（按基准版本的 units.yaml）", (*Main).scope},
		"codeowners": {"根据 units.yaml 生成代码托管平台（GitHub、Gitea、Forgejo）读取的 CODEOWNERS", (*Main).codeowners},
		"pages":      {"列出合并请求新增或改变的网站页面", (*Main).pages},
		"award":      {"计算得分和名次，提出拟授奖项和优胜单位建议，可写出 results.yaml 草稿", (*Main).award},
		"ledger":     {"导出工作台帐（.xlsx 或 .csv，内部资料，不发布）", (*Main).ledger},
		"build":      {"检查通过后生成展示网站（public/）", (*Main).build},
		"new":        {"新建申报成果、表彰（推荐）文件、新一年的竞赛设置、专家评分表、典型案例或工作简报，每项都有中文说明", (*Main).new},
		"serve":      {"本地预览网站：改动内容后自动重新生成并刷新浏览器，检查错误显示在页面上", (*Main).serve},
		"dupes":      {"列出复制比达到阈值的成对成果，相同段落左右对照", (*Main).dupes},
		"nginx":      {"生成 nginx 配置：安全响应头、文件类型、缓存、404 页面、预先压缩的文件", (*Main).nginx},
		"review":     {"把 check 或 scope 的 JSON 结果作为审查意见发到合并请求（Gitea、Forgejo 不显示工作流注释）", (*Main).review},
		"schema":     {"由检查器的定义生成各类内容文件的 JSON Schema，供编辑器补全和检查", (*Main).schema},
		"desk":       {"申报工作台：各级工会和专家用表单申报、推荐、评分，每次提交都是本人的合并请求", (*Main).desk},
	}
}

// Run runs wuxiao with args (without the program name) and returns the exit code.
func (m *Main) Run(args []string) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(m.Stderr, cmds)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "wuxiao：未知的命令 %q\n\n", args[0])
		usage(m.Stderr, cmds)
		return ExitUsage
	}
	return c.run(m, args[1:])
}

func (m *Main) getenv(key string) string {
	if m.Getenv == nil {
		return ""
	}
	return m.Getenv(key)
}

// fail prints "wuxiao NAME：err" and returns code, a file system error in Chinese
// (fserr.Text: "写入 … 失败：磁盘空间已满（no space left on device），请腾出空间后重试").
func (m *Main) fail(name string, code int, err error) int {
	fmt.Fprintf(m.Stderr, "wuxiao %s：%s\n", name, fserr.Text(err))
	return code
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "用法：wuxiao <命令> [选项]\n\n命令：")
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\n每个命令都接受 --root DIR（包含 content/ 的目录，默认为当前目录）；wuxiao <命令> -h 查看选项。")
}

// newFlags makes a flag set that reports errors to stderr in the house style.
func (m *Main) newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("wuxiao "+name, flag.ContinueOnError)
	fs.SetOutput(chineseFlagErrors{m.Stderr})
	fs.Usage = func() { flagUsage(fs) }
	return fs
}

// flagUsage prints a command's options in Chinese (flag's own says "Usage of" and "default").
func flagUsage(fs *flag.FlagSet) {
	w := fs.Output()
	args := "[选项]"
	if fs.Name() == "wuxiao check" {
		args = "[选项] [文件或目录...]（只报告这些文件的问题，仍检查全部内容）"
	}
	fmt.Fprintf(w, "用法：%s %s\n选项：\n", fs.Name(), args)
	fs.VisitAll(func(f *flag.Flag) {
		kind, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if kind != "" {
			line += " " + map[string]string{"string": "文字", "int": "整数", "float": "数字", "value": "值", "duration": "时长"}[kind]
		}
		fmt.Fprintf(w, "%s\n    \t%s", line, usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(w, "（默认 %s）", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// chineseFlagErrors translates the flag package's own error lines as they are written.
type chineseFlagErrors struct{ w io.Writer }

func (c chineseFlagErrors) Write(p []byte) (int, error) {
	s := strings.NewReplacer(
		"flag provided but not defined: ", "不认识的选项：",
		"flag needs an argument: ", "选项缺少值：",
		"invalid boolean value ", "选项的值应为 true 或 false，而不是 ",
		"invalid value ", "无效的值 ",
		" for flag ", "，选项 ",
		" for -", "，选项 -",
		"parse error", "格式不对",
	).Replace(string(p))
	if _, err := io.WriteString(c.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}

// parseFlags parses args, turning -h into exit 0 and mistakes into ExitUsage.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, false
		}
		return ExitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s：多余的参数 %s\n", fs.Name(), strings.Join(fs.Args(), " "))
		return ExitUsage, false
	}
	return 0, true
}

// rootFlag registers --root alone, for the commands that take no date.
func rootFlag(fs *flag.FlagSet, cfg *generator.Config, help string) {
	fs.StringVar(&cfg.Root, "root", ".", help)
}

// configFlags registers --root and --now, which every command over the content shares,
// and keeps rule duplicate's fingerprints in the user's cache directory.
func configFlags(fs *flag.FlagSet, cfg *generator.Config) {
	cfg.DedupCache = cacheStore("")
	rootFlag(fs, cfg, "包含 content/ 的目录")
	fs.Var(dateFlag{&cfg.Now}, "now", "把这一天当作今天（YYYY-MM-DD），默认为北京时间的今天")
}

// baseURLFlag registers --base-url, the site's address overriding site.yaml's base_url,
// for build and nginx; checkBaseURL validates it once parsed.
func baseURLFlag(fs *flag.FlagSet, s *string) {
	fs.StringVar(s, "base-url", "", "网站地址，覆盖 site.yaml 的 base_url")
}

// checkBaseURL says whether --base-url is empty or a full http(s) address, explaining
// on stderr when not, and ends it with "/".
func (m *Main) checkBaseURL(name string, s *string) bool {
	if *s == "" {
		return true
	}
	if u, err := url.Parse(*s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fmt.Fprintf(m.Stderr, "wuxiao %s：--base-url 应为 http(s) 开头的完整网址\n", name)
		return false
	}
	if !strings.HasSuffix(*s, "/") {
		*s += "/"
	}
	return true
}

// dateFlag is a --now style flag holding YYYY-MM-DD.
type dateFlag struct{ d *content.Date }

func (f dateFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}

func (f dateFlag) Set(s string) error {
	d, err := content.ParseDate(s)
	if err != nil {
		return fmt.Errorf("日期应写成 YYYY-MM-DD")
	}
	*f.d = d
	return nil
}

// formatFlag registers --format for a diagnostics printer (diag.Formats).
func formatFlag(fs *flag.FlagSet) *string {
	return fs.String("format", "text", "输出格式："+strings.Join(diag.Formats, "、"))
}

// checkFormat says whether f is one of diag.Formats, explaining on stderr when not.
func (m *Main) checkFormat(name, f string) bool {
	for _, x := range diag.Formats {
		if f == x {
			return true
		}
	}
	fmt.Fprintf(m.Stderr, "wuxiao %s：未知的输出格式 %q（可选 %s）\n", name, f, strings.Join(diag.Formats, "、"))
	return false
}

// outFlag registers --out for the findings of check and scope.
func outFlag(fs *flag.FlagSet) *string {
	return fs.String("out", "", "把结果（--format 格式）写入这个文件，标准输出只打印文字格式的结果（供日志）")
}

// textOutFlag registers --out for a command that prints one text (nginx, pages).
func textOutFlag(fs *flag.FlagSet) *string {
	return fs.String("out", "", "写入这个文件，而不是标准输出")
}

// writeText writes a command's text to the --out file, or to stdout when out is "".
func (m *Main) writeText(name, out, text string) int {
	if out == "" {
		io.WriteString(m.Stdout, text)
		return ExitOK
	}
	if err := generator.WriteFile(out, []byte(text)); err != nil {
		return m.fail(name, ExitUsage, err)
	}
	return ExitOK
}

// printFindings prints diags in format on stdout, or, with out set, writes them there
// and prints the plain text on stdout for the log.
func (m *Main) printFindings(diags *diag.List, format, out string) error {
	if out == "" {
		return diags.Print(m.Stdout, format)
	}
	var b strings.Builder
	if err := diags.Print(&b, format); err != nil {
		return err
	}
	if err := generator.WriteFile(out, []byte(b.String())); err != nil {
		return err
	}
	return diags.Print(m.Stdout, "text")
}

// stepSummary appends report to the GitHub Actions job summary when the runner names one
// ($GITHUB_STEP_SUMMARY): GitHub shows only 10 annotations a step, the summary shows all.
func (m *Main) stepSummary(report string) error {
	name := m.getenv("GITHUB_STEP_SUMMARY")
	if name == "" {
		return nil
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, report); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
