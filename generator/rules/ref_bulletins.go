package rules

import (
	"wuxiao/generator/diag"
)

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
					out.Errorf(b.Pos.At("unit"), "ref", "单位 %q 不在单位名录中", issuer)
					continue
				case u.Type != "county" && u.Type != "industry" && u.Type != "direct":
					out.Errorf(b.Pos.At("unit"), "ref", "%s 不是县区、产业或市直工会；工作简报由这些工会或市总工会（不填 unit）发布", u.Name)
					continue
				}
			}
			key := issuer + "#" + itoa(b.Issue)
			if other, dup := issues[key]; dup && b.Issue > 0 {
				out.Errorf(b.Pos.At("issue"), "ref", "第 %d 期简报已有 %s；同一发布单位的期号不能重复", b.Issue, other)
			}
			issues[key] = b.File
		}
	}
}
