package render

import (
	"bytes"
	"strconv"
)

// The list pages' mains: unit.html's and facet.html's "main" with the partials they call
// ("result-list" through TypedList, "pager"), escaped as html/template escapes them. findTwins
// puts one in its template's place where the page file and every template it holds are the
// default theme's; TestTypedResultMatchesTemplate renders every page both ways (with
// pagers, gaps among their links, parents, children, winning years and 公示 in its trees).
// They were most of the 1,110 list pages' time at 10,000 results once the frame was typed
// (about 120 us of html/template a page). Change one, change the other.

// unitMain is unit.html's "main".
func (p *PageData) unitMain(b *bytes.Buffer) error {
	u := p.Unit
	b.WriteString("\n<header class=\"page-head\"><h1>")
	esc(b, u.Name)
	b.WriteString("</h1>\n<p class=\"sub\">")
	esc(b, u.TypeName())
	if u.Parent != nil {
		b.WriteString("　上级：<a href=\"")
		urlAttr(b, p.Root+u.Parent.URL)
		b.WriteString("\">")
		esc(b, u.Parent.Name)
		b.WriteString("</a>")
	}
	b.WriteString("</p></header>\n<dl class=\"facts\">\n<div><dt>获奖成果</dt><dd>")
	b.WriteString(strconv.Itoa(len(u.All)))
	b.WriteString(" 项")
	if n := p.r.proposed.count(u.All); n != 0 {
		b.WriteString("<small>（")
		b.WriteString(strconv.Itoa(n))
		b.WriteString(" 项公示中）</small>")
	}
	b.WriteString("</dd></div>")
	if len(u.Children) > 0 {
		b.WriteString("\n<div><dt>下属单位</dt><dd>")
		b.WriteString(strconv.Itoa(len(u.Children)))
		b.WriteString(" 个</dd></div>")
	}
	if len(u.Won) > 0 {
		b.WriteString("\n<div><dt>优胜单位</dt><dd>")
		for i, y := range u.Won {
			if i > 0 {
				b.WriteString("、")
			}
			b.WriteString(strconv.Itoa(y))
			b.WriteString("年")
		}
		b.WriteString("</dd></div>")
	}
	b.WriteString("\n</dl>\n")
	if len(u.Children) > 0 {
		b.WriteString("\n<section class=\"block\">\n<h2 class=\"block-title\">下属单位</h2>\n<ul class=\"counts\">")
		for _, c := range u.Children {
			b.WriteString("<li><a href=\"")
			urlAttr(b, p.Root+c.URL)
			b.WriteString("\">")
			esc(b, c.Name)
			b.WriteString("</a> <b>")
			b.WriteString(strconv.Itoa(len(c.All)))
			b.WriteString("<small> 项</small></b></li>")
		}
		b.WriteString("</ul>\n</section>\n")
	}
	b.WriteString("\n<section class=\"block\">\n<h2 class=\"block-title\">获奖成果")
	if pg := p.Pager; pg != nil {
		b.WriteString(" <small>")
		pageOfPages(b, pg)
		b.WriteString("</small>")
	}
	b.WriteString("</h2>\n")
	if len(p.List) > 0 {
		if err := p.typedList(b); err != nil {
			return err
		}
		p.typedPager(b)
	} else {
		b.WriteString("<p class=\"empty\">暂无公布的获奖成果。</p>")
	}
	b.WriteString("\n</section>\n")
	return nil
}

// facetMain is facet.html's "main".
func (p *PageData) facetMain(b *bytes.Buffer) error {
	v := p.Value
	b.WriteString("\n<header class=\"page-head\"><h1>")
	esc(b, v.Facet.Name)
	b.WriteString("：")
	esc(b, v.Name)
	b.WriteString("</h1>\n<p class=\"sub\">历年获奖成果 ")
	b.WriteString(strconv.Itoa(len(v.Results)))
	b.WriteString(" 项")
	if n := p.r.proposed.count(v.Results); n != 0 {
		b.WriteString("（其中 ")
		b.WriteString(strconv.Itoa(n))
		b.WriteString(" 项拟表彰，公示中）")
	}
	if pg := p.Pager; pg != nil {
		b.WriteString("，")
		pageOfPages(b, pg)
	}
	b.WriteString("</p></header>\n<nav class=\"chips\" aria-label=\"")
	esc(b, v.Facet.Name)
	b.WriteString("\">")
	for _, o := range v.Facet.Values {
		if len(o.Results) == 0 {
			continue
		}
		b.WriteString("<a class=\"chip\" href=\"")
		urlAttr(b, p.Root+o.URL)
		b.WriteString("\"")
		if o.Name == v.Name {
			b.WriteString(" aria-current=\"page\"")
		}
		b.WriteString(">")
		esc(b, o.Name)
		b.WriteString(" <small>")
		b.WriteString(strconv.Itoa(len(o.Results)))
		b.WriteString("</small></a>")
	}
	b.WriteString("</nav>\n<h2 class=\"vh\">获奖成果</h2>\n")
	if err := p.typedList(b); err != nil {
		return err
	}
	b.WriteString("\n")
	p.typedPager(b)
	b.WriteString("\n")
	return nil
}

// typedList writes the partial result-list (TypedList) into the page itself, where the
// list was made as a string first (30 MB a cold build at 10k results) and copied.
func (p *PageData) typedList(b *bytes.Buffer) error {
	items, size, err := p.listItems()
	if err != nil {
		return err
	}
	b.Grow(size)
	p.writeList(b, items)
	return nil
}

// typedPager is the partial pager.
func (p *PageData) typedPager(b *bytes.Buffer) {
	pg := p.Pager
	if pg == nil {
		return
	}
	b.WriteString("<nav class=\"pager\" aria-label=\"分页\">")
	if pg.Prev != "" {
		b.WriteString("<a href=\"")
		urlAttr(b, p.Root+pg.Prev)
		b.WriteString("\" rel=\"prev\">上一页</a>")
	}
	for _, l := range pg.Links {
		switch {
		case l.Current:
			b.WriteString("<span aria-current=\"page\">")
			b.WriteString(strconv.Itoa(l.N))
			b.WriteString("</span>")
		case l.URL != "":
			b.WriteString("<a href=\"")
			urlAttr(b, p.Root+l.URL)
			b.WriteString("\">")
			b.WriteString(strconv.Itoa(l.N))
			b.WriteString("</a>")
		default:
			b.WriteString("<span class=\"gap\">…</span>")
		}
	}
	if pg.Next != "" {
		b.WriteString("<a href=\"")
		urlAttr(b, p.Root+pg.Next)
		b.WriteString("\" rel=\"next\">下一页</a>")
	}
	b.WriteString("\n</nav>")
}

// pageOfPages writes "第 N / M 页", where a list's page says which of its pages it is.
func pageOfPages(b *bytes.Buffer, pg *Pager) {
	b.WriteString("第 ")
	b.WriteString(strconv.Itoa(pg.Page))
	b.WriteString(" / ")
	b.WriteString(strconv.Itoa(pg.Pages))
	b.WriteString(" 页")
}
