// Package ledger builds the union office's ledger (工作台帐) of one year [六(二)]: every submission, the counts of each county body, and which units took part.
package ledger

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"wuxiao/generator/award"
	"wuxiao/generator/content"
)

// categories are the contract's categories in the notice's order [六(三)].
func categories() []string {
	return []string{"小发明", "小创造", "小革新", "小设计", "小建议"}
}

// Row is one submission of the year.
type Row struct {
	ID                   string // <unit>/<slug>
	Body, Unit           string // names: the county/industry/direct body, the grassroots unit
	Title                string
	Category, Innovation string
	Group                string
	Lead, Authors        string // 主要完成人; every author joined by 、
	Submitted, Completed content.Date
	Economic             float64
	HasEconomic          bool
	Commendations        string // lower-level documents: 文号（奖项）joined by ；
	Reviews              int    // counted expert reviews
	Score                float64
	Scored               bool
	Rank                 int // 0: not ranked
	Award                string
	Certificate          string // certificate number, once the year's results are final
}

// BodyCount is one county, industry or direct body's line of counts.
type BodyCount struct {
	Name, Type  string // Type in Chinese
	Registered  int    // grassroots units registered under it
	TookPart    int    // of which submitted this year
	Submissions int
	ByCategory  [5]int // in the order of categories()
	ByAward     [4]int
}

// Coverage is one registered grassroots unit: did it take part this year.
type Coverage struct {
	Body, Unit, ID, Sector string
	Submissions, Awarded   int
}

// Ledger is a year's ledger.
type Ledger struct {
	Year        int
	Title       string
	Provisional bool      // the year's awards are proposed, in 公示: the award columns say 拟
	Date        time.Time // when it was made: the workbook's date (now when zero)
	Rows        []Row
	Bodies      []BodyCount // registry order, then a total line named 合计
	Units       []Coverage  // registry order
	Rubric      []content.Criterion
	Reviews     []ReviewLine // each expert's score of each submission, by expert then ledger order
	Liaisons    []Liaison    // every unit's liaison, registry order (internal only)
}

// ReviewLine is one expert's score of one submission.
type ReviewLine struct {
	Expert, ExpertID, Affiliation string
	ID, Title, Unit               string
	Scores                        []any // per rubric criterion, in rubric order: float64 or nil
	Counted                       bool  // false: excluded for a conflict of interest
	Comment                       string
}

// Liaison is one unit's contact for the competition.
type Liaison struct {
	Body, Unit, ID, Type string
	Name, Phone          string
	Submissions          int
}

