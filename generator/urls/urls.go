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
//	data/<year>.json                    open data of a year's published results
//	feed.xml sitemap.xml robots.txt 404.html static/...
package urls

import (
	"path"
	"strconv"
)

// Home is the home page.
const Home = ""

// Units is the organisation tree.
const Units = "units/"

// Year is the competition of a year.
func Year(y int) string { return strconv.Itoa(y) + "/" }

// Awards is a year's 表彰名单.
func Awards(y int) string { return Year(y) + "awards/" }

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
