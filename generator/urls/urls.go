// Package urls is the site's URL scheme, the one place that knows the address of each kind of page.
//
// Every URL is site-relative, without a leading slash, and names a folder (ending in
// "/") or a file. Paths use the stable ids already in the content (years, unit ids,
// submission slugs) and fixed English names for the contract's enums. The site
// (package render) writes its pages at these addresses; wuxiao pages (package pullreq)
// tells a pull request which of them it changes.
//
//	""                                  home
//	<year>/                             the competition of a year
//	<year>/awards/                      表彰名单, grouped by award (printable)
//	<year>/decision/                    the 表彰决定 (or 公示) as a page and a Word file
//	<year>/notice/                      公示 (while in notice status, then kept as its archive once final)
//	<year>/stats/                       statistics of one year
//	<year>/results/<unit>/<slug>/       one awarded result
//	<year>/attachments/<unit>/<file>    its public attachments
//	<year>/cases/<slug>/                a typical case (cover image beside it)
//	<year>/bulletins/<slug>/            a work bulletin
//	browse/                             every facet with counts
//	browse/<facet>/<value>/[page/N/]    results of one category, innovation type, group or award
//	units/                              the organisation tree
//	units/<id>/[page/N/]                a unit (or county body) and its results
//	cases/  bulletins/                  all cases, all bulletins
//	pages/<slug>/                       free pages
//	stats/                              statistics over all years
//	search/  submit/                    the site search and the submission form (申报表)
//	data/<year>.json                    open data of a year's published results
//	feed.xml sitemap.xml robots.txt 404.html static/...
package urls

import (
	"path"
	"strconv"

	"github.com/gosimple/slug"
)

// The site's fixed pages and files.
const (
	Home      = ""        // the home page
	Units     = "units/"  // the organisation tree
	Browse    = "browse/" // every facet with counts
	Cases     = "cases/"
	Bulletins = "bulletins/"
	Stats     = "stats/"
	Search    = "search/"
	Submit    = "submit/"
	NotFound  = "404.html"
	Feed      = "feed.xml"
	Sitemap   = "sitemap.xml"
	Robots    = "robots.txt"
)

// Year is the competition of a year.
func Year(y int) string { return strconv.Itoa(y) + "/" }

// Awards is a year's 表彰名单.
func Awards(y int) string { return Year(y) + "awards/" }

// YearStats is the statistics of a year.
func YearStats(y int) string { return Year(y) + "stats/" }

// Decision is a year's 表彰决定 (or, while in notice, its 公示).
func Decision(y int) string { return Year(y) + "decision/" }

// Data is the open data of a year's published results.
func Data(y int) string { return "data/" + strconv.Itoa(y) + ".json" }

// Notice is a year's 公示.
func Notice(y int) string { return Year(y) + "notice/" }

// Result is one awarded result; id is <unit>/<slug>.
func Result(y int, id string) string { return Year(y) + "results/" + id + "/" }

// Attachment is a public attachment of a unit's result.
func Attachment(y int, unit, file string) string {
	return Year(y) + "attachments/" + unit + "/" + path.Clean(file)
}

// Case is a typical case.
func Case(y int, slug string) string { return Year(y) + "cases/" + slug + "/" }

// Bulletin is a work bulletin.
func Bulletin(y int, slug string) string { return Year(y) + "bulletins/" + slug + "/" }

// Page is a free page.
func Page(slug string) string { return "pages/" + slug + "/" }

// Unit is a unit's page.
func Unit(id string) string { return Units + id + "/" }

// Paged is page n (1-based) of a paginated listing at base.
func Paged(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// Facet names used in browse/<facet>/.
const (
	FacetCategory   = "category"
	FacetInnovation = "innovation"
	FacetGroup      = "group"
	FacetAward      = "award"
)

// BrowseValue is the listing of the results with one value of a facet.
func BrowseValue(facet, value string) string { return Browse + facet + "/" + ValueID(value) + "/" }

// ValueID is the path name of a value of the contract's enums: a fixed English id, else
// (a value outside the contract) a slug of it.
func ValueID(v string) string {
	if id, ok := valueIDs[v]; ok {
		return id
	}
	if s := slug.Make(v); s != "" {
		return s
	}
	return "x"
}

var valueIDs = map[string]string{
	"小发明": "invention", "小创造": "creation", "小革新": "improvement", "小设计": "design", "小建议": "suggestion",
	"技术创新": "technology", "装备创新": "equipment", "管理创新": "management", "服务创新": "service", "业态创新": "business",
	"职工": "workers", "师生": "schools", "农业": "agriculture",
	"特等奖": "special", "一等奖": "first", "二等奖": "second", "三等奖": "third",
}
