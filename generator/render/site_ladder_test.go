package render

import (
	"cmp"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
)

// TestNewSiteLaddersMatchRef: NewSite gives each result the ladder ladderRef makes,
// the way NewSite made it before (each result's city note written anew, each line's
// date formatted for each result), and the address and id of its submission, and each
// awarded submission one result, of its first award, on the minimal example (as it is,
// in 公示, final with a revoked award, final without a notice, a submission awarded
// twice) and on a synthetic tree whose results climb one to three commendations, found
// in the order of their steps or the reverse.
func TestNewSiteLaddersMatchRef(t *testing.T) {
	synth := filepath.Join(t.TempDir(), "synth")
	testtree.Synth(t, 300, synth)
	trees := map[string]*content.Tree{"minimal": loadTree(t, minimalRoot), "synthetic": loadTree(t, synth)}
	reversed := loadTree(t, synth) // each result's lines found in the order the ladder is not
	for _, y := range reversed.Years {
		slices.Reverse(y.Commendations)
	}
	trees["synthetic, lines reversed"] = reversed
	for name, change := range map[string]func(r *content.Results){
		"notice": func(r *content.Results) { r.Status = "notice" },
		"revoked": func(r *content.Results) {
			r.Status = "final"
			r.Awards[1].Revoked = &content.Revocation{Date: date("2024-03-05"), Doc: "阳工发〔2024〕10号", Reason: "冒用"}
		},
		"no notice": func(r *content.Results) { r.Notice = nil },
		"awarded twice": func(r *content.Results) { // the rules refuse it; the first award stands
			twice := r.Awards[2]
			twice.Award = "特等奖"
			r.Awards = append(r.Awards, twice)
		},
	} {
		tree := loadTree(t, minimalRoot)
		y := tree.Years[len(tree.Years)-1]
		r := *y.Results
		r.Awards = slices.Clone(r.Awards)
		change(&r)
		y.Results = &r
		trees[name] = tree
	}
	longest, revoked := 0, 0
	for name, tree := range trees {
		s := NewSite(tree, "", date("2024-06-01"))
		n := 0
		for i, cy := range tree.Years {
			y := s.Years[i]
			subs := map[string]*content.Submission{}
			for _, sub := range cy.Submissions {
				subs[sub.ID()] = sub
			}
			commended := map[string][]commendationRef{}
			for _, c := range cy.Commendations {
				for _, a := range c.Awards {
					commended[a.Submission] = append(commended[a.Submission], commendationRef{c, a.Award})
				}
			}
			if cy.Results.Public() {
				want := map[string]string{} // each submission's first award
				for _, a := range cy.Results.Awards {
					if _, ok := want[a.Submission]; !ok && subs[a.Submission] != nil {
						want[a.Submission] = a.Award
					}
				}
				got := map[string]string{}
				for _, r := range y.Results {
					if _, twice := got[r.ID]; twice {
						t.Fatalf("%s: %s has two results", name, r.ID)
					}
					got[r.ID] = r.Award
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: results and their awards\n%v\nwant\n%v", name, got, want)
				}
			}
			for _, r := range y.Results {
				n++
				longest = max(longest, len(r.Ladder))
				if r.Revoked != nil {
					revoked++
				}
				sub := subs[r.ID]
				if sub == nil || sub.ID() != r.ID || r.URL != resultURL(y.Year, sub.ID()) {
					t.Fatalf("%s: result %q at %q is not its submission's", name, r.ID, r.URL)
				}
				if want := ladderRef(s, y, r, commended[r.ID]); !reflect.DeepEqual(r.Ladder, want) {
					t.Fatalf("%s: %s's ladder\n%+v\nwant\n%+v", name, r.ID, r.Ladder, want)
				}
			}
		}
		if n == 0 {
			t.Fatalf("%s: no result", name)
		}
	}
	if longest < 3 || revoked == 0 {
		t.Fatalf("the trees changed (longest ladder %d steps, %d revoked): adapt the test", longest, revoked)
	}
}

type commendationRef struct {
	doc   *content.Commendation
	award string
}

// ladderRef is Site.ladder as it was, line for line but for the issuers' levels
// (ladderLevel, unchanged).
func ladderRef(s *Site, y *Year, r *Result, lines []commendationRef) []Step {
	lines = slices.Clone(lines)
	slices.SortStableFunc(lines, func(x, y commendationRef) int {
		a, b := x.doc, y.doc
		return cmp.Or(cmp.Compare(ladderLevel(r, a.Issuer), ladderLevel(r, b.Issuer)), a.Date.Compare(b.Date.Time), cmp.Compare(a.File, b.File))
	})
	var steps []Step
	for _, line := range lines {
		c := line.doc
		st := Step{Doc: c.Doc, Date: c.Date.String(), Award: line.award}
		if u := s.UnitByID[c.Issuer]; u != nil {
			st.Issuer, st.IssuerURL = u.Name, u.URL
			st.Level = u.TypeName()
		}
		steps = append(steps, st)
	}
	city := Step{Level: "市级", Award: r.Award, Doc: y.ResultsDoc}
	if s.City != nil {
		city.Issuer, city.IssuerURL = s.City.Name, s.City.URL
	}
	if y.Notice != nil {
		city.Note = "公示期 " + cnDate(y.Notice.From) + "至" + cnDate(y.Notice.To)
	}
	switch {
	case y.Status == "notice":
		city.Note += "，公示中"
	case r.Revoked != nil:
		city.Note += "，期满予以表彰；" + cnDate(r.Revoked.Date) + "撤销（" + r.Revoked.Doc + "）"
	default:
		city.Note += "，期满予以表彰"
	}
	city.Note = strings.TrimPrefix(city.Note, "，")
	return append(steps, city)
}
