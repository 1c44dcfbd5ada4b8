package render

import (
	"cmp"
	"path"
	"slices"
	"strings"
	"wuxiao/generator/urls"

	"wuxiao/generator/content"
	"wuxiao/generator/forge/link"
)

// NewSite takes the public subset of tree. baseURL (absolute, ending in "/") overrides
// site.yaml's when set; now decides the current phase on the home page.
func NewSite(tree *content.Tree, baseURL string, now content.Date) *Site {
	s := &Site{Now: now, UnitByID: map[string]*Unit{}, src: tree, baseArg: baseURL}
	if tree.Site != nil {
		s.Title, s.Description, s.RepoURL = tree.Site.Title, tree.Site.Description, tree.Site.RepoURL
		s.Repo = link.New(tree.Site.RepoURL, tree.Site.Forge)
		s.ICP, s.PoliceFiling = strings.TrimSpace(tree.Site.ICP), strings.TrimSpace(tree.Site.PoliceFiling)
		s.BaseURL = tree.Site.BaseURL
		s.Organizers = tree.Site.Organizers
		if d := strings.TrimSpace(tree.Site.DeskURL); strings.HasPrefix(d, "https://") || strings.HasPrefix(d, "http://") {
			s.DeskURL = d
		}
	}
	if baseURL != "" {
		s.BaseURL = baseURL
	}
	if !strings.HasSuffix(s.BaseURL, "/") {
		s.BaseURL += "/"
	}
	s.BaseURL = urls.Normalized(s.BaseURL) // a path in Chinese is the person's; the feed, sitemap and data need it encoded
	s.addUnits(tree.Units)
	for _, y := range tree.Years {
		s.addYear(tree, y)
	}
	for _, r := range s.Results {
		for u := r.Unit; u != nil; u = u.Parent {
			u.All = append(u.All, r)
		}
		r.Unit.Results = append(r.Unit.Results, r)
	}
	for _, u := range s.Units {
		slices.SortFunc(u.Results, newerFirst)
		slices.SortFunc(u.All, newerFirst)
	}
	slices.SortFunc(s.Results, newerFirst)
	slices.SortStableFunc(s.Cases, func(a, b *Case) int { return cmp.Or(b.Date.Compare(a.Date.Time), cmp.Compare(a.URL, b.URL)) })
	slices.SortStableFunc(s.Bulletins, func(a, b *Bulletin) int {
		return cmp.Or(b.Date.Compare(a.Date.Time), cmp.Compare(b.Issue, a.Issue), cmp.Compare(a.URL, b.URL))
	})
	for _, p := range tree.Pages {
		if p == nil {
			continue
		}
		s.Pages = append(s.Pages, &Page{Slug: p.Slug, URL: urls.Page(p.Slug), Title: p.Title, Weight: p.Weight, body: p.Body, images: imagesBeside(tree, p.File, p.Body)})
	}
	slices.SortFunc(s.Pages, func(a, b *Page) int { return cmp.Or(cmp.Compare(a.Weight, b.Weight), cmp.Compare(a.Slug, b.Slug)) })
	s.addFacets()
	s.Stats = newStats(s, tree)
	return s
}

func (s *Site) addUnits(units []*content.Unit) {
	for _, cu := range units {
		if cu == nil || s.UnitByID[cu.ID] != nil {
			continue
		}
		u := &Unit{ID: cu.ID, Name: cu.Name, Type: cu.Type, Sector: cu.Sector, URL: unitURL(cu.ID)}
		s.UnitByID[u.ID] = u
		s.Units = append(s.Units, u)
	}
	for _, cu := range units {
		if cu == nil {
			continue
		}
		u := s.UnitByID[cu.ID]
		if p := s.UnitByID[cu.Parent]; p != nil && p != u && u.Parent == nil {
			u.Parent = p
			p.Children = append(p.Children, u)
		}
		if u.Type == "city" && s.City == nil {
			s.City = u
		}
	}
	sortUnits(s.Units)
	for _, u := range s.Units {
		sortUnits(u.Children)
		for a, n := u, 0; a != nil && n < 64; a, n = a.Parent, n+1 { // bounded: the units rule rejects cycles
			if isBody(a) {
				u.Body = a
				break
			}
		}
		if isBody(u) {
			s.Bodies = append(s.Bodies, u)
		}
	}
}

