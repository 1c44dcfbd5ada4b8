package rules

import (
	"strings"

	"wuxiao/generator/dedup"
	"wuxiao/generator/diag"
)

// checkExperts keeps the experts' registry unambiguous, as the units rule does for units:
// ids are unique, two experts share neither a name with an affiliation nor (v2) a forge
// login, since the login decides who may change a review file.
func checkExperts(ctx *Context, out *diag.List) {
	ids, names, logins := map[string]string{}, map[string]string{}, map[string]string{}
	for _, e := range ctx.Tree.Experts {
		if e.ID != "" {
			if other, dup := ids[e.ID]; dup {
				out.Errorf(e.Pos.At("id"), "units", "专家代码 %s 重复（已用于 %s）", e.ID, other)
			}
			ids[e.ID] = e.Name
		}
		if e.Name != "" {
			key := dedup.FoldName(e.Name) + "\x00" + e.Affiliation
			if other, dup := names[key]; dup {
				out.Errorf(e.Pos.At("name"), "units", "专家 %s（%s）与 %s 同名且所在单位相同；请用所在单位或姓名加注区分", e.Name, e.ID, other)
			}
			names[key] = e.ID
		}
		if login := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(e.Login), "@")); login != "" {
			if other, dup := logins[login]; dup {
				out.Errorf(e.Pos.At("login"), "units", "专家 %s（%s）的账号 %s 已属于专家 %s；每位专家用自己的账号", e.Name, e.ID, e.Login, other)
			}
			logins[login] = e.ID
		}
	}
}