// Build collects y's ledger from tree; scores come from the same code as `award` and `check`,
// awards from results.yaml as it stands.
func Build(tree *content.Tree, y *content.Year, conflict award.Conflict) *Ledger {
	l := &Ledger{Year: y.Year, Provisional: y.Results != nil && y.Results.Status == "notice"}
	if y.Competition != nil {
		l.Title = y.Competition.Title
		l.Rubric = y.Competition.Rubric
	}
	reg := newRegistry(tree.Units)
	awards := map[string]string{}
	if y.Results != nil {
		for _, a := range y.Results.Awards {
			if _, dup := awards[a.Submission]; !dup {
				awards[a.Submission] = a.Award
				if a.Revoked != nil { // withdrawn after final (v2): shown, and counted in no total
					awards[a.Submission] = a.Award + "（" + a.Revoked.Date.String() + " 撤销，" + a.Revoked.Doc + "）"
				}
			}
		}
	}
	// Commendation documents of each submission, earliest first: the ladder it climbed.
	commendations := slices.Clone(y.Commendations)
	slices.SortStableFunc(commendations, func(a, b *content.Commendation) int {
		return cmp.Or(a.Date.Compare(b.Date.Time), cmp.Compare(a.File, b.File))
	})
	docs := map[string][]string{}
	for _, c := range commendations {
		for _, a := range c.Awards {
			docs[a.Submission] = append(docs[a.Submission], c.Doc+"（"+a.Award+"）")
		}
	}
	scores := map[string]award.Score{}
	for _, s := range award.Scores(y, conflict) {
		scores[s.Submission.ID()] = s
	}
	for _, s := range y.Submissions {
		sc := scores[s.ID()]
		r := Row{
			ID: s.ID(), Body: reg.name(reg.body(s.Unit)), Unit: reg.name(s.Unit), Title: s.Title,
			Category: s.Category, Innovation: s.Innovation, Group: s.Group,
			Submitted: s.Submitted, Completed: s.Completed,
			Economic: s.Benefit.Economic, HasEconomic: s.Benefit.Pos.Has("economic"),
			Commendations: strings.Join(docs[s.ID()], "；"),
			Reviews:       len(sc.Sums), Score: sc.Value, Scored: len(sc.Sums) > 0, Rank: sc.Rank,
			Award: awards[s.ID()],
		}
		if r.Award != "" && y.Results != nil && y.Results.Status == "final" {
			r.Certificate = award.CertificateNumber(y.Year, s.ID())
		}
		if r.Award != "" && l.Provisional {
			r.Award = "拟" + r.Award
		}
		names := make([]string, len(s.Authors))
		for i, a := range s.Authors {
			names[i] = a.Name
		}
		if len(names) > 0 {
			r.Lead = names[0]
		}
		r.Authors = strings.Join(names, "、")
		l.Rows = append(l.Rows, r)
	}
	slices.SortStableFunc(l.Rows, func(a, b Row) int {
		ua, ub := unitOf(a.ID), unitOf(b.ID)
		return cmp.Or(cmp.Compare(reg.order(reg.body(ua)), reg.order(reg.body(ub))), cmp.Compare(reg.order(ua), reg.order(ub)), cmp.Compare(a.ID, b.ID))
	})
	l.count(reg, y, awards)
	l.reviews(tree, reg, y, conflict)
	l.liaisons(reg, y)
	return l
}

// reviews lists every expert's scores, experts in experts.yaml order, submissions in ledger order.
func (l *Ledger) reviews(tree *content.Tree, reg *registry, y *content.Year, conflict award.Conflict) {
	order := map[string]int{}
	for i, r := range l.Rows {
		order[r.ID] = i
	}
	experts := map[string]*content.Expert{}
	rank := map[string]int{}
	for i, e := range tree.Experts {
		if e != nil {
			experts[e.ID], rank[e.ID] = e, i
		}
	}
	reviews := slices.Clone(y.Reviews)
	slices.SortStableFunc(reviews, func(a, b *content.Review) int {
		ra, oka := rank[a.Expert]
		rb, okb := rank[b.Expert]
		if !oka {
			ra = len(rank)
		}
		if !okb {
			rb = len(rank)
		}
		return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(a.Expert, b.Expert))
	})
	for _, rv := range reviews {
		if rv == nil {
			continue
		}
		lines := slices.Clone([]content.ScoreLine(rv.Scores))
		slices.SortStableFunc(lines, func(a, b content.ScoreLine) int {
			oa, oka := order[a.Submission]
			ob, okb := order[b.Submission]
			if !oka {
				oa = len(order)
			}
			if !okb {
				ob = len(order)
			}
			return cmp.Compare(oa, ob)
		})
		for _, line := range lines {
			rl := ReviewLine{Expert: rv.Expert, ExpertID: rv.Expert, ID: line.Submission, Comment: line.Comment, Counted: true}
			if e := experts[rv.Expert]; e != nil {
				rl.Expert, rl.Affiliation = e.Name, reg.name(e.Affiliation)
				if e.Affiliation == "" {
					rl.Affiliation = ""
				}
			}
			if i, ok := order[line.Submission]; ok {
				rl.Title, rl.Unit = l.Rows[i].Title, l.Rows[i].Unit
				if conflict != nil && conflict(rv.Expert, unitOf(line.Submission)) {
					rl.Counted = false
				}
			}
			for _, c := range l.Rubric {
				if v, ok := line.Scores.Get(c.Key); ok {
					rl.Scores = append(rl.Scores, v)
				} else {
					rl.Scores = append(rl.Scores, nil)
				}
			}
			l.Reviews = append(l.Reviews, rl)
		}
	}
}

