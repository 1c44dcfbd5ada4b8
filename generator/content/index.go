package content

import (
	"strconv"
	"strings"
)

// Index holds the lookups of a tree that the rules, the award arithmetic and the ledger
// share: units and experts by id, submissions by global id, commendation lines by
// submission, and the questions asked of them (Within, Conflict).
type Index struct {
	Units       map[string]*Unit
	Experts     map[string]*Expert
	City        *Unit
	Submissions map[string]*Submission // by global id <year>/<unit>/<slug>
	// Commended maps a year's submission id to the commendation lines that name it.
	Commended map[int]map[string][]CommendationLine
}

// CommendationLine is one line of a commendation document, with the document.
type CommendationLine struct {
	Doc   *Commendation
	Award *CommendedAward // in Doc.Awards: the line as a copy made each index 23 MB a cold build at 10k results
}

// NewIndex builds the lookups of tree.
func NewIndex(tree *Tree) *Index {
	subs := 0
	for _, y := range tree.Years {
		subs += len(y.Submissions)
	}
	ix := &Index{ // made at their sizes: grown, the maps of 10,000 submissions were a third of the time
		Units:       make(map[string]*Unit, len(tree.Units)),
		Experts:     make(map[string]*Expert, len(tree.Experts)),
		Submissions: make(map[string]*Submission, subs),
		Commended:   map[int]map[string][]CommendationLine{},
	}
	for _, u := range tree.Units {
		if _, dup := ix.Units[u.ID]; !dup {
			ix.Units[u.ID] = u
		}
		if u.Type == "city" && ix.City == nil {
			ix.City = u
		}
	}
	for _, e := range tree.Experts {
		if _, dup := ix.Experts[e.ID]; !dup {
			ix.Experts[e.ID] = e
		}
	}
	for _, y := range tree.Years {
		byID := make(map[string][]CommendationLine, len(y.Submissions))
		for _, c := range y.Commendations {
			for i := range c.Awards {
				a := &c.Awards[i]
				byID[a.Submission] = append(byID[a.Submission], CommendationLine{Doc: c, Award: a})
			}
		}
		ix.Commended[y.Year] = byID
		for _, s := range y.Submissions {
			ix.Submissions[s.GlobalID()] = s
		}
	}
	return ix
}

// Submission finds a submission by its id inside year.
func (ix *Index) Submission(year int, id string) *Submission {
	var buf [64]byte // the global ID, looked up without a string made
	key := append(append(strconv.AppendInt(buf[:0], int64(year), 10), '/'), id...)
	return ix.Submissions[string(key)]
}

// Parent returns the unit's parent, or nil.
func (ix *Index) Parent(u *Unit) *Unit {
	if u == nil {
		return nil
	}
	return ix.Units[u.Parent]
}

// Within tells whether unit id is ancestor or the unit itself, following parents.
func (ix *Index) Within(id, ancestor string) bool {
	for range 64 {
		if id == ancestor {
			return true
		}
		u := ix.Units[id]
		if u == nil || u.Parent == "" {
			return false
		}
		id = u.Parent
	}
	return false
}

// Conflict tells whether expert may not score a submission of unit: his affiliation is the
// unit or one above it, other than the city itself, or his login is an admin's of one of
// them (he declared or recommended the result himself, whatever affiliation he gave).
func (ix *Index) Conflict(expert, unit string) bool {
	e := ix.Experts[expert]
	if e == nil {
		return false
	}
	if aff := ix.Units[e.Affiliation]; aff != nil && aff.Type != "city" && ix.Within(unit, aff.ID) {
		return true
	}
	return ix.AdminConflict(expert, unit)
}

// AdminConflict tells whether expert's login is an admin's of unit or of a unit above it,
// other than the city: one of Conflict's reasons.
func (ix *Index) AdminConflict(expert, unit string) bool {
	e := ix.Experts[expert]
	if e == nil || e.Login == "" {
		return false
	}
	id := unit
	for range 64 {
		u := ix.Units[id]
		if u == nil || u.Type == "city" {
			return false
		}
		for _, a := range u.Admins {
			if SameLogin(a, e.Login) {
				return true
			}
		}
		id = u.Parent
	}
	return false
}

// SameLogin compares Git-host logins as the host does: without ASCII case, ignoring a
// leading @. Logins on GitHub and Gitea are ASCII, so only ASCII letters fold: Unicode's
// folding would make the Kelvin sign K match k and the long s ſ match s, so that a listed
// "ſam" would make the account sam an admin.
func SameLogin(a, b string) bool {
	a, b = strings.TrimPrefix(strings.TrimSpace(a), "@"), strings.TrimPrefix(strings.TrimSpace(b), "@")
	if a == "" || len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x >= 0x80 || y >= 0x80 {
			return false
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Eligible tells whether every level the year asks for has commended s: only such a result
// may be scored and awarded [五(三)].
func (ix *Index) Eligible(y *Year, s *Submission) bool {
	u := ix.Units[s.Unit]
	if u == nil || y.Competition == nil {
		return false
	}
	for _, level := range y.Competition.PriorCommendation {
		if Earliest(ix.Commended[y.Year][s.ID()], Issuer(u, level)) == nil {
			return false
		}
	}
	return true
}

// Issuer is the unit whose commendation of u's results a prior-commendation level asks
// for: u's parent for "county", u itself for "grassroots".
func Issuer(u *Unit, level string) string {
	if level == "county" {
		return u.Parent
	}
	return u.ID
}

// Earliest returns the earliest dated line among list issued by issuer, or nil.
func Earliest(list []CommendationLine, issuer string) *CommendationLine {
	var best *CommendationLine
	for i := range list {
		c := &list[i]
		if c.Doc.Issuer != issuer || c.Doc.Date.IsZero() {
			continue
		}
		if best == nil || c.Doc.Date.Before(best.Doc.Date.Time) {
			best = c
		}
	}
	return best
}
