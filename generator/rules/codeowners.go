package rules

import (
	"errors"
	"io/fs"
	"strings"

	"wuxiao/generator/diag"
	"wuxiao/generator/scope"
)

// checkCodeowners warns when the committed .github/CODEOWNERS no longer matches the
// admins in units.yaml, so that pull requests would go to the wrong reviewers: the
// body that reviews and forwards a unit's results [五(二)]. Silent when there is no
// CODEOWNERS file.
func checkCodeowners(ctx *Context, out *diag.List) {
	if ctx.Tree.FS == nil {
		return
	}
	data, err := fs.ReadFile(ctx.Tree.FS, scope.CodeownersFile)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		out.Warnf(diag.FileStart(scope.CodeownersFile), "codeowners", "无法读取：%v", err)
		return
	}
	want, _ := scope.Codeowners(ctx.Tree.Units)
	got := strings.ReplaceAll(string(data), "\r\n", "\n")
	if got == want {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	line := 1
	for line <= len(gl) && line <= len(wl) && gl[line-1] == wl[line-1] {
		line++
	}
	out.Warnf(diag.Pos{File: scope.CodeownersFile, Line: line, Col: 1}, "codeowners",
		"与 content/units.yaml 的 admins 不一致（从这一行起），合并请求会找错审核人；请运行 go run ./cmd/wuxiao codeowners --write 重新生成并提交")
}
