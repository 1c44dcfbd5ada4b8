package rules

import (
	"fmt"
	"strings"

	"wuxiao/generator/award"
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// checkResults holds the city's decision to the notice [五(三)], [六(四)]: awarded results exist
// and pass every other rule, quotas hold, each has enough reviews, awards follow the score
// order and minimum scores unless an override says why, and a final decision has its
// document number and an ended public-notice window. It runs last: it reads the other rules' errors.
func checkResults(ctx *Context, out *diag.List) {
	failing := filesWithErrors(out)
	for _, y := range ctx.Tree.Years {
		r := y.Results
		if r == nil || y.Competition == nil {
			continue
		}
		checkStatus(ctx, r, out)
		scores := award.Scores(y, ctx.Conflict)
		// Failing submissions take no place, except awarded ones: each of those gets its own
		// error below, and the others are judged in the order the committee saw.
		skip := award.Ineligible(y, out)
		for _, a := range r.Awards {
			delete(skip, a.Submission)
		}
		proposal := map[string]award.Proposal{}
		anyProposed := false
		for _, p := range award.Propose(y.Competition, scores, skip) {
			proposal[p.Submission.ID()] = p
			anyProposed = anyProposed || p.Award != ""
		}
		count := map[string]int{}
		seen := map[string]bool{}
		overridden := false
		for _, a := range r.Awards {
			overridden = overridden || a.Override != ""
		}
		for _, a := range r.Awards {
			pos := a.Meta.At("submission")
			s := ctx.Submission(y.Year, a.Submission)
			if s == nil || a.Award == "" {
				continue
			}
			if seen[a.Submission] {
				out.Errorf(pos, "results", "成果 %s 在评选结果中重复出现", a.Submission)
				continue
			}
			seen[a.Submission] = true
			count[a.Award]++
			if q, ok := y.Competition.Quotas[a.Award]; count[a.Award] > q {
				if !ok {
					q = 0
				}
				out.Errorf(a.Meta.At("award"), "results", "%s 的名额为 %d 个，这是第 %d 个，超出名额", a.Award, q, count[a.Award])
			}
			if failing[s.File] {
				out.Errorf(pos, "results", "获奖成果 %s 未通过其他规则的检查（见 %s 的错误），不能获奖", a.Submission, s.File)
				continue
			}
			p := proposal[a.Submission]
			if n := len(p.Sums); n < y.Competition.MinReviews {
				out.Errorf(pos, "results", "成果 %s 只有 %d 位专家的有效评分，至少需要 %d 位才能评奖", a.Submission, n, y.Competition.MinReviews)
				continue
			}
			if a.Override != "" {
				continue
			}
			if m, ok := y.Competition.MinScores[a.Award]; ok && p.Value < m {
				out.Errorf(a.Meta.At("award"), "results", "成果 %s 得分 %.2f，低于%s的最低分 %g；如确需授予，请填写 override 说明理由", a.Submission, p.Value, a.Award, m)
				continue
			}
			if p.Award != a.Award {
				want := p.Award
				if want == "" {
					want = "不获奖"
				}
				out.Errorf(a.Meta.At("award"), "results", "按评分顺序，成果 %s（得分 %.2f，第 %d 名）应为%s，而不是%s；如确需调整，请填写 override 说明理由", a.Submission, p.Value, p.Rank, want, a.Award)
			}
		}
		if !overridden && anyProposed {
			var missing []string
			for _, s := range scores {
				if p := proposal[s.Submission.ID()]; p.Award != "" && !seen[s.Submission.ID()] {
					missing = append(missing, fmt.Sprintf("%s（%.2f 分，应为%s）", s.Submission.ID(), s.Value, p.Award))
				}
			}
			if len(missing) > 0 {
				out.Errorf(r.Meta.At("awards"), "results", "按评分顺序应获奖但未列入评选结果：%s；如确有理由不授奖，请在调整的奖项上填写 override", strings.Join(missing, "、"))
			}
		}
	}
}

// checkStatus enforces what each status needs: a notice window, and for final a document
// number and a window that has ended.
func checkStatus(ctx *Context, r *content.Results, out *diag.List) {
	if r.Status != "notice" && r.Status != "final" {
		return
	}
	if r.Notice == nil {
		out.Errorf(r.Meta.At("status"), "results", "状态为 %s 时须填写公示期 notice: {from, to}", r.Status)
	} else if !r.Notice.From.IsZero() && !r.Notice.To.IsZero() && r.Notice.To.Before(r.Notice.From.Time) {
		out.Errorf(r.Notice.Meta.At("to"), "results", "公示期结束日期 %s 早于开始日期 %s", r.Notice.To, r.Notice.From)
	}
	if r.Status != "final" {
		return
	}
	if strings.TrimSpace(r.Doc) == "" {
		out.Errorf(r.Meta.At("status"), "results", "状态为 final（表彰）时须填写表彰决定文号 doc")
	}
	if r.Notice != nil && !r.Notice.To.IsZero() && !r.Notice.To.Before(ctx.Now.Time) {
		out.Errorf(r.Meta.At("status"), "results", "公示期到 %s 才结束，公示期满之前不能定为 final", r.Notice.To)
	}
}

// filesWithErrors lists the files that already have an error.
func filesWithErrors(l *diag.List) map[string]bool {
	m := map[string]bool{}
	for _, d := range l.Items() {
		if d.Severity == diag.Error {
			m[d.Pos.File] = true
		}
	}
	return m
}
