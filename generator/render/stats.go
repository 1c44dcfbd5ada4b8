package render

import (
	"wuxiao/generator/content"
)

// Stats are the published figures. Participation is counted over all submissions
// (counts only, as the contract allows); awards and benefits over published results.
type Stats struct {
	Years       []*YearStats
	Submissions int
	Units       int // distinct units that ever took part
	Results     int
	Economic    float64 // declared yearly economic benefit of published results, 万元
	// Of those, the final awards and the proposed ones (years in 公示), kept apart.
	Final, Proposed                 int
	FinalEconomic, ProposedEconomic float64
	ByYear                          *Chart
}

// YearStats are one year's figures.
type YearStats struct {
	Year        *Year
	Submissions int
	Units       int // grassroots units that took part
	Registered  int // grassroots units registered
	Results     int
	Economic    float64
	Charts      []*Chart // by body, coverage, category, innovation type, group, award
}

// Coverage is Units/Registered in percent.
func (ys *YearStats) Coverage() float64 { return percent(ys.Units, ys.Registered) }

func percent(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) * 100 / float64(d)
}

func newStats(s *Site, tree *content.Tree) *Stats {
	st := &Stats{}
	everyUnit := map[string]bool{}
	byYear := &Chart{ID: "by-year", Title: "历年申报与获奖", Series: []string{"申报成果", "获奖成果"}}
	for i, cy := range tree.Years {
		y := s.Years[i]
		ys := yearStats(s, cy, y)
		y.Stats = ys
		st.Years = append(st.Years, ys)
		st.Submissions += ys.Submissions
		st.Results += ys.Results
		st.Economic += ys.Economic
		if y.Provisional() {
			st.Proposed += ys.Results
			st.ProposedEconomic += ys.Economic
		} else {
			st.Final += ys.Results
			st.FinalEconomic += ys.Economic
		}
		for _, sub := range cy.Submissions {
			if sub != nil {
				everyUnit[sub.Unit] = true
			}
		}
		byYear.Rows = append(byYear.Rows, Row{Label: itoa(y.Year) + "年", URL: y.URL, Values: []float64{float64(ys.Submissions), float64(ys.Results)}})
	}
	st.Units = len(everyUnit)
	st.ByYear = byYear
	return st
}

func yearStats(s *Site, cy *content.Year, y *Year) *YearStats {
	ys := &YearStats{Year: y, Results: len(y.Results)}
	for _, r := range y.Results {
		if r.Revoked == nil {
			ys.Economic += r.Economic
		}
	}
	took := map[string]bool{}
	subsBy := map[string]map[string]int{} // facet → value → submissions
	for _, k := range []string{"body", FacetCategory, FacetInnovation, FacetGroup} {
		subsBy[k] = map[string]int{}
	}
	for _, sub := range cy.Submissions {
		if sub == nil {
			continue
		}
		ys.Submissions++
		took[sub.Unit] = true
		if u := s.UnitByID[sub.Unit]; u != nil && u.Body != nil {
			subsBy["body"][u.Body.ID]++
		}
		subsBy[FacetCategory][sub.Category]++
		subsBy[FacetInnovation][sub.Innovation]++
		subsBy[FacetGroup][sub.Group]++
	}
	awardedBy := map[string]map[string]int{"body": {}, FacetCategory: {}, FacetInnovation: {}, FacetGroup: {}, FacetAward: {}}
	for _, r := range y.Results {
		if r.Revoked != nil {
			ys.Results-- // a revoked award is published, but counted no more
			continue
		}
		if r.Body != nil {
			awardedBy["body"][r.Body.ID]++
		}
		for _, k := range []string{FacetCategory, FacetInnovation, FacetGroup, FacetAward} {
			awardedBy[k][r.facet(k)]++
		}
	}
	series := []string{"申报成果", "获奖成果"}
	if !y.Public {
		series = series[:1]
	}
	pair := func(label, url string, subs, won int) Row {
		v := []float64{float64(subs), float64(won)}
		return Row{Label: label, URL: url, Values: v[:len(series)]}
	}
	bodies := &Chart{ID: "by-body", Title: "各县区、产业和市直工会", Series: series}
	coverage := &Chart{ID: "coverage", Title: "参赛覆盖率（参赛基层单位 / 登记基层单位）", Series: []string{"覆盖率"}, Percent: true}
	for _, b := range s.Bodies {
		registered, part := 0, 0
		for _, u := range s.Units {
			if u.Type == "grassroots" && u.Body == b {
				registered++
				if took[u.ID] {
					part++
				}
			}
		}
		ys.Registered += registered
		ys.Units += part
		bodies.Rows = append(bodies.Rows, pair(b.Name, b.URL, subsBy["body"][b.ID], awardedBy["body"][b.ID]))
		if registered > 0 {
			coverage.Rows = append(coverage.Rows, Row{Label: b.Name, URL: b.URL, Values: []float64{percent(part, registered)},
				Note: itoa(part) + " / " + itoa(registered)})
		}
	}
	ys.Charts = append(ys.Charts, bodies, coverage)
	for _, f := range s.Facets {
		if f.Key == FacetAward {
			continue
		}
		c := &Chart{ID: "by-" + f.Key, Title: "按" + f.Name, Series: series}
		for _, v := range f.Values {
			c.Rows = append(c.Rows, pair(v.Name, v.URL, subsBy[f.Key][v.Name], awardedBy[f.Key][v.Name]))
		}
		ys.Charts = append(ys.Charts, c)
	}
	if y.Public {
		c := &Chart{ID: "by-award", Title: "按奖项", Series: []string{"获奖成果"}}
		for _, a := range enumValues(FacetAward) {
			c.Rows = append(c.Rows, Row{Label: a, URL: facetURL(FacetAward, a), Values: []float64{float64(awardedBy[FacetAward][a])}})
		}
		ys.Charts = append(ys.Charts, c)
	}
	return ys
}
