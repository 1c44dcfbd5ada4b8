package award

import (
	"cmp"
	"slices"

	"wuxiao/generator/content"
)

// Standing is one unit's share of a year's awards.
type Standing struct {
	Unit       *content.Unit
	Points     int
	Awards     [4]int  // how many of each of Levels
	Registered int     // grassroots units registered under it (1 for a grassroots unit itself)
	TookPart   int     // of which submitted at least one result this year
	PerUnit    float64 // Points / Registered: a small county competes with a big one on equal terms
}

// Winning ranks the county, industry and direct bodies by points per registered grassroots
// unit, and the grassroots units by points; ties go to more points, then to the smaller id.
// Only units with points are listed.
func Winning(units []*content.Unit, y *content.Year, lines []Line) (bodies, grassroots []Standing) {
	byID := map[string]*content.Unit{}
	for _, u := range units {
		if u != nil && byID[u.ID] == nil {
			byID[u.ID] = u
		}
	}
	bodyOf := func(id string) *content.Unit {
		for range 64 { // the units rule rejects cycles; stay bounded anyway
			u := byID[id]
			if u == nil {
				return nil
			}
			if u.Type == "county" || u.Type == "industry" || u.Type == "direct" {
				return u
			}
			id = u.Parent
		}
		return nil
	}
	body := map[string]*Standing{}
	unit := map[string]*Standing{}
	get := func(m map[string]*Standing, u *content.Unit) *Standing {
		if m[u.ID] == nil {
			m[u.ID] = &Standing{Unit: u}
		}
		return m[u.ID]
	}
	for _, u := range units {
		if u != nil && u.Type == "grassroots" && byID[u.ID] == u {
			if b := bodyOf(u.ID); b != nil {
				get(body, b).Registered++
			}
		}
	}
	took := map[string]bool{}
	unitOf := map[string]string{}
	for _, s := range y.Submissions {
		unitOf[s.ID()] = s.Unit
		if !took[s.Unit] {
			took[s.Unit] = true
			if b := bodyOf(s.Unit); b != nil {
				get(body, b).TookPart++
			}
		}
	}
	points := y.Competition.Points()
	for _, l := range lines {
		u := byID[unitOf[l.Submission]]
		lv := Level(l.Award)
		if u == nil || lv >= len(Levels) || l.Revoked {
			continue
		}
		g := get(unit, u)
		g.Points += points[l.Award]
		g.Awards[lv]++
		if b := bodyOf(u.ID); b != nil {
			sb := get(body, b)
			sb.Points += points[l.Award]
			sb.Awards[lv]++
		}
	}
	return ranked(body), ranked(unit)
}

func ranked(m map[string]*Standing) []Standing {
	var out []Standing
	for _, s := range m {
		if s.Points == 0 {
			continue
		}
		if s.Unit.Type == "grassroots" {
			s.Registered, s.TookPart = 1, 1
		}
		if s.Registered > 0 {
			s.PerUnit = float64(s.Points) / float64(s.Registered)
		}
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b Standing) int {
		return cmp.Or(cmp.Compare(b.PerUnit, a.PerUnit), cmp.Compare(b.Points, a.Points), cmp.Compare(a.Unit.ID, b.Unit.ID))
	})
	return out
}
