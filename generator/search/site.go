package search

import (
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/render"
)

// Output receives the index files; the build's output folder is one. WriteSite writes
// one file at a time: serve's preview keeps them in a plain map.
type Output interface {
	WriteFile(name string, data []byte) error
}

// WriteSite indexes every published page of site (results, cases, bulletins and
// free pages) and writes the index files to out. The site decides what is public;
// tree only supplies the Markdown bodies of those same pages.
// With kept.Cache (and kept.Sums: the rest of kept is the site's), only the
// documents that changed since the build that filled the cache are converted and
// tokenised.
func WriteSite(out Output, site *render.Site, tree *content.Tree, kept Options) (*Index, error) {
	docs, opt := fromSite(site, tree)
	opt.Cache, opt.Sums = kept.Cache, kept.Sums
	ix, keep, err := build(docs, opt)
	if err != nil {
		return nil, err
	}
	saved := make(chan struct{}) // the state (8 MB at 10,000 results) is kept while the files are written
	go func() {
		defer close(saved)
		keep()
	}()
	defer func() { <-saved }()
	for _, name := range sortedNames(ix.Files) {
		if err := out.WriteFile(name, ix.Files[name]); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

// FromSite lists the published pages of site as documents, with the filters'
// value orders from the site's facets.
func FromSite(site *render.Site, tree *content.Tree) ([]Doc, Options) {
	docs, opt := fromSite(site, tree)
	bodies(docs, nil, nil)
	return docs, opt
}

// fromSite is FromSite with each body's Markdown in the doc's source, not converted.
func fromSite(site *render.Site, tree *content.Tree) ([]Doc, Options) {
	md := sources(tree)
	city := ""
	if site.City != nil {
		city = strings.TrimSuffix(site.City.Name, "总工会")
	}
	docs := make([]Doc, 0, len(site.Results)+len(site.Cases)+len(site.Bulletins)+len(site.Pages))
	for _, r := range site.Results {
		d := Doc{URL: r.URL, Kind: KindResult, Title: r.Title, Summary: r.Summary,
			Year: r.Year.Year, Category: r.Category, Award: r.Award, Provisional: r.Provisional()}
		if r.Unit != nil {
			d.Unit = r.Unit.Name
			d.UnitShort = ShortForms(r.Unit.Name, city)
		}
		for _, a := range r.Authors {
			d.Authors = append(d.Authors, a.Name)
		}
		for _, x := range append([]string{r.Studio, r.Social}, r.Tags...) {
			if x != "" {
				d.Extra = append(d.Extra, x)
			}
		}
		docs = append(docs, md[srcKey{'s', r.Year.Year, r.ID}].of(d))
	}
	for _, c := range site.Cases {
		d := Doc{URL: c.URL, Kind: KindCase, Title: c.Title, Summary: c.Summary, Year: c.Year}
		docs = append(docs, md[srcKey{'c', c.Year, c.Slug}].of(d))
	}
	for _, b := range site.Bulletins {
		d := Doc{URL: b.URL, Kind: KindBulletin, Title: b.Title, Year: b.Year,
			Extra: []string{strconv.Itoa(b.Year) + "年第" + strconv.Itoa(b.Issue) + "期"}}
		docs = append(docs, md[srcKey{'b', b.Year, b.Slug}].of(d))
	}
	for _, p := range site.Pages {
		d := Doc{URL: p.URL, Kind: KindPage, Title: p.Title}
		docs = append(docs, md[srcKey{'p', 0, p.Slug}].of(d))
	}

	var opt Options
	for _, f := range site.Facets {
		var values []string
		for _, v := range f.Values {
			values = append(values, v.Name)
		}
		switch f.Key {
		case render.FacetCategory:
			opt.Categories = values
		case render.FacetAward:
			opt.Awards = values
		}
	}
	return docs, opt
}

// srcKey names a page's Markdown among the content: its kind (s, c, b or p), year and
// id (a submission's ID, a case's, bulletin's or page's slug).
type srcKey struct {
	kind byte
	year int
	id   string
}

// src is a page's Markdown body and the file it is in.
type src struct{ body, file string }

// of is d with its body to be converted from s.
func (s src) of(d Doc) Doc {
	d.source, d.file = s.body, s.file
	return d
}

// sources maps each page's key to its Markdown body.
func sources(tree *content.Tree) map[srcKey]src {
	m := map[srcKey]src{}
	for _, y := range tree.Years {
		if y == nil {
			continue
		}
		for _, s := range y.Submissions {
			if s != nil {
				m[srcKey{'s', y.Year, s.ID()}] = src{s.Body, s.File}
			}
		}
		for _, c := range y.Cases {
			if c != nil {
				m[srcKey{'c', y.Year, c.Slug}] = src{c.Body, c.File}
			}
		}
		for _, b := range y.Bulletins {
			if b != nil {
				m[srcKey{'b', y.Year, b.Slug}] = src{b.Body, b.File}
			}
		}
	}
	for _, p := range tree.Pages {
		if p != nil {
			m[srcKey{'p', 0, p.Slug}] = src{p.Body, p.File}
		}
	}
	return m
}
