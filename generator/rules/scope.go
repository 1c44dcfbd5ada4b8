package rules

import (
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// checkScope keeps each submission in the group of its unit's sector [三].
func checkScope(ctx *Context, out *diag.List) {
	for _, y := range ctx.Tree.Years {
		for _, s := range y.Submissions {
			u := ctx.Units[s.Unit]
			if u == nil || u.Sector == "" || s.Group == "" {
				continue
			}
			if want := content.GroupOf(u.Sector); want != "" && s.Group != want {
				out.Errorf(s.Pos.At("group"), "scope", "%s 的类别为 %s，组别应为 %s，而不是 %s", u.Name, u.Sector, want, s.Group)
			}
		}
	}
}
