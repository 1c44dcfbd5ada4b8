package render

import (
	"bytes"
	"strconv"
)

// resultPage is layouts/_base.html's "base" for a result page, its "main" resultMain, escaped
// as html/template escapes it (TestTypedResultMatchesTemplate, TestTypedPageMatchesTemplate):
// a result page is then written without html/template at all. Change one, change the other.
func (p *PageData) resultPage(b *bytes.Buffer) error { return p.typedFrame(b, p.resultMain) }

// typedFrame is layouts/_base.html's "base" with an empty "head" (as the default theme's
// pages but the submission form have it) around main, which writes the page's "main":
// findTwins allows it for a page file whose base and head are those (twins.frame), and
// TestTypedResultMatchesTemplate renders every page both ways. The frame was most of a
// list page's time in html/template (145 us of the 180 a unit or facet page took).
func (p *PageData) typedFrame(b *bytes.Buffer, main func(*bytes.Buffer) error) error {
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	esc(b, p.FullTitle())
	b.WriteString("</title>")
	if p.Description != "" {
		b.WriteString("\n<meta name=\"description\" property=\"og:description\" content=\"")
		esc(b, p.Description)
		b.WriteString("\">")
	}
	canonical := p.Canonical()
	b.WriteString("\n<link rel=\"canonical\" href=\"")
	urlAttr(b, canonical)
	b.WriteString("\">\n<meta property=\"og:title\" content=\"")
	if p.Title != "" {
		esc(b, p.Title)
	} else {
		esc(b, p.Site.Title)
	}
	b.WriteString("\">\n<meta property=\"og:url\" content=\"")
	esc(b, canonical)
	b.WriteString("\">")
	if p.Image != "" {
		b.WriteString("\n<meta property=\"og:image\" content=\"")
		esc(b, p.Abs(p.Image))
		b.WriteString("\">")
	}
	b.WriteString("\n<meta name=\"format-detection\" content=\"telephone=no\">\n<script src=\"")
	urlAttr(b, p.Asset("read.js"))
	b.WriteString("\"></script>\n<link rel=\"stylesheet\" href=\"")
	urlAttr(b, p.Asset("style.css"))
	b.WriteString("\">\n<link rel=\"icon\" href=\"")
	urlAttr(b, p.Asset("favicon.svg"))
	b.WriteString("\" type=\"image/svg+xml\">")
	if p.Kind == "home" {
		b.WriteString("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
		esc(b, p.Site.Title)
		b.WriteString("\" href=\"")
		urlAttr(b, p.Root+"feed.xml")
		b.WriteString("\">")
	}
	b.WriteString("\n</head>\n<body class=\"k-")
	esc(b, p.Kind)
	b.WriteString("\">\n<a class=\"skip\" href=\"#main\">跳到正文</a>\n")
	header, err := p.Chrome("header")
	if err != nil {
		return err
	}
	b.WriteString(string(header))
	b.WriteString("\n<main id=\"main\" class=\"wrap\">")
	if len(p.Crumbs) > 0 {
		b.WriteString("\n<nav class=\"crumbs\" aria-label=\"位置\">")
		for _, c := range p.Crumbs {
			b.WriteString("<a href=\"")
			urlAttr(b, p.Link(c.URL))
			b.WriteString("\">")
			esc(b, c.Title)
			b.WriteString("</a> › ")
		}
		b.WriteString("<span aria-current=\"page\">")
		esc(b, p.Title)
		b.WriteString("</span></nav>")
	}
	b.WriteString("\n")
	if err := main(b); err != nil {
		return err
	}
	b.WriteString("\n</main>\n")
	footer, err := p.Chrome("footer")
	if err != nil {
		return err
	}
	b.WriteString(string(footer))
	b.WriteString("\n</body>\n</html>\n")
	return nil
}

// resultItem is the partial result-item for r with .Root root, escaped as html/template
// escapes it (TestTypedResultMatchesTemplate renders every list both ways).
func resultItem(b *bytes.Buffer, root string, r *Result) {
	b.WriteString("<li><p>")
	resultAward(b, r)
	b.WriteString(" · ")
	b.WriteString(strconv.Itoa(r.Year.Year))
	b.WriteString("年 · ")
	esc(b, r.Category)
	b.WriteString("<h3><a href=\"")
	urlAttr(b, root+r.URL)
	b.WriteString("\">")
	esc(b, r.Title)
	b.WriteString("</a></h3><p>")
	esc(b, r.Unit.Name)
	b.WriteString("<span>")
	esc(b, authorNames(r.Authors))
	b.WriteString("</span>")
}