func (s *Site) addYear(tree *content.Tree, cy *content.Year) {
	y := &Year{Year: cy.Year, URL: yearURL(cy.Year)}
	s.Years = append(s.Years, y)
	if c := cy.Competition; c != nil {
		y.Title, y.Doc, y.Phases = c.Title, c.Doc, c.Phases
		for _, a := range enumValues(FacetAward) {
			if n, ok := c.Quotas[a]; ok {
				y.Quotas = append(y.Quotas, Quota{a, n})
			}
		}
	}
	if y.Title == "" {
		y.Title = itoa(cy.Year) + "年“五小”竞赛"
	}
	if r := cy.Results; r != nil {
		y.Status, y.Public, y.Notice = r.Status, r.Public(), r.Notice
		if y.Public {
			y.ResultsDoc = r.Doc
		}
		if r.Status == "final" {
			y.Corrections = r.Corrections
		}
	}
	for _, cb := range cy.Bulletins {
		if cb == nil {
			continue
		}
		b := &Bulletin{Year: y.Year, Slug: cb.Slug, URL: urls.Bulletin(y.Year, cb.Slug), Title: cb.Title, Date: cb.Date, Issue: cb.Issue, body: cb.Body, images: imagesBeside(tree, cb.File, cb.Body)}
		if u := s.UnitByID[cb.Unit]; u != nil && cb.Unit != "" {
			b.Issuer = u // a county, industry or direct union's own bulletin (v2)
		}
		y.Bulletins = append(y.Bulletins, b)
		s.Bulletins = append(s.Bulletins, b)
	}
	if y.Public {
		s.addResults(tree, cy, y)
	}
	for _, cc := range cy.Cases {
		if cc == nil {
			continue
		}
		c := &Case{Year: y.Year, Slug: cc.Slug, URL: urls.Case(y.Year, cc.Slug), Title: cc.Title, Date: cc.Date, Summary: cc.Summary, body: cc.Body}
		if cc.Cover != "" && !strings.Contains(cc.Cover, "/") {
			c.cover = path.Join(path.Dir(cc.File), cc.Cover)
			if _, ok := tree.Files[c.cover]; ok {
				c.CoverURL = c.URL + cc.Cover
			} else {
				c.cover = ""
			}
		}
		c.images = imagesBeside(tree, cc.File, cc.Body)
		for _, id := range cc.Submissions {
			for _, r := range y.Results {
				if r.ID == id {
					c.Results = append(c.Results, r)
					r.Cases = append(r.Cases, c)
				}
			}
		}
		y.Cases = append(y.Cases, c)
		s.Cases = append(s.Cases, c)
	}
}

func (s *Site) addResults(tree *content.Tree, cy *content.Year, y *Year) {
	subs := make(map[string]*content.Submission, len(cy.Submissions))
	for _, sub := range cy.Submissions {
		if sub != nil {
			subs[sub.ID()] = sub
		}
	}
	commended := map[string][]commendation{}
	for _, c := range cy.Commendations {
		if c == nil {
			continue
		}
		date := c.Date.String() // once for all its lines
		for _, a := range c.Awards {
			commended[a.Submission] = append(commended[a.Submission], commendation{c, a.Award, date})
		}
	}
	note := cityNote(y, nil) // every result's but a revoked one's
	var experts map[string][]string
	if tree.Site != nil && tree.Site.PublishExperts {
		experts = expertsBySubmission(tree, cy)
	}
	for i, a := range cy.Results.Awards {
		sub := subs[a.Submission]
		if sub == nil {
			continue
		}
		unit := s.UnitByID[sub.Unit]
		if unit == nil {
			continue
		}
		delete(subs, a.Submission) // its first award stands: a second finds none
		// a.Submission is sub.ID(), as subs knew it
		r := newResult(y, sub, a.Submission, unit, a.Award, i)
		r.Override = a.Override
		resultNote := note
		if a.Revoked != nil && cy.Results.Status == "final" {
			r.Revoked = &Revocation{Date: a.Revoked.Date, Doc: a.Revoked.Doc, Reason: a.Revoked.Reason}
			resultNote = cityNote(y, r.Revoked)
		}
		r.Ladder = s.ladder(y, r, commended[r.ID], resultNote)
		r.Experts = experts[r.ID]
		y.Results = append(y.Results, r)
		s.Results = append(s.Results, r)
	}
	slices.SortStableFunc(y.Results, func(a, b *Result) int { return cmp.Compare(awardRank(a.Award), awardRank(b.Award)) })
	for _, r := range y.Results {
		if n := len(y.ByAward); n == 0 || y.ByAward[n-1].Award != r.Award {
			y.ByAward = append(y.ByAward, &AwardGroup{Award: r.Award})
		}
		g := y.ByAward[len(y.ByAward)-1]
		g.Results = append(g.Results, r)
	}
	for _, id := range cy.Results.WinningUnits {
		if u := s.UnitByID[id]; u != nil {
			y.WinningUnits = append(y.WinningUnits, u)
			u.Won = append(u.Won, y.Year)
		}
	}
}

