package render

import (
	"cmp"
	"slices"
	"strconv"
	"sync"

	"wuxiao/generator/content"
	"wuxiao/generator/forge/link"
)

// Site is the public subset of a content tree, linked up for the templates. Nothing
// private reaches it: no liaison, contact, admins, scores, comments, unawarded entries
// or non-public attachments; building it is the one place that decides what is public.
type Site struct {
	Title, Description, BaseURL, RepoURL string
	Repo                                 link.Repo // repo_url on site.yaml's forge: every link into the repository
	ICP, PoliceFiling                    string    // filing numbers for the footer
	DeskURL                              string    // where the union runs wuxiao desk: the 申报 links lead there (http(s) only)
	Organizers                           []string
	Now                                  content.Date

	Years     []*Year // ascending
	Results   []*Result
	City      *Unit
	Units     []*Unit          // city, then bodies, then grassroots units, each by id
	UnitByID  map[string]*Unit // every registered unit
	Bodies    []*Unit          // county, industry and direct bodies
	Facets    []*Facet
	Cases     []*Case     // newest first
	Bulletins []*Bulletin // newest first
	Pages     []*Page     // by weight, then slug
	Stats     *Stats

	src     *content.Tree // the tree it shows and NewSite's base URL: serve patches it (patch.go)
	baseArg string
	byURL   map[string]*Result // results by address, made at the first patch
}

// Year is one competition year.
type Year struct {
	Year         int
	URL          string
	Title, Doc   string
	Phases       content.Phases
	Quotas       []Quota
	Status       string // "", draft, notice or final
	Public       bool   // results in notice or final status
	Notice       *content.Span
	ResultsDoc   string
	Corrections  []content.Correction // changes of the final decision, published as made (公开)
	Results      []*Result            // awards order, then results.yaml order
	ByAward      []*AwardGroup
	WinningUnits []*Unit
	Cases        []*Case
	Bulletins    []*Bulletin
	Stats        *YearStats
}

// Quota is how many of one award a year may give.
type Quota struct {
	Award string
	N     int
}

// AwardGroup is the results of one award in one year.
type AwardGroup struct {
	Award   string
	Results []*Result
}

// Unit is a registered unit with its published results.
type Unit struct {
	ID, Name, Type, Sector string
	URL                    string
	Parent                 *Unit
	Body                   *Unit // the county, industry or direct body it belongs to (itself for a body)
	Children               []*Unit
	Results                []*Result // its own results, newest year first
	All                    []*Result // its own and its descendants'
	Won                    []int     // years it was a winning unit (优胜单位)
}

// TypeName is the unit type in Chinese (content.UnitTypeName).
func (u *Unit) TypeName() string { return content.UnitTypeName(u.Type) }

// Result is one awarded submission in a year whose results are public.
type Result struct {
	Year        *Year
	ID          string // <unit>/<slug>
	URL         string
	order       int // position in results.yaml
	Title       string
	Category    string
	Innovation  string
	Group       string
	Award       string
	Unit        *Unit
	Body        *Unit
	Authors     []content.Author
	Submitted   content.Date
	Started     content.Date
	Completed   content.Date
	Summary     string
	Economic    float64
	HasEconomic bool
	Social      string
	Studio      string
	Tags        []string
	Attachments []*Attachment
	Ladder      []Step
	Experts     []string // names, only when site.yaml publishes them
	Override    string   // the committee's published reason for departing from the score order
	Revoked     *Revocation
	Cases       []*Case
	body        string // Markdown
}

// Revocation is a withdrawn award as the site publishes it [六(三)].
type Revocation struct {
	Date   content.Date
	Doc    string
	Reason string
}

// Revocations lists the year's revoked results, in awards order.
func (y *Year) Revocations() []*Result {
	var out []*Result
	for _, r := range y.Results {
		if r.Revoked != nil {
			out = append(out, r)
		}
	}
	return out
}

// Overrides lists the year's results awarded against the score order, with the reason.
func (y *Year) Overrides() []*Result {
	var out []*Result
	for _, r := range y.Results {
		if r.Override != "" {
			out = append(out, r)
		}
	}
	return out
}

// Provisional says the year's awards are proposed, in 公示, not yet final.
func (y *Year) Provisional() bool { return y.Status == "notice" }

// Provisional says the result's award is proposed (拟), its year in 公示.
func (r *Result) Provisional() bool { return r.Year.Provisional() }

