package rules

import (
	"sort"

	"wuxiao/generator/content"

	"wuxiao/generator/diag"
)

// checkReviews keeps expert scores complete and in range, and keeps experts off their own
// units' results [五(二)]: no expert scores a result of his affiliation or a unit under it.
func checkReviews(ctx *Context, out *diag.List) {
	for _, y := range ctx.Tree.Years {
		comp := y.Competition
		if comp == nil {
			continue
		}
		maxOf := map[string]int{}
		total := 0
		for _, c := range comp.Rubric {
			maxOf[c.Key] = c.Max
			total += c.Max
		}
		if len(comp.Rubric) > 0 && total != 100 {
			out.Errorf(comp.Meta.At("rubric"), "review", "评分细则各项满分之和为 %d，应为 100", total)
		}
		for _, r := range y.Reviews {
			expert := ctx.Experts[r.Expert]
			for _, line := range r.Scores {
				for _, c := range comp.Rubric {
					if _, ok := line.Scores[c.Key]; !ok {
						if !line.ScorePos.Has(c.Key) {
							out.Errorf(line.ValuePos, "review", "成果 %s 缺少评分项 %s（%s）", line.Submission, c.Key, c.Name)
						}
					}
				}
				keys := line.ScorePos.Keys()
				sort.Strings(keys)
				for _, k := range keys {
					m, known := maxOf[k]
					v, ok := line.Scores[k]
					switch {
					case !known:
						out.Errorf(line.ScorePos.At(k), "review", "评分细则中没有评分项 %q（可用：%s）", k, rubricKeys(comp.Rubric))
					case ok && (v < 0 || v > m):
						out.Errorf(line.ScorePos.At(k), "review", "评分项 %s 的分数 %d 超出范围 0–%d", k, v, m)
					}
				}
				if sub := ctx.Submission(y.Year, line.Submission); sub != nil && ctx.Conflict(r.Expert, sub.Unit) {
					out.Errorf(line.Pos, "review", "利益冲突：专家 %s（%s）所在单位为 %s，不得评审其本单位或下属单位 %s 的成果", expert.Name, expert.ID, unitName(ctx, expert.Affiliation), unitName(ctx, sub.Unit))
				}
			}
		}
	}
}

func rubricKeys(rubric []content.Criterion) string {
	s := ""
	for i, c := range rubric {
		if i > 0 {
			s += "、"
		}
		s += c.Key
	}
	return s
}
