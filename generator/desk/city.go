package desk

import (
	"bytes"
	"fmt"
	"net/http"
	"path"
	"strconv"

	"wuxiao/generator/award"
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/ledger"
)

// bodyLine is one county, industry or direct union's line on the city's dashboard.
type bodyLine struct {
	Name                                     string
	Declared, Recommended, Pending, Reviewed int
	Units, TookPart                          int
	Coverage                                 string
}

// dashboard counts y per body.
func dashboard(tree *content.Tree, y *content.Year) []bodyLine {
	reviewed := map[string]bool{}
	for _, rv := range y.Reviews {
		for _, l := range rv.Scores {
			reviewed[l.Submission] = true
		}
	}
	var out []bodyLine
	for _, c := range tree.Units {
		if c == nil || (c.Type != "county" && c.Type != "industry" && c.Type != "direct") {
			continue
		}
		l := bodyLine{Name: c.Name}
		took := map[string]bool{}
		for _, u := range tree.Units {
			if u != nil && u.Parent == c.ID {
				l.Units++
			}
		}
		pending, done := pendingOf(tree, y, c)
		l.Pending, l.Recommended = len(pending), len(done)
		for _, s := range append(pending, done...) {
			l.Declared++
			took[s.Unit] = true
			if reviewed[s.ID()] {
				l.Reviewed++
			}
		}
		l.TookPart = len(took)
		if l.Units > 0 {
			l.Coverage = fmt.Sprintf("%.0f%%", 100*float64(l.TookPart)/float64(l.Units))
		}
		out = append(out, l)
	}
	return out
}

func (s *Server) cityOf(w http.ResponseWriter, r *http.Request, v *visit) bool {
	if !v.roles.City {
		s.refuse(w, r, v, "不是市总工会的管理员")
	}
	return v.roles.City
}

// analysis is the year's award proposal, as `wuxiao award` computes it, over the base tree
// checked as a whole (submissions with errors take no place), once per base tree and day.
func (s *Server) analysis(v *visit, y *content.Year) (*award.Analysis, int, int, error) {
	tree, diags, err := s.checked.of(v.tree, v.fsys, s.opt.Now(), s.opt.Check)
	if err != nil {
		return nil, 0, 0, err
	}
	for _, ty := range tree.Years {
		if ty.Year == y.Year {
			y = ty
		}
	}
	errs, warns := diags.Count()
	return award.Analyze(tree, y, content.NewIndex(tree).Conflict, award.Ineligible(y, diags.FilesWithErrors())), errs, warns, nil
}

func (s *Server) cityHome(w http.ResponseWriter, r *http.Request, v *visit) {
	if !s.cityOf(w, r, v) {
		return
	}
	y := s.currentYear(w, r, v)
	if y == nil {
		return
	}
	s.showCity(w, r, v, y, resultsForm(y.Results), findings{}, "", http.StatusOK)
}

// showCity renders the dashboard with the results' status form holding f and its findings.
func (s *Server) showCity(w http.ResponseWriter, r *http.Request, v *visit, y *content.Year, f statusFields, found findings, flash string, code int) {
	a, errs, warns, err := s.analysis(v, y)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "检查程序无法运行，请稍后再试。")
		return
	}
	prs, note := s.openPRs(r.Context(), v)
	s.withVerdicts(r.Context(), v, prs)
	if flash == "" {
		flash = note
	}
	status := "尚无评选结果"
	if y.Results != nil {
		status = statusNames[y.Results.Status]
	}
	s.render(w, r, code, "city", &page{Title: "全市总览与评选", Login: v.login, Flash: flash, Data: map[string]any{
		"Year": y, "Bodies": dashboard(v.tree, y), "Analysis": a, "Names": resultNames(v.tree, y), "Errors": errs, "Warnings": warns,
		"PRs": prs, "Status": status, "Form": f, "Found": found, "HasResults": y.Results != nil,
	}})
}

func (s *Server) cityLedger(w http.ResponseWriter, r *http.Request, v *visit) {
	if !s.cityOf(w, r, v) {
		return
	}
	y := s.currentYear(w, r, v)
	if y == nil {
		return
	}
	var b bytes.Buffer
	if err := ledger.Build(v.tree, y, content.NewIndex(v.tree).Conflict).WriteXLSX(&b); err != nil {
		s.fail(w, r, http.StatusInternalServerError, "台帐无法生成。")
		return
	}
	s.audit.log(r, v.login, "ledger", strconv.Itoa(y.Year), "ok", "")
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="ledger-%d.xlsx"`, y.Year))
	w.Write(b.Bytes())
}

// awardPost writes the proposal into results.yaml (status draft, overrides kept) and opens
// the city's pull request, as `wuxiao award --write` would.
func (s *Server) awardPost(w http.ResponseWriter, r *http.Request, v *visit) {
	if !s.cityOf(w, r, v) {
		return
	}
	y := s.currentYear(w, r, v)
	if y == nil {
		return
	}
	a, _, _, err := s.analysis(v, y)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "检查程序无法运行，请稍后再试。")
		return
	}
	if y.Results.Public() && !award.SameAwards(award.Current(y.Results), a.Decided) {
		s.fail(w, r, http.StatusConflict, "本年度的评选结果已公示或已表彰，工作台不会改写。公示期内需要调整时，请先把状态改回草稿。")
		return
	}
	file := path.Join(y.Dir, "results.yaml")
	old, err := readResults(v.fsys, file, true)
	if err != nil {
		s.fail(w, r, http.StatusConflict, resultsUnread(err))
		return
	}
	data, err := award.Rewrite(old, a.Decided)
	if err != nil {
		s.fail(w, r, http.StatusConflict, "results.yaml 无法改写："+err.Error())
		return
	}
	_, pr, msg := s.propose(r, v, "award", strconv.Itoa(y.Year), Change{
		Branch: "desk/results/" + strconv.Itoa(y.Year) + "-" + stamp(), Title: fmt.Sprintf("评选：%d 年拟授奖项（%d 项）", y.Year, len(a.Decided)),
		Body:    "市总工会通过申报工作台按专家评分写出拟授奖项（草稿状态），与 wuxiao award --write 相同。",
		Message: fmt.Sprintf("%d 年拟授奖项（%d 项）", y.Year, len(a.Decided)),
		Files:   map[string][]byte{file: data},
	}, func(diag.Diagnostic) string { return "" })
	if pr == nil {
		s.fail(w, r, http.StatusUnprocessableEntity, msg)
		return
	}
	s.done(w, r, v, "拟授奖项", pr, s.path("city/"))
}

// resultNames names each of the year's results as the office knows it: its title and its
// unit's name, by the result's id (<unit>/<slug>).
func resultNames(tree *content.Tree, y *content.Year) map[string]string {
	units := content.NewIndex(tree).Units
	out := make(map[string]string, len(y.Submissions))
	for _, s := range y.Submissions {
		if u := units[s.Unit]; u != nil {
			out[s.ID()] = s.Title + "（" + u.Name + "）"
		} else {
			out[s.ID()] = s.Title
		}
	}
	return out
}
