package content

import "strings"

// KindInfo is everything the generator knows about one kind of content file: where it
// lives, what it is called, what it decodes into, where it goes in the Tree, and who may
// change it. The table kinds is the one owner of these facts.
type KindInfo struct {
	Kind  Kind
	Name  string // stable English name, e.g. "submission"
	Shape string // where such files live, e.g. "content/<year>/submissions/<unit>/<slug>.md"
	// Where is Shape below content/ as messages tell it, e.g. "<年份>/submissions/<单位>/<名称>.md";
	// empty for a kind that messages about misplaced files do not offer (case images).
	Where string
	// Title is the Chinese name used by tools mirroring the schema (JSON Schemas, forms).
	Title string
	// Label names the file in decoding errors ("front matter" for Markdown files).
	Label string
	// Noun names the kind in Chinese in review messages ("这是…的申报成果").
	Noun string
	// Schema is set for the kinds FileKinds lists (YAML or front matter with a schema).
	Schema bool
	// Markdown is set when the YAML is the front matter of a Markdown file.
	Markdown bool
	// Opaque is set for files that are not read at all (attachments, case images).
	Opaque bool
	// Owner says whose admins, besides the city's, may change such a file.
	Owner Owner
	// Decision is set for a year's decision data, which results' final status closes.
	Decision bool
	// Private says why the site never shows such a file (the contract's "What is public");
	// empty for the kinds that may be public.
	Private  string
	newValue func() any
	// file is the Tree's record of a registry's path, which is set once the file exists,
	// read or not (rules point at it, and stay quiet about references into a broken one).
	file func(t *Tree) *string
	// origin records in a decoded value where it came from (nil when it keeps no record).
	origin func(v any, p string, pl Place, body string, bodyLine int)
	add    func(t *Tree, p string, pl Place, v any)
}

// Owner is who, besides the city union's admins, may change a kind of file.
type Owner int

const (
	OwnedByCity             Owner = iota // only the city union's admins
	OwnedByUnit                          // the unit of the path's folder, or a union above it
	OwnedByIssuer                        // the issuing unit of the path's folder only
	OwnedByExpert                        // the expert the file is named after (experts.yaml's login)
	OwnedByBulletinUnit                  // the union a bulletin's unit field names, before and after the change
	OwnedByShowingBulletins              // the unions of the bulletins whose bodies show it, before and after the change
)

