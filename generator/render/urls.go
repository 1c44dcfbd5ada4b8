package render

import (
	"path"
	"strconv"
	"strings"
	"wuxiao/generator/content"

	"github.com/gosimple/slug"

	"wuxiao/generator/urls"
)

// The URL scheme is package urls; the helpers below are its names here.

// Facet names used in browse/<facet>/.
const (
	FacetCategory   = "category"
	FacetInnovation = "innovation"
	FacetGroup      = "group"
	FacetAward      = "award"
)

// valueID is the path name of an enum value of the contract: a fixed English id,
// else (a value outside the contract) a slug of it.
func valueID(v string) string {
	switch v {
	case "小发明":
		return "invention"
	case "小创造":
		return "creation"
	case "小革新":
		return "improvement"
	case "小设计":
		return "design"
	case "小建议":
		return "suggestion"
	case "技术创新":
		return "technology"
	case "装备创新":
		return "equipment"
	case "管理创新":
		return "management"
	case "服务创新":
		return "service"
	case "业态创新":
		return "business"
	case "职工":
		return "workers"
	case "师生":
		return "schools"
	case "农业":
		return "agriculture"
	case "特等奖":
		return "special"
	case "一等奖":
		return "first"
	case "二等奖":
		return "second"
	case "三等奖":
		return "third"
	}
	if s := slug.Make(v); s != "" {
		return s
	}
	return "x"
}

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
	return 4
}

func yearURL(y int) string              { return urls.Year(y) }
func resultURL(y int, id string) string { return urls.Result(y, id) }
func unitURL(id string) string          { return urls.Unit(id) }
func facetURL(facet, value string) string {
	return "browse/" + facet + "/" + valueID(value) + "/"
}
func attachmentURL(y int, unit, file string) string { return urls.Attachment(y, unit, file) }

// pageURL is the URL of page n (1-based) of a paginated listing at base.
func pageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

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
