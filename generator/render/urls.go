package render

import (
	"path"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/urls"
)

// The URL scheme is package urls; the helpers below are its names here.

// Facet names used in browse/<facet>/ (package urls).
const (
	FacetCategory   = urls.FacetCategory
	FacetInnovation = urls.FacetInnovation
	FacetGroup      = urls.FacetGroup
	FacetAward      = urls.FacetAward
)

// enumValues lists a facet's values in the order the notice gives them.
func enumValues(facet string) []string {
	switch facet {
	case FacetCategory:
		return content.Categories // [六(三)]
	case FacetInnovation:
		return content.Innovations // [二]
	case FacetGroup:
		return content.Groups // [三]
	case FacetAward:
		return content.Awards // [六(四)]
	}
	return nil
}

// awardRank orders awards: 特等奖 first; unknown awards last.
func awardRank(a string) int {
	for i, x := range enumValues(FacetAward) {
		if x == a {
			return i
		}
	}
	return len(content.Awards)
}

func yearURL(y int) string                          { return urls.Year(y) }
func resultURL(y int, id string) string             { return urls.Result(y, id) }
func unitURL(id string) string                      { return urls.Unit(id) }
func facetURL(facet, value string) string           { return urls.BrowseValue(facet, value) }
func attachmentURL(y int, unit, file string) string { return urls.Attachment(y, unit, file) }

// rootFrom is the relative prefix that leads from the page at u back to the site root.
func rootFrom(u string) string {
	dir := u
	if !strings.HasSuffix(dir, "/") {
		dir = path.Dir(dir)
		if dir == "." {
			dir = ""
		} else {
			dir += "/"
		}
	}
	if dir == "" {
		return "./"
	}
	return strings.Repeat("../", strings.Count(dir, "/"))
}

// outputFile is the file that serves URL u.
func outputFile(u string) string {
	if u == "" || strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	return u
}
