// Package search builds the static site's Chinese full-text index: character, bigram and (after frequent bigrams) trigram postings in hashed shards that the search page fetches on demand.
//
// The index is a folder of files beside the site's pages:
//
//	search/meta.json     the doc count, shard counts, facet names, the facet runs and the frequent bigrams
//	search/k/<n>.bin     postings of the keys (characters, bigrams and trigrams) hashed to shard n
//	search/d/<n>.json    what a hit shows of the documents in doc file n: URL, title, unit and authors, summary and the rest, without the body
//	search/fold.txt      the traditional→simplified table the page folds queries and texts with
//	search/words.txt     pairs of characters in titles and names, for near spellings (fetched only after a miss)
//
// Chinese has no spaces, so every character and every pair of adjacent characters
// of a field is a key; after a frequent bigram (one in many documents, listed in
// meta.json), where a pair alone says little, the three characters it starts are a
// key too. A query term of one character looks up its character; a longer term
// intersects the postings of its bigrams, or of its trigrams where they start with a
// frequent bigram, which gives every document that contains the term (and a few that
// only contain its keys apart); the page then verifies each candidate it shows against
// the document's text. Postings are
// kept per field group, so title and author matches rank above body matches without
// fetching any text. See layouts/static/search-index.js for the reader.
//
// The body (a result's 情况说明, a case's, bulletin's or page's text) is published once,
// on the document's own page, not again in the doc files. A candidate with a term in
// none of its doc file's fields is verified against its page, which the reader fetches
// (a few at a time, only while results are still wanted, then from the browser's cache)
// and reads the element that the theme marks with data-search-body: its text, an image by its
// description, without the section's own heading, checkboxes and footnote numbers, is
// the body as Plain gives it from the Markdown (TestBrowserBodyFromPage), so a term is in
// the page exactly where the index has it. The snippet of a hit found in its body comes
// from that page too, read only for the hits the page is about to show.
//
// Text is folded before indexing and querying: traditional characters to simplified
// (dedup's table), full-width to half-width, letters to lower case. A query that finds
// nothing as typed is retried by the page as the words it is made of (无人机巡检 → 无人
// 机 巡检), then as a near spelling (刮版 → 刮板), saying so; unit names are also
// indexed in their short forms (ShortForms). Exact substrings are always all found.
//
// Through a Cache (wuxiao build --cache), a build keeps the index it made and each
// document's plain text and fields under the document's hash; the next build, when
// few documents changed, reads those alone and changes the lists of the keys they
// gained or lost in the shards that hold them (patch.go), writing the very files a
// build without the cache writes (TestBuildCachedMatchesCold).
package search

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Kinds of documents, in the order the index lists them within a year.
const (
	KindResult   = "result"
	KindCase     = "case"
	KindBulletin = "bulletin"
	KindPage     = "page"
)

// kindNames are the kinds with their names on the search page.
func kindNames() [4][2]string {
	return [...][2]string{{KindResult, "获奖成果"}, {KindCase, "典型案例"}, {KindBulletin, "工作简报"}, {KindPage, "页面"}}
}

// Doc is one published page as the index sees it: plain text only, nothing private.
type Doc struct {
	URL   string // site-relative, as the renderer writes it
	Kind  string // one of the Kind constants
	Title string // ranked first
	Unit  string // the unit's name, ranked with the authors
	// UnitShort are the short forms people call the unit by (城区供水公司 for
	// 阳泉市城区供水有限公司工会), matched like the name but not shown.
	UnitShort []string
	Authors   []string // names, ranked second
	Summary   string   // plain text
	Body      string   // plain text, Markdown already stripped
	Extra     []string // more searchable text shown on the page (studio, social benefit, tags)
	Year      int      // 0 when the page belongs to no year
	Category  string   // results only: 成果类别
	Award     string   // results only: 奖项
	// Provisional: results only, the award is proposed (拟), its year in 公示.
	Provisional bool
	// source is the Markdown of the body, until Build converts it into Body (only
	// when it tokenises the document: see Cache).
	source string
	file   string // the content file source is from
}

// Fields are the three texts a query is matched against, best first: the title;
// the unit's name, the authors' names and the unit's short forms, a line each; the
// summary, the body and the rest, a paragraph a line. A term matches inside one
// field, never across two.
func (d *Doc) Fields() [3]string {
	return [3]string{d.Title, d.people(), strings.Join(nonEmpty(append([]string{d.Summary, d.Body}, d.Extra...)), "\n")}
}

// people is the second of Fields.
func (d *Doc) people() string {
	people := d.Unit + "\n" + strings.Join(d.Authors, "、")
	if len(d.UnitShort) > 0 {
		people += "\n" + strings.Join(d.UnitShort, "、")
	}
	return people
}

// record is what a doc file holds of d: its URL and its fields without the body,
// which its page shows (the reader fetches the page when a term is in none of these).
// A term in the third field without the body is in the whole third field, and one
// not in it is there only if it is in the body: the parts are joined by line ends.
func (d *Doc) record() [4]string {
	return [4]string{d.URL, d.Title, d.people(), strings.Join(nonEmpty(append([]string{d.Summary}, d.Extra...)), "\n")}
}

// ShortForms are the names people use for a unit instead of its registered one:
// without the trailing 工会, without the city's name in front (city, e.g. 阳泉市),
// with 有限公司 and its kin as 公司 and 人民医院 as 医院. 阳泉市城区供水有限公司工会 gives
// 城区供水有限公司, 城区供水公司 (a search for 供水公司 then finds it).
func ShortForms(name, city string) []string {
	var out []string
	add := func(s string) {
		if s != "" && s != name && !slices.Contains(out, s) && utf8.RuneCountInString(s) >= 2 {
			out = append(out, s)
		}
	}
	base := strings.TrimSuffix(name, "工会")
	if city != "" {
		base = strings.TrimPrefix(base, city)
	}
	add(base)
	short := base
	for _, long := range []string{"股份有限公司", "有限责任公司", "有限公司"} {
		short = strings.ReplaceAll(short, long, "公司")
	}
	short = strings.ReplaceAll(short, "人民医院", "医院")
	add(short)
	return out
}

func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func kindRank(k string) int {
	names := kindNames()
	for i, n := range names {
		if n[0] == k {
			return i
		}
	}
	return len(names)
}

// rank is a value's position in order, values not in it after every listed one.
func rank(order []string, v string) int {
	if i := slices.Index(order, v); i >= 0 {
		return i
	}
	return len(order)
}

// sortDocs orders docs as the search page lists equally good matches: newest year
// first, then results before cases and bulletins, then by award and category in
// their given order; the input order breaks the remaining ties. Pages come last.
func sortDocs(docs []Doc, categories, awards []string) []Doc {
	// Each doc's place in the orders is found once, and indexes are sorted, not docs.
	type sortKey struct {
		year, kind, award, category int
		awardName, categoryName     string
	}
	keys := make([]sortKey, len(docs))
	order := make([]int, len(docs))
	for i := range docs {
		d := &docs[i]
		keys[i] = sortKey{d.Year, kindRank(d.Kind), rank(awards, d.Award), rank(categories, d.Category), d.Award, d.Category}
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := &keys[i], &keys[j]
		return cmp.Or(
			cmp.Compare(b.year, a.year),
			cmp.Compare(a.kind, b.kind),
			cmp.Compare(a.award, b.award),
			cmp.Compare(a.awardName, b.awardName),
			cmp.Compare(a.category, b.category),
			cmp.Compare(a.categoryName, b.categoryName),
		)
	})
	out := make([]Doc, len(docs))
	for n, i := range order {
		out[n] = docs[i]
	}
	return out
}
