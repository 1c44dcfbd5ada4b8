package render

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"

	"wuxiao/generator/urls"
)

// TypedAwards is layouts/awards.html's "main" (a year's roll of honour, 10,000 rows at
// 10,000 results), escaped as html/template escapes it; findTwins puts it in that
// template's place while awards.html and its partials are all the default theme's.
// TestTypedResultMatchesTemplate renders every page both ways. Change one, change the other.
func (p *PageData) TypedAwards() (template.HTML, error) {
	y := p.Year
	var b bytes.Buffer
	b.Grow(256 + 200*len(y.Results))
	link := func(u string) { urlAttr(&b, p.Root+u) }
	notice, final := y.Status == "notice", y.Status == "final"
	b.WriteString("\n<article class=\"document\">\n<header class=\"doc-head\">\n<h1>")
	esc(&b, y.Title)
	if notice {
		b.WriteString("<br>拟表彰优秀成果名单</h1>\n")
	} else {
		b.WriteString("<br>优秀成果表彰名单</h1>\n")
	}
	if y.ResultsDoc != "" {
		b.WriteString("<p class=\"doc-no\">")
		esc(&b, y.ResultsDoc)
		b.WriteString("</p>")
	}
	b.WriteString("\n<p class=\"doc-tools noprint\"><a href=\"")
	link(y.URL)
	if notice {
		b.WriteString("decision/\">公示文件（打印、下载 Word）</a></p>\n")
	} else {
		b.WriteString("decision/\">表彰决定（打印、下载 Word）</a></p>\n")
	}
	if final {
		b.WriteString("<p class=\"doc-note noprint\">荣誉证书：每项成果页的末尾都有它的证书，点“打印证书”即单张打印（A4 横向）；全部证书一次打印的页面由市总工会随工作台帐导出（<code>wuxiao ledger</code>）。</p>")
	}
	b.WriteString("\n")
	if notice {
		b.WriteString("<p class=\"doc-note\">")
		if n := y.Notice; n != nil {
			b.WriteString("公示期：")
			esc(&b, cnDate(n.From))
			b.WriteString("至")
			esc(&b, cnDate(n.To))
			b.WriteString("。")
		}
		b.WriteString("<a class=\"noprint\" href=\"")
		link(y.URL)
		b.WriteString("notice/\">公示说明</a></p>")
	}
	b.WriteString("\n</header>\n")
	for _, g := range y.ByAward {
		b.WriteString("\n<section class=\"doc-section\" id=\"")
		esc(&b, urls.ValueID(g.Award))
		b.WriteString("\">\n<h2>")
		if y.Provisional() {
			b.WriteString("拟授")
		}
		esc(&b, g.Award)
		b.WriteString("（" + strconv.Itoa(len(g.Results)) + "项）</h2>\n<div><table class=\"roll stack\">\n" + "<thead><tr><th scope=\"col\" class=\"n\">序号</th><th scope=\"col\">成果名称</th><th scope=\"col\">完成单位</th><th scope=\"col\">完成人</th></tr></thead>" + "\n<tbody>")
		for i, r := range g.Results {
			b.WriteString("\n<tr")
			if r.Revoked != nil {
				b.WriteString(" class=\"revoked-row\"")
			}
			b.WriteString("><td>" + strconv.Itoa(i+1) + "</td><td><a href=\"")
			link(r.URL)
			b.WriteString("\">")
			esc(&b, r.Title)
			b.WriteString("</a>")
			if r.Revoked != nil {
				b.WriteString(" <span class=\"status status-revoked\">已撤销</span>")
			}
			b.WriteString("</td><td>")
			esc(&b, r.Unit.Name)
			b.WriteString("</td><td>")
			esc(&b, authorNames(r.Authors))
			b.WriteString("</td></tr>")
		}
		b.WriteString("\n</tbody>\n</table></div>\n</section>\n")
	}
	b.WriteString("\n")
	if us := y.WinningUnits; len(us) > 0 {
		b.WriteString("\n<section class=\"doc-section\">\n<h2>")
		if y.Provisional() {
			b.WriteString("拟表彰")
		}
		b.WriteString("优胜单位（" + strconv.Itoa(len(us)) + "个）</h2>\n<p class=\"winners\">")
		for i, u := range us {
			if i > 0 {
				b.WriteString("、")
			}
			esc(&b, u.Name)
		}
		b.WriteString("</p>\n</section>\n")
	}
	if rs := y.Revocations(); len(rs) > 0 {
		b.WriteString("\n<section class=\"doc-section\" id=\"revocations\">\n<h2>撤销奖项公告</h2>\n<ul class=\"public-record\">")
		for _, r := range rs {
			b.WriteString("\n<li>")
			esc(&b, cnDate(r.Revoked.Date))
			b.WriteString("，")
			esc(&b, r.Revoked.Doc)
			b.WriteString("：撤销“<a href=\"")
			link(r.URL)
			b.WriteString("\">")
			esc(&b, r.Title)
			b.WriteString("</a>”（")
			esc(&b, r.Unit.Name)
			b.WriteString("）所获")
			esc(&b, r.Award)
			b.WriteString("。理由：")
			esc(&b, r.Revoked.Reason)
			b.WriteString("。该奖项名额不再递补。</li>")
		}
		b.WriteString("\n</ul>\n</section>\n")
	}
	if cs := y.Corrections; len(cs) > 0 {
		b.WriteString("\n<section class=\"doc-section\" id=\"corrections\">\n<h2>更正记录</h2>\n<ul class=\"public-record\">")
		for _, c := range cs {
			b.WriteString("\n<li>")
			esc(&b, cnDate(c.Date))
			b.WriteString("，")
			esc(&b, c.Doc)
			b.WriteString("：")
			esc(&b, c.Reason)
			b.WriteString("</li>")
		}
		b.WriteString("\n</ul>\n</section>\n")
	}
	if rs := y.Overrides(); len(rs) > 0 {
		b.WriteString("\n<section class=\"doc-section\" id=\"overrides\">\n<h2>评委会调整说明</h2>\n<p class=\"doc-note\">以下奖项与专家评分顺序不同，评委会的书面理由如下。</p>\n<ul class=\"public-record\">")
		for _, r := range rs {
			b.WriteString("\n<li>“<a href=\"")
			link(r.URL)
			b.WriteString("\">")
			esc(&b, r.Title)
			b.WriteString("</a>”（")
			esc(&b, r.Unit.Name)
			b.WriteString("）")
			esc(&b, r.AwardText())
			b.WriteString("：")
			esc(&b, r.Override)
			b.WriteString("</li>")
		}
		b.WriteString("\n</ul>\n</section>\n")
	}
	b.WriteString("\n")
	if orgs := p.Site.Organizers; len(orgs) > 0 {
		b.WriteString("<p class=\"doc-sign\">")
		esc(&b, strings.Join(orgs, "\u3000"))
		b.WriteString("</p>")
	}
	b.WriteString("\n</article>\n")
	return template.HTML(b.String()), nil
}
