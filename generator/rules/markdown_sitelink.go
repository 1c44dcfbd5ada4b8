package rules

import (
	"fmt"
	"net/url"
	"slices"
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
	subPath bool // the site is served under a path (base_url https://host/wuxiao/): a link from / leaves it
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
	parts := strings.Split(strings.TrimSuffix(u, "/"), "/")
	switch parts[0] {
	case "browse", "static":
		return true // the facets' pages and the theme's files: not known from the content
	case "pages":
		return (len(parts) == 2 || len(parts) == 3) && slices.ContainsFunc(m.tree.Pages, func(p *content.Page) bool {
			return p != nil && p.Slug == parts[1] && (len(parts) == 2 || shows(p.Body, parts[2]))
		})
	case "units":
		return (len(parts) == 2 || len(parts) == 4 && parts[2] == "page") && slices.ContainsFunc(m.tree.Units, func(x *content.Unit) bool { return x != nil && x.ID == parts[1] })
	case "data":
		y, ok := m.year(strings.TrimSuffix(parts[len(parts)-1], ".json"))
		return ok && len(parts) == 2 && y != nil
	}
	y, ok := m.year(parts[0])
	if !ok || y == nil {
		return false
	}
	switch {
	case len(parts) == 1:
		return true
	case len(parts) == 2:
		return slices.Contains([]string{"awards", "decision", "notice", "stats"}, parts[1])
	case parts[1] == "results" && len(parts) == 4:
		return slices.ContainsFunc(y.Submissions, func(s *content.Submission) bool { return s.Unit == parts[2] && s.Slug == parts[3] })
	case parts[1] == "cases" && (len(parts) == 3 || len(parts) == 4):
		return slices.ContainsFunc(y.Cases, func(c *content.Case) bool {
			return c != nil && c.Slug == parts[2] && (len(parts) == 3 || c.Cover == parts[3] || shows(c.Body, parts[3]))
		})
	case parts[1] == "bulletins" && (len(parts) == 3 || len(parts) == 4):
		return slices.ContainsFunc(y.Bulletins, func(b *content.Bulletin) bool {
			return b != nil && b.Slug == parts[2] && (len(parts) == 3 || shows(b.Body, parts[3]))
		})
	case parts[1] == "attachments":
		return m.file(y.Dir + "/" + strings.Join(parts[1:], "/"))
	}
	return false
}

// shows tells whether body shows the image name beside it, which the site then publishes
// beside its page.
func shows(body, name string) bool { return slices.Contains(content.BodyImages(body), name) }

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
