package render

import (
	"bytes"
	"html/template"
	"strconv"
)

// TypedDecision is layouts/decision.html's "main" (a year's 表彰决定 or 公示 with its
// annex, a row for each of 10,000 results at 10,000 results: the slowest page through
// html/template, alone on its core), escaped as html/template escapes it; findTwins puts
// it in that template's place while decision.html and its partials are all the default
// theme's. TestTypedDecisionMatchesTemplate renders it both ways. Change one, change the other.
func (p *PageData) TypedDecision() (template.HTML, error) {
	d := p.Decision()
	if d == nil {
		return "", nil
	}
	y := p.Year
	var b bytes.Buffer
	b.Grow(2048 + 160*len(y.Results))
	b.WriteString("\n<p class=\"doc-tools noprint\"><a href=\"")
	urlAttr(&b, p.Root+d.File)
	b.WriteString("\" download=\"")
	esc(&b, d.Title)
	b.WriteString(".docx\">下载 Word 文档（可编辑）</a> · <button type=\"button\" class=\"print-btn\" data-print hidden>打印</button></p>\n")
	if y.Status == "final" {
		b.WriteString("<p class=\"doc-note noprint\">荣誉证书：每项成果页的末尾都有它的证书，点“打印证书”即单张打印（A4 横向）；全部证书一次打印的页面由市总工会随工作台帐导出（<code>wuxiao ledger</code>）。</p>")
	}
	b.WriteString("\n<article class=\"document decision\">\n<header class=\"doc-head\">\n<h1>")
	esc(&b, d.Title)
	b.WriteString("</h1>\n")
	if d.Doc != "" {
		b.WriteString("<p class=\"doc-no\">")
		esc(&b, d.Doc)
		b.WriteString("</p>")
	}
	b.WriteString("\n</header>\n<div class=\"prose\">\n")
	if d.Salutation != "" {
		b.WriteString("<p class=\"salutation\">")
		esc(&b, d.Salutation)
		b.WriteString("</p>")
	}
	b.WriteString("\n")
	for _, para := range d.Paragraphs {
		b.WriteString("<p class=\"indent\">")
		esc(&b, para)
		b.WriteString("</p>\n")
	}
	b.WriteString("\n</div>\n<div class=\"doc-sign\">")
	for _, s := range d.Sign {
		b.WriteString("<p>")
		esc(&b, s)
		b.WriteString("</p>")
	}
	if d.Date != "" {
		b.WriteString("<p>")
		esc(&b, d.Date)
		b.WriteString("</p>")
	}
	b.WriteString("</div>\n<section class=\"doc-annex\">\n<h2>")
	esc(&b, d.Annex)
	b.WriteString("</h2>\n")
	for _, g := range d.Groups {
		b.WriteString("\n<h3>")
		if y.Provisional() {
			b.WriteString("拟授")
		}
		esc(&b, g.Award)
		b.WriteString("（" + strconv.Itoa(len(g.Results)) + "项）</h3>\n<div><table class=\"roll stack\">\n" +
			"<thead><tr><th scope=\"col\" class=\"n\">序号</th><th scope=\"col\">成果名称</th><th scope=\"col\">完成单位</th><th scope=\"col\">完成人</th></tr></thead>\n<tbody>")
		for i, r := range g.Results {
			b.WriteString("\n<tr><td>" + strconv.Itoa(i+1) + "</td><td>")
			esc(&b, r.Title)
			b.WriteString("</td><td>")
			esc(&b, r.Unit.Name)
			b.WriteString("</td><td>")
			esc(&b, authorNames(r.Authors))
			b.WriteString("</td></tr>")
		}
		b.WriteString("\n</tbody>\n</table></div>\n")
	}
	b.WriteString("\n")
	if us := d.Units; len(us) > 0 {
		b.WriteString("<h3>")
		if y.Provisional() {
			b.WriteString("拟表彰")
		}
		b.WriteString("优胜单位（" + strconv.Itoa(len(us)) + "个）</h3>\n<p>")
		for i, u := range us {
			if i > 0 {
				b.WriteString("、")
			}
			esc(&b, u.Name)
		}
		b.WriteString("</p>")
	}
	b.WriteString("\n</section>\n</article>\n")
	return template.HTML(b.String()), nil
}