// newResult is submission sub's result, of the given id (sub.ID()) and unit (its own).
func newResult(y *Year, sub *content.Submission, id string, unit *Unit, award string, order int) *Result {
	r := &Result{
		Year: y, ID: id, URL: resultURL(y.Year, id), order: order,
		Title: sub.Title, Category: sub.Category, Innovation: sub.Innovation, Group: sub.Group, Award: award,
		Unit: unit, Body: unit.Body, Authors: sub.Authors,
		Submitted: sub.Submitted, Started: sub.Started, Completed: sub.Completed,
		Summary: sub.Summary, Economic: sub.Benefit.Economic, HasEconomic: sub.Benefit.Pos.Has("economic"),
		Social: sub.Benefit.Social, Studio: sub.Studio, Tags: sub.Tags, body: sub.Body,
	}
	for _, a := range sub.Attachments {
		if !a.Public || a.File == "" || strings.HasPrefix(a.File, "/") || strings.Contains("/"+a.File+"/", "/../") {
			continue
		}
		src := path.Join(path.Dir(path.Dir(path.Dir(sub.File))), "attachments", sub.Unit, a.File)
		r.Attachments = append(r.Attachments, &Attachment{Title: a.Title, URL: attachmentURL(y.Year, sub.Unit, a.File), SHA256: a.SHA256, src: src, file: path.Clean(a.File)})
	}
	return r
}

// ladder lists the commendations a result climbed: its own union, its body, then the city.
// commendation is one line of a commendation document: the document, the award it gives
// and the document's date as a step shows it.
type commendation struct {
	doc   *content.Commendation
	award string
	date  string
}

// ladder is result r's steps: lines, the commendations it climbed (sorted in place),
// then the city's award with note (cityNote), made once for all the year's results but
// the revoked ones.
func (s *Site) ladder(y *Year, r *Result, lines []commendation, note string) []Step {
	if len(lines) > 1 { // in place: one result's lines, which no other reads
		slices.SortStableFunc(lines, func(x, y commendation) int {
			a, b := x.doc, y.doc
			return cmp.Or(cmp.Compare(ladderLevel(r, a.Issuer), ladderLevel(r, b.Issuer)), a.Date.Compare(b.Date.Time), cmp.Compare(a.File, b.File))
		})
	}
	steps := make([]Step, 0, len(lines)+1)
	for _, line := range lines {
		c := line.doc
		st := Step{Doc: c.Doc, Date: line.date, Award: line.award}
		if u := s.UnitByID[c.Issuer]; u != nil {
			st.Issuer, st.IssuerURL = u.Name, u.URL
			st.Level = u.TypeName()
		}
		steps = append(steps, st)
	}
	city := Step{Level: "市级", Award: r.Award, Doc: y.ResultsDoc, Note: note}
	if s.City != nil {
		city.Issuer, city.IssuerURL = s.City.Name, s.City.URL
	}
	return append(steps, city)
}

