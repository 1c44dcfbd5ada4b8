package desk

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/pullreq"
)

// packet is what expert e reviews in y: the submissions assignments.yaml gives him when the
// file exists, else every eligible one (each level of prior commendation present); never
// one that is a conflict of interest for him, whatever assignments.yaml says (the base may
// have changed under it).
func packet(tree *content.Tree, y *content.Year, e *content.Expert) []*content.Submission {
	conflict := content.NewIndex(tree).Conflict
	if y.Assignments != nil {
		var out []*content.Submission
		for _, s := range y.Submissions {
			if y.Assignments.Assigned(e.ID, s.ID()) && !conflict(e.ID, s.Unit) {
				out = append(out, s)
			}
		}
		return out
	}
	parent := map[string]string{}
	for _, u := range tree.Units {
		if u != nil {
			parent[u.ID] = u.Parent
		}
	}
	commended := map[string]bool{} // issuer + " " + submission
	for _, c := range y.Commendations {
		for _, a := range c.Awards {
			commended[c.Issuer+" "+a.Submission] = true
		}
	}
	var out []*content.Submission
	for _, s := range y.Submissions {
		ok := !conflict(e.ID, s.Unit)
		for _, level := range y.Competition.PriorCommendation {
			issuer := s.Unit
			if level == "county" {
				issuer = parent[s.Unit]
			}
			ok = ok && commended[issuer+" "+s.ID()]
		}
		if ok {
			out = append(out, s)
		}
	}
	return out
}

func (s *Server) expertOf(w http.ResponseWriter, r *http.Request, v *visit) *content.Expert {
	if v.roles.Expert == nil {
		s.refuse(w, r, v, "不是评审专家")
	}
	return v.roles.Expert
}

type sheetItem struct {
	Sub      *content.Submission
	UnitName string
	Scores   map[string]string // rubric key → as typed
	Comment  string
	Conflict string
}

type expertData struct {
	Expert *content.Expert
	Year   *content.Year
	Items  []sheetItem
	Found  findings
	Draft  string
}

// sheetDraft is the expert's saved sheet for y, or a new one from his own review file.
func (s *Server) sheetDraft(v *visit, e *content.Expert, y *content.Year) *draft {
	key := "expert-" + e.ID
	for _, dr := range s.drafts.list(v.login, key) {
		if dr.Year == y.Year && dr.PR == "" {
			return dr
		}
	}
	dr := &draft{ID: newDraftID(), Unit: key, Year: y.Year, Scores: map[string]map[string]string{}, Comments: map[string]string{}, Conflicts: map[string]string{}}
	for _, rv := range y.Reviews {
		if rv.Expert != e.ID { // only his own file: no expert sees another's scores
			continue
		}
		for _, l := range rv.Scores {
			m := map[string]string{}
			for _, s := range l.Scores {
				m[s.Key] = strconv.FormatFloat(s.Value, 'f', -1, 64)
			}
			dr.Scores[l.Submission] = m
			dr.Comments[l.Submission] = l.Comment
		}
	}
	return dr
}

func (s *Server) expertHome(w http.ResponseWriter, r *http.Request, v *visit) {
	e := s.expertOf(w, r, v)
	if e == nil {
		return
	}
	y := s.currentYear(w, r, v)
	if y == nil {
		return
	}
	s.showSheet(w, r, v, e, y, s.sheetDraft(v, e, y), findings{}, "", http.StatusOK)
}

func (s *Server) showSheet(w http.ResponseWriter, r *http.Request, v *visit, e *content.Expert, y *content.Year, dr *draft, found findings, flash string, code int) {
	d := expertData{Expert: e, Year: y, Found: found, Draft: dr.ID}
	for _, sub := range packet(v.tree, y, e) {
		name := sub.Unit
		for _, u := range v.tree.Units {
			if u != nil && u.ID == sub.Unit {
				name = u.Name
			}
		}
		d.Items = append(d.Items, sheetItem{Sub: sub, UnitName: name, Scores: dr.Scores[sub.ID()], Comment: dr.Comments[sub.ID()], Conflict: dr.Conflicts[sub.ID()]})
	}
	s.render(w, r, code, "expert", &page{Title: "评审", Login: v.login, Flash: flash, Data: d})
}

