package render

import (
	"bytes"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/urls"
)

// The result page is nine pages in ten of a large site, and html/template spends most of
// its time there in reflection (a field, a method, a function: each a reflect call). So
// the default theme's result.html has a twin in Go, resultMain, that writes the same
// bytes (TestTypedResultMatchesTemplate renders every result page both ways); it is used
// only while the site's theme has the default result.html, so a site's own layouts/
// result.html still decides its page. Change one, change the other.

// resultMain is layouts/result.html's "main" for p, escaped as html/template escapes it.
func (p *PageData) resultMain(b *bytes.Buffer) error {
	r := p.Result
	link := func(u string) { urlAttr(b, p.Root+u) }
	anchor := func(u, text string) { // <a href="{{.Root}}{{u}}">{{text}}</a>
		b.WriteString(`<a href="`)
		link(u)
		b.WriteString(`">`)
		esc(b, text)
		b.WriteString("</a>")
	}
	b.WriteString("\n<article class=\"result\">\n<header class=\"page-head\">\n<p class=\"kicker\">")
	anchor(r.Year.URL, r.Year.Title)
	b.WriteString(" ")
	resultAward(b, r)
	b.WriteString("</p>\n<h1>")
	esc(b, r.Title)
	b.WriteString("</h1>\n<p class=\"sub\">")
	anchor(r.Unit.URL, r.Unit.Name)
	if r.Body != nil {
		b.WriteString(`<span class="sep">|</span>`)
		anchor(r.Body.URL, r.Body.Name)
	}
	b.WriteString("</p>")
	revokedNotice(b, r)
	b.WriteString("\n</header>\n<dl class=\"facts\">\n")
	for _, f := range [...][3]string{{"成果类别", "category", r.Category}, {"创新类型", "innovation", r.Innovation}, {"参赛组别", "group", r.Group}} {
		b.WriteString("<div><dt>" + f[0] + "<dd>")
		anchor(facetURL(f[1], f[2]), f[2])
		b.WriteString("</div>\n")
	}
	b.WriteString("<div><dt>主要完成人<dd>")
	esc(b, r.Lead())
	b.WriteString("</div>")
	if r.Studio != "" {
		b.WriteString("\n<div><dt>创新工作室<dd>")
		esc(b, r.Studio)
		b.WriteString("</div>")
	}
	if r.HasEconomic {
		b.WriteString("\n<div><dt>年经济效益<dd>")
		esc(b, formatNumber(r.Economic)+" 万元")
		b.WriteString("</div>")
	}
	b.WriteString("\n<div><dt>投入使用<dd>")
	esc(b, cnDate(r.Completed))
	b.WriteString("</div>\n<div><dt>申报日期<dd>")
	esc(b, cnDate(r.Submitted))
	b.WriteString("</div>\n</dl>\n<section class=\"block\">\n<h2>成果简介</h2>\n<p class=\"summary\">")
	esc(b, r.Summary)
	b.WriteString("</p>\n</section>\n<section class=\"block prose\" data-search-body>\n<h2 class=\"block-title\">情况说明</h2>\n")
	if p.bodyMD != "" {
		if err := p.r.md.convertTo(b, p.bodyMD, p.resultFiles()); err != nil {
			return err
		}
	} else {
		b.WriteString(string(p.Body))
	}
	b.WriteString("\n</section>\n<section class=\"block\">\n<h2>效益</h2>\n<dl class=\"benefit\">")
	if r.HasEconomic {
		b.WriteString("<dt>经济效益<dd>每年约 ")
		esc(b, formatNumber(r.Economic)+" 万元")
		b.WriteString("（申报单位填报）")
	}
	if r.Social != "" {
		b.WriteString("<dt>社会效益<dd>")
		esc(b, r.Social)
	}
	b.WriteString("\n</dl>\n</section>\n<section class=\"block\">\n<h2>完成人</h2>\n<div><table class=\"people\">\n" +
		"<thead><tr><th scope=\"col\">姓名<th scope=\"col\">分工<th scope=\"col\">岗位</thead>\n<tbody>")
	for _, a := range r.Authors {
		b.WriteString("<tr><td>")
		esc(b, a.Name)
		b.WriteString("<td>")
		esc(b, a.Role)
		b.WriteString("<td>")
		esc(b, a.Job)
	}
	b.WriteString("</tbody>\n</table></div>\n</section>\n<section class=\"block\">\n<h2>逐级评审表彰</h2>\n<ol class=\"ladder\">")
	for _, s := range r.Ladder {
		b.WriteString("\n<li><span class=\"lv\">")
		esc(b, s.Level)
		b.WriteString("</span>\n<span class=\"who\">")
		if s.IssuerURL != "" {
			anchor(s.IssuerURL, s.Issuer)
		} else {
			esc(b, s.Issuer)
		}
		b.WriteString("</span>")
		if s.Award != "" {
			b.WriteString(" ")
			awardSpan(b, s.Award)
		}
		b.WriteString("\n<span class=\"doc\">")
		esc(b, s.Doc)
		if s.Date != "" {
			b.WriteString("\u3000")
			d, _ := content.ParseDate(s.Date)
			esc(b, cnDate(d))
		}
		if s.Note != "" {
			b.WriteString("\u3000")
			esc(b, s.Note)
		}
		b.WriteString("</span>")
	}
	b.WriteString("\n</ol>")
	if r.CertificateURL() != "" {
		b.WriteString("\n<p class=\"cert-link\">荣誉证书编号 <b>")
		esc(b, r.CertificateNumber())
		b.WriteString("</b> · <a href=\"#certificate\">查看和打印证书</a></p>")
	}
	b.WriteString("\n</section>")
	linkBlock := func(heading, class string, n int, item func(int) (url, title string)) {
		if n == 0 {
			return
		}
		b.WriteString("\n<section class=\"block\">\n<h2>" + heading + "</h2>\n<ul class=\"" + class + "\">")
		for i := range n {
			b.WriteString("<li>")
			anchor(item(i))
		}
		b.WriteString("</ul>\n</section>")
	}
	linkBlock("证明材料", "files", len(r.Attachments), func(i int) (string, string) { return r.Attachments[i].URL, r.Attachments[i].Title })
	if len(r.Experts) > 0 {
		b.WriteString("\n<section class=\"block\">\n<h2>评审专家</h2>\n<p>")
		esc(b, strings.Join(r.Experts, "、"))
		b.WriteString("</p>\n</section>")
	}
	linkBlock("相关典型案例", "news", len(r.Cases), func(i int) (string, string) { return r.Cases[i].URL, r.Cases[i].Title })
	if len(r.Tags) > 0 {
		b.WriteString("\n<p class=\"tags\">关键词：")
		for i, t := range r.Tags {
			if i > 0 {
				b.WriteString("、")
			}
			esc(b, t)
		}
		b.WriteString("</p>")
	}
	c, err := p.Certificate()
	if err != nil {
		return err
	}
	if c != nil {
		p.certificateBlock(b, c)
	}
	b.WriteString("\n</article>\n")
	return nil
}

