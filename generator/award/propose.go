package award

import "wuxiao/generator/content"

// Levels are the city's awards from the highest down (content.Awards).
var Levels = content.Awards

// Proposal is the award the score order gives one submission ("" for none).
type Proposal struct {
	Score
	Award string
}

// Propose walks the ranked scores and gives each the highest award not above the previous
// one's whose quota is left and whose minimum score it reaches; the first submission that
// gets none ends the list. Submissions in skip (e.g. disqualified ones) are passed over.
func Propose(comp *content.Competition, scores []Score, skip map[string]bool) []Proposal {
	out := make([]Proposal, 0, len(scores))
	left := map[string]int{}
	var minScores map[string]float64
	if comp != nil {
		for k, v := range comp.Quotas {
			left[k] = v
		}
		minScores = comp.MinScores
	}
	level, done := 0, false
	var id []byte
	for _, s := range scores {
		p := Proposal{Score: s}
		if !done && s.Ranked {
			id = s.Submission.AppendID(id[:0]) // s.Submission.ID(), looked up without a string made
		}
		if !done && s.Ranked && !skip[string(id)] {
			found := false
			for l := level; l < len(Levels); l++ {
				name := Levels[l]
				if left[name] <= 0 {
					continue
				}
				if m, ok := minScores[name]; ok && s.Value < m {
					continue
				}
				p.Award, level, found = name, l, true
				left[name]--
				break
			}
			done = !found
		}
		out = append(out, p)
	}
	return out
}