// liaisons lists every registered unit's liaison and this year's submissions.
func (l *Ledger) liaisons(reg *registry, y *content.Year) {
	subs := map[string]int{}
	for _, s := range y.Submissions {
		subs[s.Unit]++
	}
	for _, u := range reg.units {
		li := Liaison{Body: reg.name(reg.body(u.ID)), Unit: u.Name, ID: u.ID, Type: content.UnitTypeShort(u.Type), Submissions: subs[u.ID]}
		if li.Body == u.Name || reg.body(u.ID) == "" {
			li.Body = ""
		}
		if u.Liaison != nil {
			li.Name, li.Phone = u.Liaison.Name, u.Liaison.Phone
		}
		l.Liaisons = append(l.Liaisons, li)
	}
}

func unitOf(id string) string {
	u, _, _ := strings.Cut(id, "/")
	return u
}

// count fills the per-body counts and the coverage of grassroots units.
func (l *Ledger) count(reg *registry, y *content.Year, awards map[string]string) {
	subs, won := map[string]int{}, map[string]int{}
	byBody := map[string]*BodyCount{}
	var order []string
	for _, u := range reg.units {
		if isBody(u) {
			byBody[u.ID] = &BodyCount{Name: u.Name, Type: content.UnitTypeShort(u.Type)}
			order = append(order, u.ID)
		}
	}
	for _, s := range y.Submissions {
		subs[s.Unit]++
		b := byBody[reg.body(s.Unit)]
		if b == nil {
			continue
		}
		b.Submissions++
		if i := slices.Index(categories(), s.Category); i >= 0 {
			b.ByCategory[i]++
		}
		if lv := award.Level(awards[s.ID()]); lv < len(b.ByAward) {
			b.ByAward[lv]++
			won[s.Unit]++
		}
	}
	for _, u := range reg.units {
		if u.Type != "grassroots" {
			continue
		}
		l.Units = append(l.Units, Coverage{Body: reg.name(reg.body(u.ID)), Unit: u.Name, ID: u.ID, Sector: content.SectorName(u.Sector), Submissions: subs[u.ID], Awarded: won[u.ID]})
		if b := byBody[reg.body(u.ID)]; b != nil {
			b.Registered++
			if subs[u.ID] > 0 {
				b.TookPart++
			}
		}
	}
	total := BodyCount{Name: "合计"}
	for _, id := range order {
		b := byBody[id]
		l.Bodies = append(l.Bodies, *b)
		total.Registered += b.Registered
		total.TookPart += b.TookPart
		total.Submissions += b.Submissions
		for i := range b.ByCategory {
			total.ByCategory[i] += b.ByCategory[i]
		}
		for i := range b.ByAward {
			total.ByAward[i] += b.ByAward[i]
		}
	}
	l.Bodies = append(l.Bodies, total)
}

// registry answers questions about units.yaml: names, bodies and registry order.
type registry struct {
	units []*content.Unit
	byID  map[string]*content.Unit
	index map[string]int
}

func newRegistry(units []*content.Unit) *registry {
	r := &registry{byID: map[string]*content.Unit{}, index: map[string]int{}}
	for _, u := range units {
		if u != nil && r.byID[u.ID] == nil {
			r.byID[u.ID] = u
			r.index[u.ID] = len(r.units)
			r.units = append(r.units, u)
		}
	}
	return r
}

func (r *registry) name(id string) string {
	if u := r.byID[id]; u != nil {
		return u.Name
	}
	return id
}

func (r *registry) order(id string) int {
	if i, ok := r.index[id]; ok {
		return i
	}
	return len(r.units)
}

// body is the county, industry or direct body a unit belongs to ("" when none).
func (r *registry) body(id string) string {
	for range 64 { // the units rule rejects cycles; stay bounded anyway
		u := r.byID[id]
		if u == nil {
			return ""
		}
		if isBody(u) {
			return u.ID
		}
		id = u.Parent
	}
	return ""
}

func isBody(u *content.Unit) bool {
	return u.Type == "county" || u.Type == "industry" || u.Type == "direct"
}
