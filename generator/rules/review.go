package rules

import (
	"math"
	"slices"
	"sort"

	"wuxiao/generator/content"
	"wuxiao/generator/dedup"
	"wuxiao/generator/diag"
)

// checkReviews keeps expert scores complete and in range, and keeps experts off results they
// are not impartial about [五(二)]: no expert scores a result of his affiliation or a unit under
// it, nor one that names him among its authors (v2). An expert scores only results that the
// ladder made eligible and, when assignments.yaml exists, only those assigned to him (v2).
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
			out.Errorf(comp.Pos.At("rubric"), "review", "评分细则各项满分之和为 %d，应为 100", total)
		}
		checkAssignments(ctx, y, out)
		lines := 0
		for _, r := range y.Reviews {
			lines += len(r.Scores)
		}
		// Made at their sizes: grown, scoredBy was 9 MB a build at 10,000 submissions.
		scoredBy := make(map[[2]string]string, lines) // submission and folded expert name → the expert who scored it
		// The folded names of each submission's authors, made once.
		authors := make(map[*content.Submission][]string, len(y.Submissions))
		for _, r := range y.Reviews {
			expert := ctx.Experts[r.Expert]
			folded := ""
			if expert != nil {
				folded = dedup.FoldName(expert.Name)
			}
			for _, line := range r.Scores {
				if expert != nil {
					key := [2]string{line.Submission, folded}
					if other, twice := scoredBy[key]; twice && key[1] != "" {
						out.Errorf(line.Pos, "review", "专家 %s（%s）与已评审此成果的专家 %s 同名，可能是同一人登记了两次；同一人只能评审一次。如确为两人，请在专家名录的姓名中加注区分", expert.Name, expert.ID, other)
					} else {
						scoredBy[key] = expert.ID
					}
				}
				checkScoreLine(comp, maxOf, line, out)
				sub := ctx.Submission(y.Year, line.Submission)
				if sub == nil || expert == nil {
					continue
				}
				switch {
				case ctx.AdminConflict(r.Expert, sub.Unit):
					out.Errorf(line.Pos, "review", "利益冲突：专家 %s（%s）的账号 %s 是 %s 或其上级单位的管理员，不得评审这个单位的成果", expert.Name, expert.ID, expert.Login, unitName(ctx, sub.Unit))
				case ctx.Conflict(r.Expert, sub.Unit):
					out.Errorf(line.Pos, "review", "利益冲突：专家 %s（%s）所在单位为 %s，不得评审其本单位或下属单位 %s 的成果", expert.Name, expert.ID, unitName(ctx, expert.Affiliation), unitName(ctx, sub.Unit))
				}
				if _, ok := authors[sub]; !ok {
					authors[sub] = foldAuthors(sub)
				}
				if folded != "" && slices.Contains(authors[sub], folded) { // IsAuthor
					out.Errorf(line.Pos, "review", "利益冲突：专家 %s（%s）是成果 %s 的完成人之一，不得评审这项成果", expert.Name, expert.ID, sub.ID())
				}
				// After organize.to an ineligible result carries its own prior-commendation
				// error, the one root of the trouble; before, it is only pending.
				if org := comp.Phases.Organize.To; !org.IsZero() && !ctx.Now.After(org.Time) && !ctx.Eligible(y, sub) {
					out.Errorf(line.Pos, "review", "成果 %s 还没有经过竞赛要求的各级表彰（见 prior-commendation），不能评审", sub.ID())
				}
				if a := y.Assignments; a != nil && !a.Assigned(r.Expert, sub.ID()) {
					out.Errorf(line.Pos, "review", "%d 年的 assignments.yaml 没有把成果 %s 分配给专家 %s（%s）；专家只评审分配给自己的成果", y.Year, sub.ID(), expert.Name, expert.ID)
				}
			}
		}
	}
}

// checkScoreLine holds one expert's scores of one result to the rubric: every key, each
// between 0 and its maximum, with at most one decimal.
func checkScoreLine(comp *content.Competition, maxOf map[string]int, line content.ScoreLine, out *diag.List) {
	for _, c := range comp.Rubric {
		if _, ok := line.Scores.Get(c.Key); !ok && !line.ScorePos.Has(c.Key) {
			out.Errorf(line.ValuePos, "review", "成果 %s 缺少评分项 %s（%s）", line.Submission, c.Key, c.Name)
		}
	}
	keys := line.ScorePos.Keys()
	sort.Strings(keys)
	for _, k := range keys {
		m, known := maxOf[k]
		v, ok := line.Scores.Get(k)
		switch {
		case !known:
			out.Errorf(line.ScorePos.At(k), "review", "评分细则中没有评分项 %q（可用：%s）", k, rubricKeys(comp.Rubric))
		case ok && (v < 0 || v > float64(m)):
			out.Errorf(line.ScorePos.At(k), "review", "评分项 %s 的分数 %g 超出范围 0–%d", k, v, m)
		case ok && math.Abs(v*10-math.Round(v*10)) > 1e-6:
			out.Errorf(line.ScorePos.At(k), "review", "评分项 %s 的分数 %g 最多保留一位小数（如 8.5）", k, v)
		}
	}
}

// IsAuthor tells whether the expert's name is among the submission's authors.
func IsAuthor(e *content.Expert, s *content.Submission) bool {
	name := dedup.FoldName(e.Name)
	return name != "" && slices.Contains(foldAuthors(s), name)
}

// foldAuthors is the folded names of the submission's authors, as IsAuthor compares them.
func foldAuthors(s *content.Submission) []string {
	out := make([]string, len(s.Authors))
	for i, a := range s.Authors {
		out[i] = dedup.FoldName(a.Name)
	}
	return out
}

// checkAssignments keeps assignments.yaml to registered experts and this year's results,
// and assigns nobody a result he could not score.
func checkAssignments(ctx *Context, y *content.Year, out *diag.List) {
	a := y.Assignments
	if a == nil {
		return
	}
	for _, l := range a.Lines {
		e := ctx.Experts[l.Expert]
		if e == nil {
			out.Errorf(l.Pos, "ref", "专家代码 %q 不在专家名录中", l.Expert)
			continue
		}
		for i, id := range l.Submissions {
			sub := ctx.Submission(y.Year, id)
			switch {
			case sub == nil:
				out.Errorf(l.SubPos[i], "ref", "找不到成果 %s（应为 %s/submissions/%s.md）", id, y.Dir, id)
			case ctx.AdminConflict(e.ID, sub.Unit):
				out.Errorf(l.SubPos[i], "review", "利益冲突：专家 %s（%s）的账号 %s 是 %s 或其上级单位的管理员，不能分配他评审成果 %s", e.Name, e.ID, e.Login, unitName(ctx, sub.Unit), id)
			case ctx.Conflict(e.ID, sub.Unit):
				out.Errorf(l.SubPos[i], "review", "利益冲突：专家 %s（%s）所在单位为 %s，不能分配评审 %s 的成果 %s", e.Name, e.ID, unitName(ctx, e.Affiliation), unitName(ctx, sub.Unit), id)
			case IsAuthor(e, sub):
				out.Errorf(l.SubPos[i], "review", "利益冲突：专家 %s（%s）是成果 %s 的完成人之一，不能分配他评审", e.Name, e.ID, id)
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
