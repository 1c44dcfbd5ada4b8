package rules

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/urls"
)

// siteMap answers whether a site-relative address (package urls' scheme) is a page or
// file the site has, from the content alone: a relative link in a body is read from the
// address of the body's page, not from its file in the repository, and one that leads to
// no page is a broken link on the public site.
type siteMap struct {
	tree    *content.Tree
	subPath bool            // the site is served under a path (base_url https://host/wuxiao/): a link from / leaves it
	known   map[string]bool // addresses, once asked
}

func newSiteMap(tree *content.Tree) *siteMap {
	m := &siteMap{tree: tree}
	if tree.Site != nil {
		if u, err := url.Parse(tree.Site.BaseURL); err == nil && u.Path != "" && u.Path != "/" {
			m.subPath = true
		}
	}
	return m
}

// resolve is the site-relative address dest leads to from the page at from, and whether
// the site (by its content) has it; "" and true for a destination that is no link into
// the site (another scheme or host, a fragment alone). Without a folder's final slash an
// address counts as the folder's, as static hosts redirect it.
func (m *siteMap) resolve(from, dest string) (string, bool) {
	d, err := url.Parse(strings.TrimSpace(dest))
	if err != nil || d.Scheme != "" || d.Host != "" || d.Opaque != "" || d.Path == "" {
		return "", true
	}
	if strings.HasPrefix(d.Path, "/") && m.subPath {
		return strings.TrimPrefix(d.Path, "/"), false
	}
	base := &url.URL{Scheme: "https", Host: "site.invalid", Path: "/" + from}
	target := strings.TrimPrefix(base.ResolveReference(&url.URL{Path: d.Path}).Path, "/")
	return target, m.has(target) || !strings.HasSuffix(target, "/") && m.has(target+"/")
}

// has tells whether the site has the page or file at the site-relative address u: an
// image beside a case, bulletin or page is there when the page shows it (or it is the
// case's cover).
func (m *siteMap) has(u string) bool {
	switch u {
	case urls.Home, urls.Units, urls.Browse, urls.Cases, urls.Bulletins, urls.Stats, urls.Search, urls.Submit,
		urls.NotFound, urls.Feed, urls.Sitemap, urls.Robots:
		return true
	}
	u = strings.TrimSuffix(u, "/")
	parts := strings.Split(u, "/")
	switch parts[0] {
	case "browse", "static":
		return true // the facets' pages and the theme's files: not known from the content
	case "units":
		if len(parts) == 4 && parts[2] == "page" { // a unit's list, paged
			u = parts[0] + "/" + parts[1]
		}
	}
	if len(parts) >= 2 && parts[1] == "attachments" {
		if y, ok := m.year(parts[0]); ok && y != nil {
			return m.file(y.Dir + "/" + strings.Join(parts[1:], "/"))
		}
		return false
	}
	if m.known == nil {
		m.known = m.addresses()
	}
	return m.known[u]
}

// addresses is every address has knows by name (without a folder's final slash), made at
// its first question, so that a body's links cost a look each whatever the tree's size.
func (m *siteMap) addresses() map[string]bool {
	known := map[string]bool{}
	add := func(u string, images ...string) {
		u = strings.TrimSuffix(u, "/")
		known[u] = true
		for _, img := range images {
			known[u+"/"+img] = true
		}
	}
	for _, p := range m.tree.Pages {
		if p != nil {
			add(urls.Page(p.Slug), content.BodyImages(p.Body)...)
		}
	}
	for _, x := range m.tree.Units {
		if x != nil {
			add(urls.Unit(x.ID))
		}
	}
	for _, y := range m.tree.Years {
		if y == nil {
			continue
		}
		for _, u := range []string{urls.Year(y.Year), urls.Awards(y.Year), urls.Decision(y.Year), urls.Notice(y.Year), urls.YearStats(y.Year), urls.Data(y.Year)} {
			add(u)
		}
		for _, sub := range y.Submissions {
			add(urls.Result(y.Year, sub.ID()))
		}
		for _, c := range y.Cases {
			if c != nil {
				add(urls.Case(y.Year, c.Slug), append(content.BodyImages(c.Body), c.Cover)...)
			}
		}
		for _, b := range y.Bulletins {
			if b != nil {
				add(urls.Bulletin(y.Year, b.Slug), content.BodyImages(b.Body)...)
			}
		}
	}
	return known
}

// year is the tree's year named s; ok is false when s names no year.
func (m *siteMap) year(s string) (*content.Year, bool) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, false
	}
	for _, y := range m.tree.Years {
		if y != nil && y.Year == n {
			return y, true
		}
	}
	return nil, true
}

// file tells whether the content tree holds the file at p.
func (m *siteMap) file(p string) bool {
	_, ok := m.tree.Files[p]
	return ok
}

// linkWarning says why the relative link at dest, from the body's page, leads to no page
// of the site, or "".
func (p bodyPlace) linkWarning(dest string) string {
	if p.site == nil || p.kind == placeSubmission && p.attachment(content.LocalFile(dest)) != nil {
		return ""
	}
	target, ok := p.site.resolve(p.page, dest)
	if ok {
		return ""
	}
	base := "网站的网址"
	if p.site.tree.Site != nil {
		base = p.site.tree.Site.BaseURL
	}
	if strings.HasPrefix(strings.TrimSpace(dest), "/") {
		return fmt.Sprintf("链接 %q 以 / 开头，会离开网站所在的 %s；链接网站的其他页面请写完整网址（以 %s 开头）", clip(dest, 40), base, base)
	}
	return fmt.Sprintf("链接 %q 从本页出发指向网站的 /%s，那里没有页面（正文里的相对链接从网页的地址算起，不是从仓库里的文件算起）；链接网站的其他页面请写完整网址（以 %s 开头）", clip(dest, 40), target, base)
}
