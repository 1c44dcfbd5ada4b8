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
				out.Errorf(e.Meta.At("id"), "units", "专家代码 %s 重复（已用于 %s）", e.ID, other)
			}
			ids[e.ID] = e.Name
		}
		if e.Name != "" {
			key := dedup.FoldName(e.Name) + "\x00" + e.Affiliation
			if other, dup := names[key]; dup {
				out.Errorf(e.Meta.At("name"), "units", "专家 %s（%s）与 %s 同名且所在单位相同；请用所在单位或姓名加注区分", e.Name, e.ID, other)
			}
			names[key] = e.ID
		}
		if login := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(e.Login), "@")); login != "" {
			if other, dup := logins[login]; dup {
				out.Errorf(e.Meta.At("login"), "units", "专家 %s（%s）的账号 %s 已属于专家 %s；每位专家用自己的账号", e.Name, e.ID, e.Login, other)
			}
			logins[login] = e.ID
		}
	}
}

// checkBulletins keeps bulletins' issuers (v2) to the county, industry and direct unions,
// and their issue numbers unique per issuer and year [六(二)].
func checkBulletins(ctx *Context, out *diag.List) {
	for _, y := range ctx.Tree.Years {
		issues := map[string]string{}
		for _, b := range y.Bulletins {
			issuer := b.Unit
			if issuer != "" {
				u := ctx.Units[issuer]
				switch {
				case u == nil:
					out.Errorf(b.Meta.At("unit"), "ref", "单位 %q 不在单位名录中", issuer)
					continue
				case u.Type != "county" && u.Type != "industry" && u.Type != "direct":
					out.Errorf(b.Meta.At("unit"), "ref", "%s 不是县区、产业或市直工会；工作简报由这些工会或市总工会（不填 unit）发布", u.Name)
					continue
				}
			}
			key := issuer + "#" + itoa(b.Issue)
			if other, dup := issues[key]; dup && b.Issue > 0 {
				out.Errorf(b.Meta.At("issue"), "ref", "第 %d 期简报已有 %s；同一发布单位的期号不能重复", b.Issue, other)
			}
			issues[key] = b.File
		}
	}
}
