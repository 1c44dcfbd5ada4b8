package rules

import (
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// checkDocsOneLine keeps every 文号 (the notice's, a commendation's, the decision's, a
// revocation's, a correction's, a ban's and a clearance's) to one line: it is printed as
// one on the pages, the certificates and the ledgers, and the desk puts a county's into
// the title of its pull request and its commit message, where a second line would read
// as a trailer.
func checkDocsOneLine(ctx *Context, out *diag.List) {
	doc := func(pos diag.Pos, what, text string) {
		refuseLineBreak(out, pos, what, text, "文号只能写成一行")
	}
	for _, b := range ctx.Tree.Banned {
		doc(b.Pos.At("doc"), "禁止申报文号", b.Doc)
	}
	for _, c := range ctx.Tree.Cleared {
		doc(c.Pos.At("doc"), "核查文号", c.Doc)
	}
	eachYearDoc(ctx.Tree, doc)
}

// eachYearDoc calls fn with each 文号 of the years' files, where it stands and what it
// is called: the notice's, the commendations', the decision's, the revocations' and the
// corrections'. These are published with the year (checkPII reads them too).
func eachYearDoc(t *content.Tree, fn func(pos diag.Pos, what, doc string)) {
	for _, y := range t.Years {
		if c := y.Competition; c != nil {
			fn(c.Pos.At("doc"), "通知文号", c.Doc)
		}
		for _, c := range y.Commendations {
			fn(c.Pos.At("doc"), "表彰文件文号", c.Doc)
		}
		if r := y.Results; r != nil {
			fn(r.Pos.At("doc"), "表彰决定文号", r.Doc)
			for _, a := range r.Awards {
				if v := a.Revoked; v != nil {
					fn(v.Pos.At("doc"), "撤销文号", v.Doc)
				}
			}
			for _, c := range r.Corrections {
				fn(c.Pos.At("doc"), "更正文号", c.Doc)
			}
		}
	}
}

// checkTextsOneLine keeps to one line the texts shown as one: titles, names, roles and
// posts, studios, tags, proof titles and the like, on the pages, the certificates, the
// ledgers and wuxiao award's table. A line break, or a carriage return (which sends a
// terminal's cursor back to the line's start), in a result's title printed a row of its
// own in the office's table, over the real one's rank, score and award.
func checkTextsOneLine(ctx *Context, out *diag.List) {
	line := func(pos diag.Pos, what, text string) { refuseLineBreak(out, pos, what, text, "只能写成一行") }
	t := ctx.Tree
	if s := t.Site; s != nil {
		line(s.Pos.At("title"), "站点标题", s.Title)
	}
	for _, e := range t.Experts {
		line(e.Pos.At("name"), "专家姓名", e.Name)
		line(e.Pos.At("field"), "专家专业领域", e.Field)
	}
	for _, y := range t.Years {
		if c := y.Competition; c != nil {
			line(c.Pos.At("title"), "竞赛名称", c.Title)
			for _, r := range c.Rubric {
				line(r.Pos.At("name"), "评分项名称", r.Name)
			}
		}
		for _, s := range y.Submissions {
			line(s.Pos.At("title"), "项目名称", s.Title)
			line(s.Pos.At("studio"), "创新工作室", s.Studio)
			for _, a := range s.Authors {
				line(a.Pos.At("name"), "完成人姓名", a.Name)
				line(a.Pos.At("role"), "完成人分工", a.Role)
				line(a.Pos.At("job"), "完成人岗位", a.Job)
			}
			for _, tag := range s.Tags {
				line(s.Pos.At("tags"), "关键词", tag)
			}
			for _, a := range s.Attachments {
				line(a.Pos.At("title"), "证明材料名称", a.Title)
			}
		}
		for _, c := range y.Cases {
			line(c.Pos.At("title"), "案例标题", c.Title)
		}
		for _, b := range y.Bulletins {
			line(b.Pos.At("title"), "简报标题", b.Title)
		}
	}
	for _, p := range t.Pages {
		line(p.Pos.At("title"), "页面标题", p.Title)
	}
}

// refuseLineBreak reports text, the what at pos, when it holds a line break or a carriage return,
// saying must.
func refuseLineBreak(out *diag.List, pos diag.Pos, what, text, must string) {
	if strings.ContainsAny(text, "\n\r") {
		out.Errorf(pos, "schema", "%s %q 含有换行；%s", what, clip(text, 40), must)
	}
}
