package rules

import (
	"sort"

	"wuxiao/generator/diag"
)

// checkLists refuses what a list or a map may not hold twice or below zero: one
// commendation document naming a result twice (which would count its ladder twice), and a
// negative quota, minimum score or point.
func checkLists(ctx *Context, out *diag.List) {
	for _, y := range ctx.Tree.Years {
		for _, c := range y.Commendations {
			seen := map[string]bool{}
			for _, a := range c.Awards {
				if a.Submission != "" && seen[a.Submission] {
					out.Errorf(a.Pos.At("submission"), "schema", "表彰文件 %s 重复列出了成果 %s；同一文件对一项成果只能表彰一次", c.Doc, a.Submission)
				}
				seen[a.Submission] = true
			}
		}
		c := y.Competition
		if c == nil {
			continue
		}
		negative := func(key, what string, m map[string]float64) {
			awards := make([]string, 0, len(m))
			for a := range m {
				awards = append(awards, a)
			}
			sort.Strings(awards)
			for _, a := range awards {
				if m[a] < 0 {
					out.Errorf(c.Pos.At(key), "schema", "%s中 %s 为 %g，不能为负数", what, a, m[a])
				}
			}
		}
		negative("quotas", "名额", asFloats(c.Quotas))
		negative("min_scores", "最低分", c.MinScores)
		negative("winning_points", "优胜单位计分", asFloats(c.WinningPoints))
	}
}

func asFloats(m map[string]int) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = float64(v)
	}
	return out
}