// scoresPost saves the expert's sheet and, for 提交, writes his review file, checks it and
// opens the pull request as him.
func (s *Server) scoresPost(w http.ResponseWriter, r *http.Request, v *visit) {
	e := s.expertOf(w, r, v)
	if e == nil {
		return
	}
	if !s.readForm(w, r, 2<<20) {
		return
	}
	y := s.currentYear(w, r, v)
	if y == nil {
		return
	}
	dr := s.sheetDraft(v, e, y)
	for _, sub := range packet(v.tree, y, e) {
		id := sub.ID()
		m := map[string]string{}
		for _, c := range y.Competition.Rubric {
			if x := strings.TrimSpace(r.PostFormValue("score_" + id + "_" + c.Key)); x != "" {
				m[c.Key] = x
			}
		}
		dr.Scores[id] = m
		dr.Comments[id] = strings.TrimSpace(r.PostFormValue("comment_" + id))
		if reason := strings.TrimSpace(r.PostFormValue("conflict_" + id)); reason != "" || r.PostFormValue("conflict_on_"+id) != "" {
			if reason == "" {
				reason = "专家声明回避"
			}
			dr.Conflicts[id] = reason
		} else {
			delete(dr.Conflicts, id)
		}
	}
	if err := s.drafts.save(v.login, dr); err != nil {
		if errors.Is(err, errDraftChanged) { // saved by another of his requests meanwhile
			s.fail(w, r, http.StatusConflict, "评分表刚刚在另一个窗口或设备上保存过，这次没有保存。请刷新页面，核对后再保存。")
			return
		}
		if errors.Is(err, errTooManyDrafts) {
			s.fail(w, r, http.StatusInsufficientStorage, fmt.Sprintf("您保存的评分表已达上限（%d 份），不能再建新的评分表。请联系市总工会。", s.drafts.maxKept))
			return
		}
		if errors.Is(err, errDraftsTextFull) {
			s.fail(w, r, http.StatusInsufficientStorage, fmt.Sprintf("您保存的评分表合计已达上限（%d MiB），这次没有保存。请联系市总工会。", s.drafts.text>>20))
			return
		}
		if errors.Is(err, errDraftTooLarge) {
			s.fail(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("评分表太大（超过 %d MiB），没有保存。请删减较长的评语后再保存。", maxDraft>>20))
			return
		}
		s.fail(w, r, http.StatusInternalServerError, "评分无法保存，请稍后再试。")
		return
	}
	s.audit.log(r, v.login, "scores-save", e.ID, "ok", "")
	if r.PostFormValue("action") != "submit" {
		s.showSheet(w, r, v, e, y, dr, findings{}, "评分已保存（尚未提交）。", http.StatusOK)
		return
	}
	text, lineOf := reviewText(y, dr)
	file := path.Join(y.Dir, "reviews", e.ID+".yaml")
	var declared []string
	for id, why := range dr.Conflicts {
		declared = append(declared, pullreq.MarkdownText(id+"（"+why+"）"))
	}
	slices.Sort(declared)
	body := fmt.Sprintf("专家 %s 通过申报工作台提交评分。", pullreq.MarkdownText(e.ID))
	if len(declared) > 0 {
		body += "\n\n声明回避：" + strings.Join(declared, "；")
	}
	found, pr, msg := s.propose(r, v, "scores", e.ID, Change{
		Branch: "desk/reviews/" + e.ID + "-" + stamp(), Title: fmt.Sprintf("评分：专家 %s（%d 年）", e.ID, y.Year),
		Body: body, Message: fmt.Sprintf("专家 %s 的 %d 年评分", e.ID, y.Year),
		Files: map[string][]byte{file: []byte(text)},
	}, func(d diag.Diagnostic) string { return lineOf[d.Pos.Line] })
	if pr == nil {
		s.showSheet(w, r, v, e, y, dr, found, msg+"评分已保存。", http.StatusUnprocessableEntity)
		return
	}
	if err := s.drafts.submitted(v.login, dr, pr.URL); err != nil {
		s.opt.Logf("desk: keeping the pull request of score sheet %s: %v", dr.ID, err)
	}
	s.done(w, r, v, "评分", pr, s.path("expert/"))
}

