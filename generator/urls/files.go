package urls

import "wuxiao/generator/content"

// OfFile is the page a content file is the source of, judged by its path alone, and
// whether it has one: not a file whose pages depend on what other files say (an
// attachment, a commendation, a case image) or that shows on none. A submission's page
// exists only while it is awarded in public results; a competition's and its results'
// page is the year's.
func OfFile(pl content.Place) (string, bool) {
	switch pl.Kind {
	case content.KindSite:
		return Home, true
	case content.KindUnits:
		return Units, true
	case content.KindPage:
		return Page(pl.Slug), true
	case content.KindCompetition, content.KindResults:
		return Year(pl.Year), true
	case content.KindSubmission:
		return Result(pl.Year, pl.Owner+"/"+pl.Slug), true
	case content.KindCase:
		return Case(pl.Year, pl.Slug), true
	case content.KindBulletin:
		return Bulletin(pl.Year, pl.Slug), true
	}
	return "", false
}