// ladderLevel is where a commendation by issuer stands in result r's ladder: its own
// union 0, the union above it 1, any other 2.
func ladderLevel(r *Result, issuer string) int {
	switch {
	case issuer == r.Unit.ID:
		return 0
	case r.Unit.Parent != nil && issuer == r.Unit.Parent.ID:
		return 1
	}
	return 2
}

// cityNote is the note of the city's step in the ladders of year y's results: the
// notice's dates and what became of the award (revoked: its revocation; nil for none).
func cityNote(y *Year, revoked *Revocation) string {
	note := ""
	if y.Notice != nil {
		note = "公示期 " + cnDate(y.Notice.From) + "至" + cnDate(y.Notice.To)
	}
	switch {
	case y.Status == "notice":
		note += "，公示中"
	case revoked != nil:
		note += "，期满予以表彰；" + cnDate(revoked.Date) + "撤销（" + revoked.Doc + "）"
	default:
		note += "，期满予以表彰"
	}
	return strings.TrimPrefix(note, "，")
}

// expertsBySubmission are the names of the experts who scored each submission of cy,
// each in the order of the reviews (an expert without a name left out, a review listing
// a submission twice counted once), found in one pass over the reviews: looked for
// submission by submission, every result read every review's every line, at 10,000
// results 1.6 s of a build's CPU, growing as the square of the results.
func expertsBySubmission(tree *content.Tree, cy *content.Year) map[string][]string {
	names := map[string]string{}
	for _, e := range tree.Experts {
		if e != nil {
			names[e.ID] = e.Name
		}
	}
	out := map[string][]string{}
	last := map[string]int{} // the submission's last review counted, 1 + its index
	for i, rv := range cy.Reviews {
		if rv == nil || names[rv.Expert] == "" {
			continue
		}
		for j := range rv.Scores {
			id := rv.Scores[j].Submission
			if last[id] != i+1 {
				last[id] = i + 1
				out[id] = append(out[id], names[rv.Expert])
			}
		}
	}
	return out
}

func (s *Site) addFacets() {
	for _, f := range []struct{ key, name string }{
		{FacetCategory, "成果类别"}, {FacetInnovation, "创新类型"}, {FacetGroup, "参赛组别"}, {FacetAward, "奖项"},
	} {
		facet := &Facet{Key: f.key, Name: f.name}
		byName := map[string]*FacetValue{}
		for _, v := range enumValues(f.key) {
			fv := &FacetValue{Facet: facet, Name: v, URL: facetURL(f.key, v)}
			byName[v] = fv
			facet.Values = append(facet.Values, fv)
		}
		for _, r := range s.Results {
			v := r.facet(f.key)
			fv := byName[v]
			if fv == nil { // a value outside the contract: the check reports it
				continue
			}
			fv.Results = append(fv.Results, r)
		}
		s.Facets = append(s.Facets, facet)
	}
}

func (r *Result) facet(key string) string {
	switch key {
	case FacetCategory:
		return r.Category
	case FacetInnovation:
		return r.Innovation
	case FacetGroup:
		return r.Group
	}
	return r.Award
}

// PoliceFilingURL is the public-security filing system's page for the site's 公安备案号
// (its digits are the record code), or "" when site.yaml names none.
func (s *Site) PoliceFilingURL() string {
	var code strings.Builder
	for _, r := range s.PoliceFiling {
		if r >= '0' && r <= '9' {
			code.WriteRune(r)
		}
	}
	if code.Len() == 0 {
		return ""
	}
	return "https://beian.mps.gov.cn/#/query/webSearch?code=" + code.String()
}

// imagesBeside is the paths in the content tree of the images beside file that its body
// shows, published beside its page where the body's relative addresses lead (the
// markdown rule refused any other image).
func imagesBeside(tree *content.Tree, file, body string) []string {
	var srcs []string
	for _, name := range content.BodyImages(body) {
		src := path.Join(path.Dir(file), name)
		if _, ok := tree.Files[src]; ok && !strings.Contains(name, "/") && content.IsImageFile(name) {
			srcs = append(srcs, src)
		}
	}
	return srcs
}