// certificateBlock is result.html's section #certificate.
func (p *PageData) certificateBlock(b *bytes.Buffer, c *Certificate) {
	r := p.Result
	b.WriteString("\n<section class=\"block cert-block\" id=\"certificate\" aria-labelledby=\"cert-h\">\n<h2 id=\"cert-h\">荣誉证书</h2>")
	if r.Revoked == nil {
		b.WriteString("\n<p class=\"cert-tools\">二维码指向本页，可供核验。纸张选 A4 横向，点“打印证书”或从“查看和打印证书”来到这里打印，只打印证书。")
	}
	b.WriteString("\n<article class=\"certificate")
	b.WriteString(r.CertFit())
	if r.Revoked != nil {
		b.WriteString(" cert-revoked")
	}
	b.WriteString("\" aria-label=\"荣誉证书：")
	esc(b, r.Title)
	b.WriteString("\">\n<div class=\"cert-frame\">\n<p class=\"cert-title\">荣誉证书\n<p class=\"cert-to\">")
	esc(b, authorNames(r.Authors))
	b.WriteString("：\n<p class=\"cert-text\">")
	if len(r.Authors) > 1 {
		b.WriteString("你们")
	} else {
		b.WriteString("你")
	}
	b.WriteString("完成的“")
	esc(b, r.Title)
	b.WriteString("”，在")
	esc(b, r.Year.Title)
	b.WriteString("中荣获\n<p class=\"cert-award\">")
	if r.Revoked != nil {
		b.WriteString("<del>")
		esc(b, r.Award)
		b.WriteString("</del>")
	} else {
		esc(b, r.Award)
	}
	b.WriteString("")
	if v := r.Revoked; v != nil {
		b.WriteString("\n<p class=\"cert-void\">已撤销\u3000")
		esc(b, cnDate(v.Date))
		b.WriteString("\u3000")
		esc(b, v.Doc)
		b.WriteString("")
	}
	b.WriteString("\n<p class=\"cert-text\">特发此证，以资鼓励。\n<div class=\"cert-foot\">\n<div class=\"cert-meta\">\n<p>完成单位：")
	esc(b, r.Unit.Name)
	b.WriteString("")
	if d := r.Year.ResultsDoc; d != "" {
		b.WriteString("\n<p>表彰文号：")
		esc(b, d)
		b.WriteString("")
	}
	b.WriteString("\n<p>证书编号：<span class=\"cert-no\">")
	esc(b, c.Number)
	b.WriteString("</span>\n</div>\n<div class=\"cert-sign\">")
	for _, o := range p.Site.Organizers {
		b.WriteString("\n<p>")
		esc(b, o)
		b.WriteString("")
	}
	if c.Date != "" {
		b.WriteString("\n<p class=\"cert-date\">")
		esc(b, c.Date)
		b.WriteString("")
	}
	b.WriteString("\n</div>\n<figure class=\"cert-verify\">")
	b.Write(appendQRTag(b.AvailableBuffer(), c.png, c.side, "本页网址")) // c.PageQR(), into the page
	b.WriteString("<figcaption>扫码核验</figcaption></figure>\n</div>\n</div>\n</article>\n</section>")
}

