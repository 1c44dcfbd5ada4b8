package rules

import (
	"wuxiao/generator/content"
)

// Index holds the lookups that several rules need.
type Index struct {
	Units       map[string]*content.Unit
	Experts     map[string]*content.Expert
	City        *content.Unit
	Submissions map[string]*content.Submission // by global id <year>/<unit>/<slug>
	// Commended maps a year's submission id to the commendation lines that name it.
	Commended map[int]map[string][]Commendation
}

// Commendation is one commendation line with its document.
type Commendation struct {
	Doc   *content.Commendation
	Award content.CommendedAward
}

// NewIndex builds the lookups of tree.
func NewIndex(tree *content.Tree) *Index {
	ix := &Index{
		Units:       map[string]*content.Unit{},
		Experts:     map[string]*content.Expert{},
		Submissions: map[string]*content.Submission{},
		Commended:   map[int]map[string][]Commendation{},
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
		byID := map[string][]Commendation{}
		for _, c := range y.Commendations {
			for _, a := range c.Awards {
				byID[a.Submission] = append(byID[a.Submission], Commendation{Doc: c, Award: a})
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
func (ix *Index) Submission(year int, id string) *content.Submission {
	return ix.Submissions[itoa(year)+"/"+id]
}

// Parent returns the unit's parent, or nil.
func (ix *Index) Parent(u *content.Unit) *content.Unit {
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
// unit or one above it, other than the city itself.
func (ix *Index) Conflict(expert, unit string) bool {
	e := ix.Experts[expert]
	if e == nil || e.Affiliation == "" {
		return false
	}
	aff := ix.Units[e.Affiliation]
	if aff == nil || aff.Type == "city" {
		return false
	}
	return ix.Within(unit, aff.ID)
}
