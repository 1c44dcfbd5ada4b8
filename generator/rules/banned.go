package rules

import (
	"wuxiao/generator/dedup"
	"wuxiao/generator/diag"
)

// checkBanned refuses results of persons and units banned for duplicate or misappropriated
// declarations; bans are permanent from the day they were decided [六(三)].
func checkBanned(ctx *Context, out *diag.List) {
	for _, y := range ctx.Tree.Years {
		for _, s := range y.Submissions {
			if s.Submitted.IsZero() {
				continue
			}
			for _, b := range ctx.Tree.Banned {
				if b.Decided.IsZero() || !b.Decided.Before(s.Submitted.Time) {
					continue
				}
				inUnit := b.Unit != "" && ctx.Within(s.Unit, b.Unit)
				if b.Name == "" {
					if inUnit {
						out.Errorf(diag.FileStart(s.File), "banned", "%s 已于 %s 被禁止申报（%s%s），不得再申报成果", unitName(ctx, b.Unit), b.Decided, b.Reason, docSuffix(b.Doc))
					}
					continue
				}
				banned := dedup.FoldName(b.Name) // 钱 某, 錢某 and 钱\u200b某 are 钱某
				if banned == "" {
					continue
				}
				for _, a := range s.Authors {
					if dedup.FoldName(a.Name) != banned {
						continue
					}
					if inUnit {
						out.Errorf(a.Pos.At("name"), "banned", "%s（%s）已于 %s 被禁止申报（%s%s），不得作为完成人", a.Name, unitName(ctx, b.Unit), b.Decided, b.Reason, docSuffix(b.Doc))
					} else {
						out.Warnf(a.Pos.At("name"), "banned", "完成人 %s 与禁止名单中 %s 的 %s 同名，请核实是否为同一人", a.Name, unitName(ctx, b.Unit), b.Name)
					}
				}
			}
		}
	}
}

func docSuffix(doc string) string {
	if doc == "" {
		return ""
	}
	return "，" + doc
}
