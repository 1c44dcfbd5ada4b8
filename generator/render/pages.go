package render

import (
	"html/template"
	"net/url"
	"strings"

	"wuxiao/generator/urls"
)

// PageData is what a page template sees. Links in templates are written
// {{$.Root}}{{.URL}}, relative to the page, so the site works under any base path
// and from a plain folder; Abs gives absolute URLs for canonical links, feeds and sharing.
type PageData struct {
	Site        *Site
	Kind        string // page template, without ".html"
	Section     string // the navigation entry it belongs to
	URL         string // site-relative
	Root        string // relative prefix from this page to the site root
	Title       string // "" on the home page
	Description string
	Image       string // site-relative image for sharing, if any
	Crumbs      []Crumb
	Body        template.HTML // the converted Markdown body, if any
	Year        *Year
	Result      *Result
	Unit        *Unit
	Value       *FacetValue
	Case        *Case
	Bulletin    *Bulletin
	Page        *Page
	List        []*Result // the results of this page of a listing
	Pager       *Pager
	Home        *Home
	r           *renderer
	// bodyMD is the Markdown body of a result page written by resultPage, which converts
	// it straight into the page where Body would be written (renderPage leaves Body unset).
	bodyMD string
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct{ Title, URL string }

// Abs is the absolute URL of the site-relative u, its names percent-encoded
// (urls.Escaped): og:image is a content attribute, which html/template does not treat as
// a URL, and a cover's name is the person's.
func (p *PageData) Abs(u string) string { return p.Site.BaseURL + urls.Escaped(u) }

// Canonical is this page's absolute URL.
func (p *PageData) Canonical() string { return p.Abs(p.URL) }

// Asset links a file of the theme's static/ folder, versioned by its content.
func (p *PageData) Asset(name string) string {
	f := "static/" + name
	if v, ok := p.r.assets[f]; ok {
		return p.Root + f + "?v=" + v
	}
	return p.Root + f
}

// FullTitle is the text of <title>.
func (p *PageData) FullTitle() string {
	if p.Title == "" {
		return p.Site.Title
	}
	return p.Title + " - " + p.Site.Title
}

// OGType is the Open Graph type of the page, for a site's own layouts (the default theme
// leaves og:type out: no share card its readers use reads it).
func (p *PageData) OGType() string {
	switch p.Kind {
	case "result", "case", "bulletin", "page":
		return "article"
	}
	return "website"
}

// Pager links the pages of a long listing.
type Pager struct {
	Page, Pages int
	Prev, Next  string
	Links       []PagerLink
}

// PagerLink is one numbered page link; URL is "" for a gap.
type PagerLink struct {
	N       int
	URL     string
	Current bool
}

// perPage is the length of one page of a listing: small enough for a cheap phone (a
// page of 100 lean entries is about 30 KB, half of it the entries' links).
const perPage = 100

func (r *renderer) newPage(kind, section, u, title string) *PageData {
	return &PageData{Site: r.site, Kind: kind, Section: section, URL: u, Root: rootFrom(u), Title: title, r: r}
}

// paginate splits list into pages of the listing at base, calling add for each.
func (r *renderer) paginate(list []*Result, base string, add func(p *PageData)) {
	pages := (len(list) + perPage - 1) / perPage
	if pages == 0 {
		pages = 1
	}
	for n := 1; n <= pages; n++ {
		p := &PageData{URL: urls.Paged(base, n)}
		lo, hi := (n-1)*perPage, min(n*perPage, len(list))
		p.List = list[lo:hi]
		if pages > 1 {
			pg := &Pager{Page: n, Pages: pages}
			if n > 1 {
				pg.Prev = urls.Paged(base, n-1)
			}
			if n < pages {
				pg.Next = urls.Paged(base, n+1)
			}
			for i := 1; i <= pages; i++ {
				switch {
				case i == 1 || i == pages || (i >= n-2 && i <= n+2):
					pg.Links = append(pg.Links, PagerLink{N: i, URL: urls.Paged(base, i), Current: i == n})
				case pg.Links[len(pg.Links)-1].URL != "":
					pg.Links = append(pg.Links, PagerLink{})
				}
			}
			p.Pager = pg
		}
		add(p)
	}
}

// basePath is the path part of the base URL, e.g. "/wuxiao/", for pages served at any depth.
func basePath(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Path == "" {
		return "/"
	}
	if !strings.HasSuffix(u.Path, "/") {
		return u.Path + "/"
	}
	return u.Path
}

// With is a copy of the page that lists list, for the result-list partial.
func (p *PageData) With(list []*Result) *PageData {
	q := *p
	q.List = list
	return &q
}

// ChartView is a chart with the page's root, for the chart partial.
type ChartView struct {
	Root string
	*Chart
}

// Chart prepares c for the chart partial.
func (p *PageData) Chart(c *Chart) ChartView { return ChartView{p.Root, c} }

// Phases places today on the timeline of year y.
func (p *PageData) Phases(y *Year) []Phase { return phasesOf(y, p.Site.Now) }

// NavItem is one entry of the main navigation.
type NavItem struct {
	Root, URL, Title string
	Current          bool
}

// Nav makes the navigation entry of section; it is current on that section's pages.
func (p *PageData) Nav(section, u, title string) NavItem {
	return NavItem{p.Root, u, title, p.Section == section}
}

// Link is the site-relative URL u as seen from this page: {{$.Link .URL}}.
func (p *PageData) Link(u string) string { return p.Root + u }
