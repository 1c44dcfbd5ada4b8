package rules

import (
	"fmt"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// checkPriorCommendation enforces the ladder [五(二)], [五(三)], [六(四)] as v2 of the contract
// reads it: a unit's own union commends a result before the unit declares it (submitted);
// its county, industry or direct union recommends it to the city afterwards, in a change of
// its own, by organize.to. Until that day a missing recommendation is only pending (a
// warning naming the county and the deadline); after it, an error.
func checkPriorCommendation(ctx *Context, out *diag.List) {
	for _, y := range ctx.Tree.Years {
		if y.Competition == nil {
			continue
		}
		deadline := y.Competition.Phases.Organize.To
		for _, s := range y.Submissions {
			u := ctx.Units[s.Unit]
			if u == nil {
				continue
			}
			var g, c *content.CommendationLine // the grassroots and county lines found
			lines := ctx.Commended[y.Year][s.ID()]
			for _, level := range y.Competition.PriorCommendation {
				issuer := content.Issuer(u, level)
				line := content.Earliest(lines, issuer)
				if line == nil {
					missingCommendation(ctx, y, s, level, issuer, deadline, out)
					continue
				}
				switch level {
				case "grassroots":
					g = line
				case "county":
					c = line
				}
				if level == "grassroots" && !s.Submitted.IsZero() && line.Doc.Date.After(s.Submitted.Time) {
					out.Errorf(line.Doc.Pos.At("date"), "prior-commendation", "表彰文件 %s 的日期 %s 晚于成果 %s 的申报日期 %s；本单位须先表彰后申报",
						line.Doc.Doc, line.Doc.Date, s.ID(), s.Submitted)
				}
			}
			if g != nil && c != nil && c.Doc.Date.Before(g.Doc.Date.Time) {
				out.Errorf(c.Doc.Pos.At("date"), "prior-commendation", "县区级表彰 %s（%s）早于基层表彰 %s（%s）；成果 %s 应先经基层工会表彰",
					c.Doc.Doc, c.Doc.Date, g.Doc.Doc, g.Doc.Date, s.ID())
			}
		}
		checkIssuers(ctx, y, out)
	}
}

// issuerOf is the unit whose commendation level asks for: the unit's own union or its parent.

// missingCommendation reports a level that has not commended s. The county's recommendation
// may still come until organize.to: before that day it is pending, a warning.
func missingCommendation(ctx *Context, y *content.Year, s *content.Submission, level, issuer string, deadline content.Date, out *diag.List) {
	where := fmt.Sprintf("%s/commendations/%s/", y.Dir, issuer)
	if ctx.Tree.BrokenIn(where) {
		return // a commendation file of the issuer could not be read: that is the one error
	}
	if level == "county" && !deadline.IsZero() && !ctx.Now.After(deadline.Time) {
		out.Warnf(s.Pos.Start, "prior-commendation", "%s尚未推荐（表彰）本成果：须在 %s（组织推进阶段截止日）前在 %s 下的表彰文件中列出 %s；逾期未推荐的成果不能参加市级评选",
			unitName(ctx, issuer), deadline, where, s.ID())
		return
	}
	if level == "county" && !deadline.IsZero() {
		out.Errorf(s.Pos.Start, "prior-commendation", "%s在组织推进阶段截止日 %s 前没有推荐（表彰）本成果，本成果不能参加市级评选：请%s在 %s 下的表彰文件中列出 %s，或删除本申报",
			unitName(ctx, issuer), deadline, unitName(ctx, issuer), where, s.ID())
		return
	}
	out.Errorf(s.Pos.Start, "prior-commendation", "缺少%s（%s）对本成果的表彰：请在 %s 下的表彰文件中列出 %s",
		content.UnitLevelName(level), unitName(ctx, issuer), where, s.ID())
}

// checkIssuers refuses commendations of results that are not the issuer's own or its units'.
func checkIssuers(ctx *Context, y *content.Year, out *diag.List) {
	for _, c := range y.Commendations {
		for _, a := range c.Awards {
			unit, _, ok := strings.Cut(a.Submission, "/")
			if !ok || ctx.Submission(y.Year, a.Submission) == nil || ctx.Units[c.Issuer] == nil {
				continue
			}
			if unit != c.Issuer && ctx.Units[unit] != nil && ctx.Units[unit].Parent != c.Issuer {
				out.Errorf(a.Pos.At("submission"), "prior-commendation", "%s 只能表彰本单位或所属基层单位的成果，%s 不在其下", unitName(ctx, c.Issuer), a.Submission)
			}
		}
	}
}

func unitName(ctx *Context, id string) string {
	if u := ctx.Units[id]; u != nil {
		return u.Name
	}
	if id == "" {
		return "未登记上级单位"
	}
	return id
}