// plainNumber is a score written as a number: YAML reads it as the decimal number typed
// (not 1e1 as 10, +5 as 5, 012 as octal 10 or 0x1A as 26).
var plainNumber = regexp.MustCompile(`^(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// reviewText writes the expert's review file from his sheet (declared conflicts left out)
// and tells which submission each line belongs to.
func reviewText(y *content.Year, dr *draft) (string, map[int]string) {
	var b strings.Builder
	lineOf := map[int]string{}
	line := 1
	w := func(s, id string) {
		b.WriteString(s)
		lineOf[line] = id
		line++
	}
	w("scores:\n", "")
	var ids []string
	for id, m := range dr.Scores {
		if len(m) > 0 && dr.Conflicts[id] == "" {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		w("  "+id+":\n", id)
		for _, c := range y.Competition.Rubric {
			if x, ok := dr.Scores[id][c.Key]; ok {
				if !plainNumber.MatchString(x) {
					x = yamlString(x) // the checker says it is not a number
				}
				w(fmt.Sprintf("    %s: %s\n", c.Key, x), id)
			}
		}
		if c := dr.Comments[id]; c != "" {
			w("    comment: "+yamlString(c)+"\n", id)
		}
	}
	if len(ids) == 0 {
		return "scores: {}\n", lineOf
	}
	return b.String(), lineOf
}

// expertProof serves a proof of a submission in the expert's packet, public or not.
func (s *Server) expertProof(w http.ResponseWriter, r *http.Request, v *visit) {
	e := s.expertOf(w, r, v)
	if e == nil {
		return
	}
	y := openYear(v.tree, s.opt.Now())
	id, file := r.URL.Query().Get("id"), r.URL.Query().Get("file")
	if y != nil {
		for _, sub := range packet(v.tree, y, e) {
			if sub.ID() != id {
				continue
			}
			for _, a := range sub.Attachments {
				if a.File != file || strings.Contains(file, "..") {
					continue
				}
				// sent as it is read: sixty requests at once held 20 MiB each
				f, err := v.fsys.Open(path.Join(y.Dir, "attachments", sub.Unit, file))
				if err != nil {
					break
				}
				defer f.Close()
				info, err := f.Stat()
				if err != nil || !info.Mode().IsRegular() {
					break
				}
				if info.Size() > maxProof { // grown past the ceiling since the check: not read on
					s.fail(w, r, http.StatusConflict, "这份证明材料超过 "+content.HumanSize(maxProof)+" 的上限，无法查看；请告知市总工会。")
					return
				}
				serveProof(w, file, f)
				return
			}
		}
	}
	s.refuse(w, r, v, "不在您的评审范围内的材料")
}

// proofTypes are the types a proof is shown as, by its sniffed extension.
var proofTypes = map[string]string{".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png"}

// serveProof shows a proof as what its bytes are (PDF, JPEG, PNG), whatever its name says;
// anything else (an SVG or an HTML page, which would run as a page of the desk) is a
// sandboxed download. It sends at most maxProof bytes of proof, as they are read.
func serveProof(w http.ResponseWriter, file string, proof io.Reader) {
	head := make([]byte, 8) // what sniff reads
	n, _ := io.ReadFull(proof, head)
	head = head[:n]
	h := w.Header()
	if ct := proofTypes[sniff(head)]; ct != "" {
		h.Set("Content-Type", ct)
		h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": file}))
	} else {
		h.Set("Content-Type", "application/octet-stream")
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": file}))
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	}
	w.Write(head)
	io.Copy(w, io.LimitReader(proof, maxProof-int64(n)))
}
