package ruleset

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/forge/link"
	"wuxiao/generator/pullreq"
	"wuxiao/generator/rules"
)

// checkCodeowners warns when a committed code owners file (.github/CODEOWNERS in
// GitHub's syntax, .gitea/CODEOWNERS in Gitea's and Forgejo's) no longer matches the
// admins in units.yaml, so that pull requests would go to the wrong reviewers: the
// body that reviews and forwards a unit's results [五(二)]. It also warns when
// site.yaml names Gitea or Forgejo and only .github/CODEOWNERS exists, which those
// forges never read. Silent when there is no code owners file.
func checkCodeowners(ctx *rules.Context, out *diag.List) {
	if ctx.Tree.FS == nil {
		return
	}
	forge := link.GitHub
	if ctx.Tree.Site != nil {
		if k, err := link.ParseKind(ctx.Tree.Site.Forge); err == nil {
			forge = k
		}
	}
	giteaKind := link.Gitea
	if forge == link.Forgejo {
		giteaKind = link.Forgejo
	}
	present := map[link.Kind]bool{}
	for _, kind := range []link.Kind{link.GitHub, giteaKind} {
		file := pullreq.CodeownersPath(kind)
		want, _ := pullreq.Codeowners(ctx.Tree.Units, kind)
		// Read no further than the file it should be, with CRLF line ends, and a byte: a
		// file of any length then differs, where it does, as the whole file would.
		data, err := content.ReadAtMost(ctx.Tree.FS, file, 2*int64(len(want))+1)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			out.Warnf(diag.FileStart(file), "codeowners", "无法读取：%v", err)
			continue
		}
		present[kind] = true
		got := strings.ReplaceAll(string(data), "\r\n", "\n")
		if got == want {
			continue
		}
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		line := 1
		for line <= len(gl) && line <= len(wl) && gl[line-1] == wl[line-1] {
			line++
		}
		out.Warnf(diag.Pos{File: file, Line: line, Col: 1}, "codeowners",
			"与 content/units.yaml 的 admins 不一致（从这一行起），合并请求会找错审核人；请运行 %s 重新生成并提交", command(kind))
	}
	if forge != link.GitHub && present[link.GitHub] && !present[giteaKind] {
		out.Warnf(diag.FileStart(pullreq.CodeownersPath(link.GitHub)), "codeowners",
			"site.yaml 的 forge 是 %s，它不读 .github/CODEOWNERS，合并请求不会自动请求审核；请运行 %s 生成 %s 并提交",
			forge, command(forge), pullreq.CodeownersPath(forge))
	}
}

func command(kind link.Kind) string {
	if kind == link.GitHub {
		return "go run ./cmd/wuxiao codeowners --write"
	}
	return fmt.Sprintf("go run ./cmd/wuxiao codeowners --forge %s --write", kind)
}
