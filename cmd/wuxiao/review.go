package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"wuxiao/generator"
	"wuxiao/generator/diag"
	"wuxiao/generator/forge"
)

// review: wuxiao review --in FILE --pr N [--title T] [--forge K] [--server URL] [--repo OWNER/NAME] [--root DIR]
//
// The token comes from $WUXIAO_FORGE_TOKEN, never from the command line.
func (m *Main) review(args []string) int {
	fs := m.newFlags("review")
	in := fs.String("in", "", "check 或 scope 以 --format json 写出的结果文件")
	title := fs.String("title", "内容检查", "审查意见的标题")
	kind := fs.String("forge", "", "代码托管平台：github、gitea 或 forgejo，默认取 --root 下 site.yaml 的 forge")
	var cfg generator.Config
	rootFlag(fs, &cfg, "包含 content/ 的目录（读取 site.yaml 的 forge）")
	server := fs.String("server", m.getenv("GITHUB_SERVER_URL"), "平台网址，默认为环境变量 GITHUB_SERVER_URL")
	repo := fs.String("repo", m.getenv("GITHUB_REPOSITORY"), "仓库 owner/name，默认为环境变量 GITHUB_REPOSITORY")
	pr := fs.String("pr", "", "合并请求的编号")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	var err error
	if *kind == "" {
		if *kind, err = generator.SiteForge(cfg); err != nil {
			return m.fail("review", ExitUsage, err)
		}
	}
	k, err := forge.ParseKind(*kind)
	if err != nil {
		return m.fail("review", ExitUsage, err)
	}
	r, err := forge.ParseRepo(*repo)
	if err != nil {
		return m.fail("review", ExitUsage, err)
	}
	n, err := strconv.Atoi(*pr)
	if err != nil || n <= 0 {
		return m.fail("review", ExitUsage, fmt.Errorf("--pr 应为合并请求的编号，而不是 %q", *pr))
	}
	token := m.getenv("WUXIAO_FORGE_TOKEN")
	if *in == "" || token == "" {
		return m.fail("review", ExitUsage, fmt.Errorf("需要 --in 结果文件和环境变量 WUXIAO_FORGE_TOKEN（发表审查意见的账号的令牌）"))
	}
	file, err := os.Open(*in)
	if err != nil {
		return m.fail("review", ExitUsage, err)
	}
	findings, err := diag.ReadJSON(file)
	file.Close()
	if err != nil {
		return m.fail("review", ExitUsage, fmt.Errorf("%s：%v", *in, err))
	}
	// The plain log: the same lines check prints, for the job's log.
	findings.Print(m.Stdout, "text")
	f, err := forge.New(k, *server, token, nil)
	if err != nil {
		return m.fail("review", ExitUsage, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := generator.PostFindings(ctx, f, r, n, *title, findings)
	if err != nil {
		return m.fail("review", ExitUsage, fmt.Errorf("无法在 %s 的合并请求 #%d 发表审查意见：%v", r, n, err))
	}
	if res.StatusErr != nil {
		fmt.Fprintf(m.Stderr, "wuxiao review：警告：无法设置提交状态 %s：%v\n", res.Status, res.StatusErr)
	}
	if res.Superseded > 0 {
		fmt.Fprintf(m.Stderr, "之前 %d 次“%s”请求修改的审查意见已标为过时（以这一次为准）。\n", res.Superseded, *title)
	}
	if res.SupersedeErr != nil {
		fmt.Fprintf(m.Stderr, "wuxiao review：警告：之前“%s”请求修改的审查意见未能标为过时，仍可能阻止合并，请仓库管理员在合并请求中撤销（dismiss）它：%v\n", *title, res.SupersedeErr)
	}
	note := ""
	if res.BodyOnly {
		note = "（平台不接受行内意见，结果只写在审查正文中）"
	}
	errs, warns := findings.Count()
	fmt.Fprintf(m.Stderr, "%s：%d 个错误，%d 个警告；已在 %s 的合并请求 #%d 发表审查意见，%d 条在对应的行上%s。\n",
		*title, errs, warns, r, n, res.Comments, note)
	if errs > 0 {
		return ExitFindings
	}
	return ExitOK
}
