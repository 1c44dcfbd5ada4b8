package rules

import (
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// checkPhase keeps dates inside the notice's steps and not in the future [五]:
// organize → review → award in order, submissions inside organize, commendations by its end.
func checkPhase(ctx *Context, out *diag.List) {
	now := ctx.Now
	future := func(pos diag.Pos, what string, d content.Date) {
		if !d.IsZero() && d.After(now.Time) {
			out.Errorf(pos, "phase", "%s %s 晚于今天（%s）", what, d, now)
		}
	}
	for _, y := range ctx.Tree.Years {
		c := y.Competition
		var org *content.Span
		if c != nil && c.Pos.Has("phases") {
			checkPhaseOrder(c, y.Year, out)
			org = &c.Phases.Organize
			if !c.Phases.Pos.Has("organize") || org.From.IsZero() || org.To.IsZero() {
				org = nil
			}
		}
		for _, s := range y.Submissions {
			future(s.Pos.At("submitted"), "申报日期", s.Submitted)
			future(s.Pos.At("completed"), "投入使用日期", s.Completed)
			future(s.Pos.At("started"), "开始日期", s.Started)
			if org != nil && !s.Submitted.IsZero() && !org.Contains(s.Submitted) {
				out.Errorf(s.Pos.At("submitted"), "phase", "申报日期 %s 不在组织推进阶段（%s 至 %s）内", s.Submitted, org.From, org.To)
			}
			if !s.Completed.IsZero() && !s.Submitted.IsZero() && s.Completed.After(s.Submitted.Time) {
				out.Errorf(s.Pos.At("completed"), "phase", "投入使用日期 %s 晚于申报日期 %s；成果应先投入使用再申报", s.Completed, s.Submitted)
			}
			if !s.Started.IsZero() && !s.Completed.IsZero() && s.Started.After(s.Completed.Time) {
				out.Errorf(s.Pos.At("started"), "phase", "开始日期 %s 晚于投入使用日期 %s", s.Started, s.Completed)
			}
		}
		for _, cm := range y.Commendations {
			future(cm.Pos.At("date"), "表彰文件日期", cm.Date)
			if org != nil && !cm.Date.IsZero() && cm.Date.After(org.To.Time) {
				out.Errorf(cm.Pos.At("date"), "phase", "表彰文件日期 %s 晚于组织推进阶段的截止日 %s；推荐市级评审的成果须在此之前完成本级表彰", cm.Date, org.To)
			}
		}
		for _, cs := range y.Cases {
			future(cs.Pos.At("date"), "案例日期", cs.Date)
		}
		for _, b := range y.Bulletins {
			future(b.Pos.At("date"), "简报日期", b.Date)
		}
	}
}

// checkPhaseOrder makes each phase a real span and the three follow each other without overlap.
func checkPhaseOrder(c *content.Competition, year int, out *diag.List) {
	p := c.Phases
	spans := []struct {
		key, name string
		span      content.Span
	}{{"organize", "组织推进", p.Organize}, {"review", "考核评选", p.Review}, {"award", "表彰奖励", p.Award}}
	for i, s := range spans {
		if !p.Pos.Has(s.key) || s.span.From.IsZero() || s.span.To.IsZero() {
			continue
		}
		if s.span.To.Before(s.span.From.Time) {
			out.Errorf(s.span.Pos.At("to"), "phase", "%s阶段的结束日期 %s 早于开始日期 %s", s.name, s.span.To, s.span.From)
		}
		if s.span.From.Year() != year {
			out.Warnf(s.span.Pos.At("from"), "phase", "%s阶段开始于 %d 年，而竞赛年份为 %d", s.name, s.span.From.Year(), year)
		}
		if i == 0 {
			continue
		}
		prev := spans[i-1]
		if !p.Pos.Has(prev.key) || prev.span.To.IsZero() || s.span.From.IsZero() {
			continue
		}
		if !s.span.From.After(prev.span.To.Time) {
			out.Errorf(s.span.Pos.At("from"), "phase", "%s阶段应在%s阶段结束（%s）之后开始，而不是 %s", s.name, prev.name, prev.span.To, s.span.From)
		}
	}
}