// kinds lists every kind of content file. FileKinds keeps the table's order of the kinds
// with Schema set (the contract's order); messages about misplaced files offer the Where
// of the kinds in a folder in the table's order, files before folders.
var kinds = []KindInfo{
	{Kind: KindSite, Name: "site", Shape: "content/site.yaml", Where: "site.yaml", Title: "站点设置", Label: "site.yaml", Noun: "站点设置（site.yaml）", Schema: true,
		newValue: func() any { return &Site{} },
		origin: func(v any, p string, pl Place, body string, bodyLine int) {
			v.(*Site).File = p
		},
		add: func(t *Tree, p string, pl Place, v any) { t.Site = v.(*Site) }},
	{Kind: KindUnits, Name: "units", Shape: "content/units.yaml", Where: "units.yaml", Title: "单位名录", Label: "单位名录", Noun: "单位名录（units.yaml）", Schema: true,
		newValue: func() any { return &[]*Unit{} },
		file:     func(t *Tree) *string { return &t.UnitsFile },
		add:      func(t *Tree, p string, pl Place, v any) { t.Units = dropNil(*v.(*[]*Unit)) }},
	{Kind: KindExperts, Name: "experts", Shape: "content/experts.yaml", Where: "experts.yaml", Private: "专家名录不单独公开（site.yaml 的 publish_experts 为 true 时，专家姓名显示在结果页上）", Title: "专家名录", Label: "专家名录", Noun: "专家名录（experts.yaml）", Schema: true,
		newValue: func() any { return &[]*Expert{} },
		file:     func(t *Tree) *string { return &t.ExpertsFile },
		add:      func(t *Tree, p string, pl Place, v any) { t.Experts = dropNil(*v.(*[]*Expert)) }},
	{Kind: KindBanned, Name: "banned", Shape: "content/banned.yaml", Where: "banned.yaml", Private: "名单不公开", Title: "禁止名单", Label: "禁止名单", Noun: "禁止名单（banned.yaml）", Schema: true,
		newValue: func() any { return &[]*Ban{} },
		file:     func(t *Tree) *string { return &t.BannedFile },
		add:      func(t *Tree, p string, pl Place, v any) { t.Banned = dropNil(*v.(*[]*Ban)) }},
	{Kind: KindCleared, Name: "cleared", Shape: "content/cleared.yaml", Where: "cleared.yaml", Private: "名单不公开", Title: "排除名单", Label: "排除名单", Noun: "排除名单（cleared.yaml）", Schema: true,
		newValue: func() any { return &[]*Cleared{} },
		file:     func(t *Tree) *string { return &t.ClearedFile },
		add:      func(t *Tree, p string, pl Place, v any) { t.Cleared = dropNil(*v.(*[]*Cleared)) }},
	{Kind: KindCompetition, Name: "competition", Shape: "content/<year>/competition.yaml", Where: "<年份>/competition.yaml", Title: "本年竞赛设置", Label: "竞赛设置", Noun: "竞赛设置（competition.yaml）", Schema: true, Decision: true,
		newValue: func() any { return &Competition{} },
		origin: func(v any, p string, pl Place, body string, bodyLine int) {
			v.(*Competition).File = p
		},
		add: func(t *Tree, p string, pl Place, v any) { t.year(pl.Year, true).Competition = v.(*Competition) }},
	{Kind: KindCommendation, Name: "commendation", Owner: OwnedByIssuer, Shape: "content/<year>/commendations/<issuer>/<slug>.yaml", Where: "<年份>/commendations/<单位>/<文件>.yaml", Title: "表彰文件", Label: "表彰文件", Noun: "表彰文件", Schema: true, Decision: true,
		newValue: func() any { return &Commendation{} },
		origin: func(v any, p string, pl Place, body string, bodyLine int) {
			x := v.(*Commendation)
			x.File, x.Issuer, x.Slug = p, pl.Owner, pl.Slug
		},
		add: func(t *Tree, p string, pl Place, v any) {
			y := t.year(pl.Year, true)
			y.Commendations = append(y.Commendations, v.(*Commendation))
		}},
	{Kind: KindSubmission, Name: "submission", Shape: "content/<year>/submissions/<unit>/<slug>.md", Where: "<年份>/submissions/<单位>/<名称>.md", Title: "申报成果", Label: "front matter", Noun: "申报成果", Schema: true, Markdown: true, Owner: OwnedByUnit, Decision: true,
		newValue: func() any { return &Submission{} },
		origin: func(v any, p string, pl Place, body string, bodyLine int) {
			x := v.(*Submission)
			x.File, x.Year, x.Unit, x.Slug, x.Body, x.BodyLine = p, pl.Year, pl.Owner, pl.Slug, body, bodyLine
		},
		add: func(t *Tree, p string, pl Place, v any) {
			y := t.year(pl.Year, true)
			y.Submissions = append(y.Submissions, v.(*Submission))
		}},
	{Kind: KindAttachment, Name: "attachment", Shape: "content/<year>/attachments/<unit>/**", Where: "<年份>/attachments/<单位>/<文件>", Title: "证明材料", Label: "front matter", Noun: "证明材料", Opaque: true, Owner: OwnedByUnit, Decision: true},
	{Kind: KindReview, Name: "review", Owner: OwnedByExpert, Shape: "content/<year>/reviews/<expert>.yaml", Where: "<年份>/reviews/<专家>.yaml", Private: "专家评分不公开（只用于计算名次）", Title: "专家评分", Label: "评分文件", Noun: "专家评分", Schema: true, Decision: true,
		newValue: func() any { return &Review{} },
		origin: func(v any, p string, pl Place, body string, bodyLine int) {
			x := v.(*Review)
			x.File, x.Expert = p, pl.Owner
		},
		add: func(t *Tree, p string, pl Place, v any) {
			y := t.year(pl.Year, true)
			y.Reviews = append(y.Reviews, v.(*Review))
		}},
	{Kind: KindResults, Name: "results", Shape: "content/<year>/results.yaml", Where: "<年份>/results.yaml", Title: "评选结果", Label: "评选结果", Noun: "评选结果（results.yaml）", Schema: true, Decision: true,
		newValue: func() any { return &Results{} },
		origin: func(v any, p string, pl Place, body string, bodyLine int) {
			v.(*Results).File = p
		},
		add: func(t *Tree, p string, pl Place, v any) { t.year(pl.Year, true).Results = v.(*Results) }},
	{Kind: KindCase, Name: "case", Shape: "content/<year>/cases/<slug>.md", Where: "<年份>/cases/<名称>.md", Title: "典型案例", Label: "front matter", Noun: "典型案例", Schema: true, Markdown: true,
		newValue: func() any { return &Case{} },
		origin: func(v any, p string, pl Place, body string, bodyLine int) {
			x := v.(*Case)
			x.File, x.Year, x.Slug, x.Body, x.BodyLine = p, pl.Year, pl.Slug, body, bodyLine
		},
		add: func(t *Tree, p string, pl Place, v any) {
			y := t.year(pl.Year, true)
			y.Cases = append(y.Cases, v.(*Case))
		}},
	{Kind: KindCaseImage, Name: "case-image", Shape: "content/<year>/cases/<image>", Title: "典型案例图片", Label: "front matter", Noun: "典型案例", Opaque: true},
	{Kind: KindBulletin, Name: "bulletin", Owner: OwnedByBulletinUnit, Shape: "content/<year>/bulletins/<slug>.md", Where: "<年份>/bulletins/<名称>.md", Title: "工作简报", Label: "front matter", Noun: "工作简报", Schema: true, Markdown: true,
		newValue: func() any { return &Bulletin{} },
		origin: func(v any, p string, pl Place, body string, bodyLine int) {
			x := v.(*Bulletin)
			x.File, x.Year, x.Slug, x.Body, x.BodyLine = p, pl.Year, pl.Slug, body, bodyLine
		},
		add: func(t *Tree, p string, pl Place, v any) {
			y := t.year(pl.Year, true)
			y.Bulletins = append(y.Bulletins, v.(*Bulletin))
		}},
	{Kind: KindBulletinImage, Name: "bulletin-image", Owner: OwnedByShowingBulletins, Shape: "content/<year>/bulletins/<image>", Title: "工作简报图片", Label: "front matter", Noun: "工作简报", Opaque: true},
	{Kind: KindPage, Name: "page", Shape: "content/pages/<slug>.md", Where: "pages/<名称>.md", Title: "页面", Label: "front matter", Noun: "页面", Schema: true, Markdown: true,
		newValue: func() any { return &Page{} },
		origin: func(v any, p string, pl Place, body string, bodyLine int) {
			x := v.(*Page)
			x.File, x.Slug, x.Body, x.BodyLine = p, pl.Slug, body, bodyLine
		},
		add: func(t *Tree, p string, pl Place, v any) { t.Pages = append(t.Pages, v.(*Page)) }},
	{Kind: KindPageImage, Name: "page-image", Shape: "content/pages/<image>", Title: "页面图片", Label: "front matter", Noun: "页面", Opaque: true},
	{Kind: KindAssignments, Name: "assignments", Shape: "content/<year>/assignments.yaml", Where: "<年份>/assignments.yaml", Private: "评审分配不公开（只用于安排评审）", Title: "评审分配", Label: "评审分配", Noun: "评审分配（assignments.yaml）", Decision: true,
		newValue: func() any { return &Assignments{} },
		origin: func(v any, p string, pl Place, body string, bodyLine int) {
			v.(*Assignments).File = p
		},
		add: func(t *Tree, p string, pl Place, v any) { t.year(pl.Year, true).Assignments = v.(*Assignments) }},
}

