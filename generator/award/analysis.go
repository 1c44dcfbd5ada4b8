package award

import "wuxiao/generator/content"

// Analysis is one year's review as `wuxiao award` shows it: scores, proposal, the awards of
// results.yaml beside them, and the winning-units proposal.
type Analysis struct {
	Year      *content.Year
	Proposals []Proposal        // every submission, in the contract's ranking order
	Skip      map[string]bool   // submissions failing another rule: no place in the proposal
	Current   map[string]Line   // results.yaml's lines by submission
	Unknown   []Line            // results.yaml lines naming no submission of the year
	Decided   []Line            // what --write puts in results.yaml
	Differ    int               // submissions whose current award departs from Decided
	Bodies    []Standing        // winning-units proposal: county, industry and direct bodies
	Units     []Standing        // and grassroots units
	Counted   string            // which awards the points were counted from, as a phrase
	unitNames map[string]string // id → name
	experts   map[string]*content.Expert
}

// Analyze scores y, proposes its awards passing over skip, and compares them with results.yaml.
func Analyze(tree *content.Tree, y *content.Year, conflict Conflict, skip map[string]bool) *Analysis {
	a := &Analysis{Year: y, Skip: skip, Current: map[string]Line{}, unitNames: map[string]string{}, experts: map[string]*content.Expert{}}
	for _, u := range tree.Units {
		if u != nil && a.unitNames[u.ID] == "" {
			a.unitNames[u.ID] = u.Name
		}
	}
	for _, e := range tree.Experts {
		if e != nil && a.experts[e.ID] == nil {
			a.experts[e.ID] = e
		}
	}
	a.Proposals = Propose(y.Competition, Scores(y, conflict), skip)
	known := map[string]bool{}
	for _, p := range a.Proposals {
		known[p.Submission.ID()] = true
	}
	current := Current(y.Results)
	for _, l := range current {
		if !known[l.Submission] {
			a.Unknown = append(a.Unknown, l)
		} else if _, dup := a.Current[l.Submission]; !dup {
			a.Current[l.Submission] = l
		}
	}
	var existing []content.CityAward
	if y.Results != nil {
		existing = y.Results.Awards
	}
	a.Decided = Decide(a.Proposals, existing)
	decided := map[string]Line{}
	for _, l := range a.Decided {
		decided[l.Submission] = l
	}
	for _, p := range a.Proposals {
		if a.Current[p.Submission.ID()].Award != decided[p.Submission.ID()].Award {
			a.Differ++
		}
	}
	a.Differ += len(a.Unknown)
	pointsFrom := a.Decided
	a.Counted = "按拟授奖项计算"
	if y.Results.Public() {
		pointsFrom, a.Counted = current, "按 results.yaml 中已公示或表彰的奖项计算"
	}
	a.Bodies, a.Units = Winning(tree.Units, y, pointsFrom)
	return a
}

// MinReviews is the year's min_reviews (at least 1).
func (a *Analysis) MinReviews() int {
	if c := a.Year.Competition; c != nil && c.MinReviews > 0 {
		return c.MinReviews
	}
	return 1
}
