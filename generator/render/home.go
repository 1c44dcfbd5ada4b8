package render

import "wuxiao/generator/content"

// Home is what the home page shows besides the site itself.
type Home struct {
	Year      *Year   // the current competition
	Phases    []Phase // its three steps [五]
	Latest    *Year   // the newest year with published results
	Awards    []*Result
	More      int // results of Latest not in Awards
	Cases     []*Case
	Bulletins []*Bulletin
}

// Phase is one step of the timeline, with where today stands.
type Phase struct {
	Name     string
	From, To content.Date
	State    string // done, current or next
}

// Numbers on the home page.
const (
	homeAwards    = 12
	homeCases     = 3
	homeBulletins = 5
)

func newHome(s *Site) *Home {
	h := &Home{}
	h.Year = s.Current()
	for _, y := range s.Years {
		if y.Public {
			h.Latest = y
		}
	}
	if h.Year != nil {
		h.Phases = phasesOf(h.Year, s.Now)
	}
	if h.Latest != nil {
		h.Awards = h.Latest.Results[:min(homeAwards, len(h.Latest.Results))]
		h.More = len(h.Latest.Results) - len(h.Awards)
	}
	h.Cases = s.Cases[:min(homeCases, len(s.Cases))]
	h.Bulletins = s.Bulletins[:min(homeBulletins, len(s.Bulletins))]
	return h
}

// Stage names where the current competition stands today.
func (h *Home) Stage() string {
	for _, p := range h.Phases {
		if p.State == "current" {
			return p.Name + "阶段"
		}
	}
	if len(h.Phases) > 0 && h.Phases[0].State == "next" {
		return "尚未开始"
	}
	if len(h.Phases) > 0 && h.Phases[len(h.Phases)-1].State == "done" {
		return "已结束"
	}
	return "阶段之间"
}

// Current is the competition under way: the newest year that has begun, else the first.
func (s *Site) Current() *Year {
	var cur *Year
	for _, y := range s.Years {
		if cur == nil || !y.Phases.Organize.From.After(s.Now.Time) {
			cur = y
		}
	}
	return cur
}

// phasesOf places now on the three steps of year y.
func phasesOf(y *Year, now content.Date) []Phase {
	var out []Phase
	for _, ph := range []struct {
		name string
		span content.Span
	}{{"组织推进", y.Phases.Organize}, {"考核评选", y.Phases.Review}, {"表彰奖励", y.Phases.Award}} {
		st := "next"
		switch {
		case now.After(ph.span.To.Time):
			st = "done"
		case !now.Before(ph.span.From.Time):
			st = "current"
		}
		out = append(out, Phase{ph.name, ph.span.From, ph.span.To, st})
	}
	return out
}