// resultAward is the partial result-award.
func resultAward(b *bytes.Buffer, r *Result) {
	if r.Revoked != nil {
		b.WriteString(`<del class="award-`)
		esc(b, urls.ValueID(r.Award))
		b.WriteString(`">`)
		esc(b, r.Award)
		b.WriteString(`</del> <span class="status status-revoked">已撤销</span>`)
		return
	}
	b.WriteString(`<span class="award-`)
	esc(b, urls.ValueID(r.Award))
	b.WriteString(`">`)
	esc(b, r.AwardText())
	b.WriteString("</span>")
	if r.Provisional() {
		b.WriteString(` <span class="status status-notice">公示中</span>`)
	}
}

// awardSpan is the partial award.
func awardSpan(b *bytes.Buffer, a string) {
	b.WriteString(`<span class="award-`)
	esc(b, urls.ValueID(a))
	b.WriteString(`">`)
	esc(b, a)
	b.WriteString("</span>")
}

// revokedNotice is the partial revoked-notice.
func revokedNotice(b *bytes.Buffer, r *Result) {
	v := r.Revoked
	if v == nil {
		return
	}
	b.WriteString(`<p class="revoked" role="note"><b>已撤销</b>：该成果所获`)
	esc(b, r.Award)
	b.WriteString("已于")
	esc(b, cnDate(v.Date))
	b.WriteString("撤销（")
	esc(b, v.Doc)
	b.WriteString("）。理由：")
	esc(b, v.Reason)
	b.WriteString("</p>")
}

// esc writes s as html/template escapes a string in text and in quoted attributes.
func esc(b *bytes.Buffer, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		if k := escIndex[s[i]]; k != 0 {
			b.WriteString(s[written:i])
			b.WriteString(escRepl[k-1])
			written = i + 1
		}
	}
	b.WriteString(s[written:])
}

// escIndex is, by byte, 1 + the index in escRepl of what esc writes for it, 0 for the
// byte itself: one look a byte, where a switch on the ASCII ones was a fifth of the typed
// pages' own time.
var escIndex = [256]uint8{0: 1, '"': 2, '&': 3, '\'': 4, '+': 5, '<': 6, '>': 7}

var escRepl = [...]string{"\uFFFD", "&#34;", "&amp;", "&#39;", "&#43;", "&lt;", "&gt;"}

// urlAttr writes u as html/template writes a string at the start of a quoted href:
// refused (#ZgotmplZ) with an unsafe scheme, normalised (bytes outside RFC 3986
// percent-encoded), then escaped for the attribute.
func urlAttr(b *bytes.Buffer, u string) {
	if !safeURL(u) {
		b.WriteString("#ZgotmplZ")
		return
	}
	var n strings.Builder
	written := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(u) && isHexDigit(u[i+1]) && isHexDigit(u[i+2]):
			continue
		}
		n.WriteString(u[written:i])
		n.WriteByte('%')
		n.WriteString(strconv.FormatInt(int64(c)>>4, 16))
		n.WriteString(strconv.FormatInt(int64(c)&15, 16))
		written = i + 1
	}
	if written == 0 {
		esc(b, u)
		return
	}
	n.WriteString(u[written:])
	esc(b, n.String())
}

func safeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		return strings.EqualFold(protocol, "http") || strings.EqualFold(protocol, "https") || strings.EqualFold(protocol, "mailto")
	}
	return true
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// typedMark is what the typed template's "main" writes (see findTwins): renderPage
// then writes resultMain in its place, straight into the page's buffer (spliceTyped).
const typedMark = "\x00wuxiao:typed-main\x00"

// TypedMark is typedMark as the template's "main" sees it.
func (p *PageData) TypedMark() template.HTML { return typedMark }

// spliceTyped writes resultMain where buf holds typedMark, at each place (none if a
// site's own base template shows no main). The mark cannot come from content: the
// escaper and goldmark both turn a NUL into U+FFFD.
func (p *PageData) spliceTyped(buf *bytes.Buffer) error {
	for from := 0; ; {
		i := bytes.Index(buf.Bytes()[from:], []byte(typedMark))
		if i < 0 {
			return nil
		}
		i += from
		tail := slices.Clone(buf.Bytes()[i+len(typedMark):]) // the page after main
		buf.Truncate(i)
		if err := p.resultMain(buf); err != nil {
			return err
		}
		from = buf.Len()
		buf.Write(tail)
	}
}
