package rules

import (
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// checkPaths finds files the tree requires but misses, and year fields that disagree with
// their folder. Misplaced files and malformed ids are found while loading.
func checkPaths(ctx *Context, out *diag.List) {
	t := ctx.Tree
	if _, ok := t.Files["content/site.yaml"]; !ok {
		out.Errorf(diag.FileStart("content/site.yaml"), "path", "缺少必需的文件 content/site.yaml（站点设置）")
	}
	if _, ok := t.Files["content/units.yaml"]; !ok {
		out.Errorf(diag.FileStart("content/units.yaml"), "path", "缺少必需的文件 content/units.yaml（单位名录）")
	}
	for _, y := range t.Years {
		file := content.Place{Kind: content.KindCompetition, Year: y.Year}.Path()
		if _, ok := t.Files[file]; !ok {
			out.Errorf(diag.FileStart(file), "path", "%d 年的目录缺少必需的 competition.yaml（本年竞赛设置）", y.Year)
			continue
		}
		if c := y.Competition; c != nil && c.Pos.Has("year") && c.Year != y.Year {
			out.Errorf(c.Pos.At("year"), "path", "year 为 %d，与所在目录 %d 不一致", c.Year, y.Year)
		}
	}
}
