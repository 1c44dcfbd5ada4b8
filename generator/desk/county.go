package desk

import (
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/pullreq"
	"wuxiao/generator/scaffold"
)

// pendingOf are the year's submissions of c's units, split into those c has not yet
// recommended and those it has.
func pendingOf(tree *content.Tree, y *content.Year, c *content.Unit) (pending, done []*content.Submission) {
	under := map[string]bool{}
	for _, u := range tree.Units {
		if u != nil && u.Parent == c.ID {
			under[u.ID] = true
		}
	}
	named := map[string]bool{}
	for _, cm := range y.Commendations {
		if cm.Issuer == c.ID {
			for _, a := range cm.Awards {
				named[a.Submission] = true
			}
		}
	}
	for _, s := range y.Submissions {
		if !under[s.Unit] {
			continue
		}
		if named[s.ID()] {
			done = append(done, s)
		} else {
			pending = append(pending, s)
		}
	}
	return pending, done
}

func (s *Server) countyOf(w http.ResponseWriter, r *http.Request, v *visit) *content.Unit {
	c := v.roles.county(r.PathValue("unit"))
	if c == nil {
		s.refuse(w, r, v, "不是该县区、产业或市直工会的管理员")
	}
	return c
}

type countyData struct {
	County          *content.Unit
	Year            *content.Year
	Pending, Done   []*content.Submission
	PRs             []PullRequest
	Bulletins       []*content.Bulletin
	Awards          []string
	Found           findings
	Doc, Date       string
	Picked, AwardOf map[string]string
	Names           map[string]string
}

func (s *Server) countyHome(w http.ResponseWriter, r *http.Request, v *visit) {
	c := s.countyOf(w, r, v)
	if c == nil {
		return
	}
	s.showCounty(w, r, v, c, countyData{Picked: map[string]string{}, AwardOf: map[string]string{}}, "", http.StatusOK)
}

func (s *Server) showCounty(w http.ResponseWriter, r *http.Request, v *visit, c *content.Unit, d countyData, flash string, code int) {
	y := s.currentYear(w, r, v)
	if y == nil {
		return
	}
	d.County, d.Year, d.Awards = c, y, choices()["award"]
	d.Pending, d.Done = pendingOf(v.tree, y, c)
	d.Names = map[string]string{}
	prs, note := s.openPRs(r.Context(), v)
	for _, u := range v.tree.Units {
		if u == nil || u.Parent != c.ID {
			continue
		}
		d.Names[u.ID] = u.Name
		d.PRs = append(d.PRs, unitPRs(prs, u)...)
	}
	s.withVerdicts(r.Context(), v, d.PRs)
	for _, b := range y.Bulletins {
		if b.Unit == c.ID {
			d.Bulletins = append(d.Bulletins, b)
		}
	}
	if flash == "" {
		flash = note
	}
	s.render(w, r, code, "county", &page{Title: "推荐与审核", Login: v.login, Flash: flash, Data: d})
}

// recommendPost issues the county's recommendation document: one commendation file naming
// the picked results with their awards, checked, then a pull request by the county admin.
func (s *Server) recommendPost(w http.ResponseWriter, r *http.Request, v *visit) {
	c := s.countyOf(w, r, v)
	if c == nil {
		return
	}
	if !s.readForm(w, r, 1<<20) {
		return
	}
	y := s.currentYear(w, r, v)
	if y == nil {
		return
	}
	d := countyData{Doc: strings.TrimSpace(r.PostFormValue("doc")), Date: strings.TrimSpace(r.PostFormValue("date")),
		Picked: map[string]string{}, AwardOf: map[string]string{}}
	pending, _ := pendingOf(v.tree, y, c)
	var lines []string
	for _, sub := range pending {
		id := sub.ID()
		d.AwardOf[id] = r.PostFormValue("award_" + id)
		if r.PostFormValue("pick_"+id) == "" {
			continue
		}
		d.Picked[id] = "1"
		award := d.AwardOf[id]
		if award == "" {
			award = content.Placeholder
		}
		lines = append(lines, fmt.Sprintf("  - submission: %s\n    award: %s\n", id, yamlString(award)))
	}
	if len(lines) == 0 {
		d.Found = findings{ByField: map[string][]finding{"": {{Message: "请至少勾选一项要推荐的成果。"}}}, Errors: 1}
		s.showCounty(w, r, v, c, d, "没有提交。", http.StatusUnprocessableEntity)
		return
	}
	doc := d.Doc
	if doc == "" {
		doc = content.Placeholder
	}
	date := d.Date
	if date == "" {
		date = content.Placeholder
	}
	dir := path.Join(y.Dir, "commendations", c.ID)
	slug := scaffold.Slug(strconv.Itoa(y.Year)+" tuijian "+stamp(), "tuijian", nil)
	file := path.Join(dir, slug+".yaml")
	text := recommendationText(c.Name, doc, date, lines)
	found, pr, msg := s.propose(r, v, "recommend", c.ID, Change{
		Branch: "desk/" + c.ID + "/" + slug, Title: fmt.Sprintf("推荐：%s %s（%d 项）", c.Name, d.Doc, len(lines)),
		Body:    fmt.Sprintf("%s通过申报工作台推荐 %d 项成果，文号 %s，日期 %s。", pullreq.MarkdownText(c.Name), len(lines), pullreq.MarkdownText(d.Doc), pullreq.MarkdownText(d.Date)),
		Message: fmt.Sprintf("%s推荐 %d 项成果（%s）", c.Name, len(lines), d.Doc),
		Files:   map[string][]byte{file: []byte(text)},
	}, func(d diag.Diagnostic) string {
		line := d.Pos.Line
		switch keyAt("---\n"+text, line+1) { // keyAt reads front matter; the file is all front matter
		case "doc":
			return "doc"
		case "date":
			return "date"
		}
		return ""
	})
	if pr == nil {
		d.Found = found
		s.showCounty(w, r, v, c, d, msg, http.StatusUnprocessableEntity)
		return
	}
	s.done(w, r, v, "推荐文件", pr, s.path("county/"+c.ID+"/"))
}

// recommendationText is the commendation file the desk writes for a county's
// recommendation: the unit's name in a comment line (kept to one line), then the fields.
func recommendationText(name, doc, date string, lines []string) string {
	return fmt.Sprintf("# %s向市总工会推荐的成果（由申报工作台写出）。\ndoc: %s\ndate: %s\nawards:\n%s", pullreq.OneLine(name), yamlString(doc), yamlString(date), strings.Join(lines, ""))
}
