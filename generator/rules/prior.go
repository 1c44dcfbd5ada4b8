package rules

import (
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// levelNames are the commendation levels in Chinese.
var levelNames = map[string]string{"grassroots": "本单位基层工会", "county": "所属县（区）、产业或市直工会"}

// checkPriorCommendation enforces the ladder [五(三)], [六(四)]: before a result is declared
// to the city, its own union and then its county/industry/direct union must have commended it.
func checkPriorCommendation(ctx *Context, out *diag.List) {
	for _, y := range ctx.Tree.Years {
		if y.Competition == nil {
			continue
		}
		commended := ctx.Commended[y.Year]
		for _, s := range y.Submissions {
			u := ctx.Units[s.Unit]
			if u == nil {
				continue
			}
			issuers := map[string]string{"grassroots": u.ID, "county": u.Parent}
			found := map[string]*Commendation{}
			for _, level := range y.Competition.PriorCommendation {
				issuer := issuers[level]
				c := earliest(commended[s.ID()], issuer)
				if c == nil {
					out.Errorf(s.Meta.Pos, "prior-commendation", "缺少%s（%s）对本成果的表彰：请在 %s/commendations/%s/ 下的表彰文件中列出 %s",
						levelNames[level], unitName(ctx, issuer), y.Dir, issuer, s.ID())
					continue
				}
				found[level] = c
				if !s.Submitted.IsZero() && c.Doc.Date.After(s.Submitted.Time) {
					out.Errorf(c.Doc.Meta.At("date"), "prior-commendation", "表彰文件 %s 的日期 %s 晚于成果 %s 的申报日期 %s；须先表彰后申报",
						c.Doc.Doc, c.Doc.Date, s.ID(), s.Submitted)
				}
			}
			g, c := found["grassroots"], found["county"]
			if g != nil && c != nil && c.Doc.Date.Before(g.Doc.Date.Time) {
				out.Errorf(c.Doc.Meta.At("date"), "prior-commendation", "县区级表彰 %s（%s）早于基层表彰 %s（%s）；成果 %s 应先经基层工会表彰",
					c.Doc.Doc, c.Doc.Date, g.Doc.Doc, g.Doc.Date, s.ID())
			}
		}
		checkIssuers(ctx, y, out)
	}
}

// earliest returns the earliest commendation among list issued by issuer.
func earliest(list []Commendation, issuer string) *Commendation {
	var best *Commendation
	for i := range list {
		c := &list[i]
		if c.Doc.Issuer != issuer || c.Doc.Date.IsZero() {
			continue
		}
		if best == nil || c.Doc.Date.Before(best.Doc.Date.Time) {
			best = c
		}
	}
	return best
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
				out.Errorf(a.Meta.At("submission"), "prior-commendation", "%s 只能表彰本单位或所属基层单位的成果，%s 不在其下", unitName(ctx, c.Issuer), a.Submission)
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
