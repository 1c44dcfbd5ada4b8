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
		if strings.ContainsAny(text, "\n\r") {
			out.Errorf(pos, "schema", "%s %q 含有换行；文号只能写成一行", what, clip(text, 40))
		}
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
