package search

import (
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/render"
)

// Output receives the index files; the build's output folder is one.
type Output interface {
	WriteFile(name string, data []byte) error
}

// WriteSite indexes every published page of site (results, cases, bulletins and
// free pages) and writes the index files to out. The site decides what is public;
// tree only supplies the Markdown bodies of those same pages.
// With a cache, only the documents that changed since the build that filled it are
// converted and tokenised.
func WriteSite(out Output, site *render.Site, tree *content.Tree, cache Cache) (*Index, error) {
	docs, opt := fromSite(site, tree)
	opt.Cache = cache
	ix, err := Build(docs, opt)
	if err != nil {
		return nil, err
	}
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
		d.source = md[srcKey{'s', r.Year.Year, r.ID}]
		docs = append(docs, d)
	}
	for _, c := range site.Cases {
		docs = append(docs, Doc{URL: c.URL, Kind: KindCase, Title: c.Title, Summary: c.Summary, Year: c.Year,
			source: md[srcKey{'c', c.Year, c.Slug}]})
	}
	for _, b := range site.Bulletins {
		docs = append(docs, Doc{URL: b.URL, Kind: KindBulletin, Title: b.Title, Year: b.Year,
			Extra: []string{strconv.Itoa(b.Year) + "年第" + strconv.Itoa(b.Issue) + "期"}, source: md[srcKey{'b', b.Year, b.Slug}]})
	}
	for _, p := range site.Pages {
		docs = append(docs, Doc{URL: p.URL, Kind: KindPage, Title: p.Title, source: md[srcKey{'p', 0, p.Slug}]})
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

// sources maps each page's key to its Markdown body.
func sources(tree *content.Tree) map[srcKey]string {
	m := map[srcKey]string{}
	for _, y := range tree.Years {
		if y == nil {
			continue
		}
		for _, s := range y.Submissions {
			if s != nil {
				m[srcKey{'s', y.Year, s.ID()}] = s.Body
			}
		}
		for _, c := range y.Cases {
			if c != nil {
				m[srcKey{'c', y.Year, c.Slug}] = c.Body
			}
		}
		for _, b := range y.Bulletins {
			if b != nil {
				m[srcKey{'b', y.Year, b.Slug}] = b.Body
			}
		}
	}
	for _, p := range tree.Pages {
		if p != nil {
			m[srcKey{'p', 0, p.Slug}] = p.Body
		}
	}
	return m
}
