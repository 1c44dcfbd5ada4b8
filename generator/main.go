package generator

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// Exit codes of every command.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitUsage    = 2
)

// command is one subcommand of wuxiao.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"check":      {"检查 content/ 是否符合竞赛规则", runCheck},
		"scope":      {"判断合并请求的作者能否做出这些改动（按基准版本的 units.yaml）", runScope},
		"codeowners": {"根据 units.yaml 生成 .github/CODEOWNERS", runCodeowners},
		"pages":      {"列出合并请求新增或改变的网站页面", runPages},
		"award":      {"计算得分和名次，提出拟授奖项和优胜单位建议，可写出 results.yaml 草稿", runAward},
		"ledger":     {"导出工作台帐（.xlsx 或 .csv，内部资料，不发布）", runLedger},
		"build":      {"检查通过后生成展示网站（public/）", runBuild},
		"new":        {"新建申报成果、典型案例或工作简报（附所需表彰文件），每项都有中文说明", runNew},
		"serve":      {"本地预览网站：改动内容后自动重新生成并刷新浏览器，检查错误显示在页面上", runServe},
		"dupes":      {"列出复制比达到阈值的成对成果，相同段落左右对照", runDupes},
		"schema":     {"由检查器的定义生成各类内容文件的 JSON Schema，供编辑器补全和检查", runSchema},
	}
}

// Main runs wuxiao with args (without the program name) and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "wuxiao：未知的命令 %q\n\n", args[0])
		usage(stderr, cmds)
		return ExitUsage
	}
	return c.run(args[1:], stdout, stderr)
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
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("wuxiao "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
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

// configFlags registers --root and --now, which every command over the content shares.
func configFlags(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&cfg.Root, "root", ".", "包含 content/ 的目录")
	fs.Var(dateFlag{&cfg.Now}, "now", "把这一天当作今天（YYYY-MM-DD），默认为今天")
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

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	var cfg Config
	configFlags(fs, &cfg)
	format := fs.String("format", "text", "输出格式：text、github 或 json")
	strict := fs.Bool("strict", false, "警告也算作失败")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "wuxiao check：未知的输出格式 %q（可选 %s）\n", *format, strings.Join(diag.Formats, "、"))
		return ExitUsage
	}
	_, diags, err := Check(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao check：%v\n", err)
		return ExitUsage
	}
	if err := diags.Print(stdout, *format); err != nil {
		fmt.Fprintf(stderr, "wuxiao check：%v\n", err)
		return ExitUsage
	}
	errs, warns := diags.Count()
	if *format != "json" {
		if errs+warns == 0 {
			fmt.Fprintln(stderr, "检查通过：没有发现问题。")
		} else {
			fmt.Fprintf(stderr, "共 %d 个错误，%d 个警告。\n", errs, warns)
		}
	}
	if diags.Failed(*strict) {
		return ExitFindings
	}
	return ExitOK
}

func validFormat(f string) bool {
	for _, x := range diag.Formats {
		if f == x {
			return true
		}
	}
	return false
}