// AwardText is the award as lists show it: 拟一等奖 while in 公示, 一等奖（已撤销） once
// revoked, else 一等奖.
func (r *Result) AwardText() string {
	if r.Revoked != nil {
		return r.Award + "（已撤销）"
	}
	if r.Provisional() {
		return "拟" + r.Award
	}
	return r.Award
}

// Lead is the main author's name.
func (r *Result) Lead() string {
	if len(r.Authors) == 0 {
		return ""
	}
	return r.Authors[0].Name
}

// Attachment is a public attachment, copied into the site.
type Attachment struct {
	Title, URL, SHA256 string
	src                string // path in the content tree
	file               string // as the submission names it (content.LocalFile's reading)
}

// Step is one rung of the commendation ladder a result climbed.
type Step struct {
	Level     string `json:"level"`
	Issuer    string `json:"issuer"`
	IssuerURL string `json:"-"`
	Doc       string `json:"doc,omitempty"`
	Date      string `json:"date,omitempty"`
	Award     string `json:"award,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Case is a typical case.
type Case struct {
	Year     int
	Slug     string
	URL      string
	Title    string
	Date     content.Date
	Summary  string
	CoverURL string
	Results  []*Result // the published results it features
	cover    string    // path in the content tree
	images   []string  // paths in the content tree of the images beside it that its body shows
	body     string
}

// Bulletin is a work bulletin.
type Bulletin struct {
	Year   int
	Slug   string
	URL    string
	Title  string
	Date   content.Date
	Issue  int
	Issuer *Unit // nil for the city's own bulletins
	body   string
	images []string // paths in the content tree of the images beside it that its body shows
}

// Page is a free page.
type Page struct {
	Slug, URL, Title string
	Weight           int
	body             string
	images           []string // paths in the content tree of the images beside it that its body shows
}

// Facet is one way of browsing results, with its values and their counts.
type Facet struct {
	Key, Name string
	Values    []*FacetValue
}

// FacetValue is one value of a facet and the results that have it.
type FacetValue struct {
	Facet   *Facet
	Name    string
	URL     string
	Results []*Result
}

// proposedMemo keeps the count of Proposed for each list it was asked about: a facet
// value's page shows the count of all its results, and a value of 20,000 results at
// 100,000 has some 200 pages, each of which counted them all (half a second of a build).
// The lists do not change while the site is rendered.
type proposedMemo struct{ m sync.Map } // listID → int

// listID is a list by where it starts and its length.
type listID struct {
	first **Result
	n     int
}

// count is Proposed(list), counted once for each list.
func (pm *proposedMemo) count(list []*Result) int {
	if len(list) == 0 {
		return 0
	}
	id := listID{&list[0], len(list)}
	if n, ok := pm.m.Load(id); ok {
		return n.(int)
	}
	n := Proposed(list)
	pm.m.Store(id, n)
	return n
}

// Proposed counts the results of list whose awards are still in 公示.
func Proposed(list []*Result) int {
	n := 0
	for _, r := range list {
		if r.Provisional() {
			n++
		}
	}
	return n
}

func newerFirst(a, b *Result) int {
	if c := cmp.Compare(b.Year.Year, a.Year.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(awardRank(a.Award), awardRank(b.Award)); c != 0 {
		return c
	}
	return cmp.Compare(a.order, b.order)
}

func sortUnits(us []*Unit) {
	slices.SortFunc(us, func(a, b *Unit) int {
		if c := cmp.Compare(typeRank(a.Type), typeRank(b.Type)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

func typeRank(t string) int {
	switch t {
	case "city":
		return 0
	case "county":
		return 1
	case "industry":
		return 2
	case "direct":
		return 3
	}
	return 4
}

func isBody(u *Unit) bool { return u.Type == "county" || u.Type == "industry" || u.Type == "direct" }

// itoa is strconv.Itoa, shorter in templates' helpers.
func itoa(n int) string { return strconv.Itoa(n) }

// yearTop is how many results of each award a year page lists; the 表彰名单 has them all.
const yearTop = 10

// Top is the first results of the group, for the year page.
func (g *AwardGroup) Top() []*Result { return g.Results[:min(yearTop, len(g.Results))] }

// More is how many results Top leaves out.
func (g *AwardGroup) More() int { return len(g.Results) - len(g.Top()) }