// notContent tells whether a path (its parts below content/) is no content file at all, at
// any depth: a README.md (a folder's notes for people) or anything in or under a name
// starting with "." (the forge's and the editors' own files). Load skips them.
func notContent(parts []string) bool {
	if parts[len(parts)-1] == "README.md" {
		return true
	}
	for _, part := range parts {
		if hidden(part) {
			return true
		}
	}
	return false
}

// hidden tells whether a file or folder name is the forge's or an editor's own (it starts
// with "."); Load does not walk into such folders.
func hidden(name string) bool { return strings.HasPrefix(name, ".") }

// misspelt maps an extension that no shape has to what it is: another spelling of a
// shape's extension.
var misspelt = map[string]string{".yml": "YAML 文件的扩展名应为 .yaml，而不是 .yml"}

// Kinds lists every kind of content file the tree knows.
func Kinds() []KindInfo {
	return append([]KindInfo(nil), kinds...)
}

// InfoOf returns the table's entry for k, and whether k has one (unknown and ignored
// paths have none).
func InfoOf(k Kind) (KindInfo, bool) {
	for _, ki := range kinds {
		if ki.Kind == k {
			return ki, true
		}
	}
	return KindInfo{}, false
}

func newValue(pl Place) any {
	if ki, ok := InfoOf(pl.Kind); ok && ki.newValue != nil {
		return ki.newValue()
	}
	return nil
}

func fileLabel(k Kind) string {
	if ki, ok := InfoOf(k); ok {
		return ki.Label
	}
	return "front matter"
}

// setOrigin records where a decoded value came from.
func setOrigin(v any, p string, pl Place, body string, bodyLine int) {
	if ki, ok := InfoOf(pl.Kind); ok && ki.origin != nil {
		ki.origin(v, p, pl, body, bodyLine)
	}
}
