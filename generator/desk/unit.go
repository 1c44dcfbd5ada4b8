package desk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/pullreq"
)

// entry is one line of 我的申报.
type entry struct {
	Title, ID, Status string
	Year              int
	Draft             string // a draft's id
	PR                *PullRequest
}

// statusOf is a declared result's step, from the base branch.
func statusOf(tree *content.Tree, y *content.Year, sub *content.Submission, parent string) string {
	id := sub.ID()
	if r := y.Results; r != nil {
		for _, a := range r.Awards {
			if a.Submission == id {
				if a.Revoked != nil {
					return "已撤销"
				}
				switch r.Status {
				case "final":
					return "获奖"
				case "notice":
					return "公示中"
				}
			}
		}
	}
	for _, rv := range y.Reviews {
		for _, l := range rv.Scores {
			if l.Submission == id {
				return "评审中"
			}
		}
	}
	for _, c := range y.Commendations {
		if c.Issuer != parent || parent == "" {
			continue
		}
		for _, a := range c.Awards {
			if a.Submission == id {
				return "已推荐"
			}
		}
	}
	return "待县区推荐"
}

// unitPRs are the open pull requests that belong to unit u: opened by one of its admins,
// from the desk for it or outside the desk. A desk branch of anything else (an expert's score
// sheet, the city's results, another unit's) is not the unit's even when one of its admins
// opened it: an admin who is also an expert would show his scores to his unit and county.
// A branch's name is anyone's to choose (any writer's, or a fork's on a public repository):
// it makes no one's pull request the unit's.
func unitPRs(prs []PullRequest, u *content.Unit) []PullRequest {
	var out []PullRequest
	for _, pr := range prs {
		desk := strings.HasPrefix(pr.Branch, "desk/")
		if (strings.HasPrefix(pr.Branch, "desk/"+u.ID+"/") || !desk) && adminOf(u, pr.Author) {
			out = append(out, pr)
		}
	}
	return out
}

func (s *Server) unitOf(w http.ResponseWriter, r *http.Request, v *visit) *content.Unit {
	u := v.roles.unit(r.PathValue("unit"))
	if u == nil {
		s.refuse(w, r, v, "不是该单位的管理员")
	}
	return u
}

func (s *Server) unitHome(w http.ResponseWriter, r *http.Request, v *visit) {
	u := s.unitOf(w, r, v)
	if u == nil {
		return
	}
	prs, note := s.openPRs(r.Context(), v)
	mine := unitPRs(prs, u)
	s.withVerdicts(r.Context(), v, mine)
	byBranch := map[string]*PullRequest{}
	for i := range mine {
		byBranch[mine[i].Branch] = &mine[i]
	}
	var list []entry
	declared := map[string]bool{} // the unit's results on the base branch, by year and title: "2026 title"
	for _, y := range v.tree.Years {
		for _, sub := range y.Submissions {
			if sub.Unit == u.ID {
				declared[fmt.Sprint(y.Year, " ", sub.Title)] = true
			}
		}
	}
	pruned := false
	for _, dr := range s.drafts.list(v.login, u.ID) {
		e := entry{Title: dr.Form.Title, Year: dr.Year, Status: "草稿", Draft: dr.ID}
		if dr.PR != "" {
			for i := range mine {
				if mine[i].URL == dr.PR {
					e.PR, e.Status = &mine[i], "已提交，等待合并"
				}
			}
			if e.PR == nil && note == "" && declared[fmt.Sprint(dr.Year, " ", dr.Form.Title)] {
				// merged: the result itself is listed below, its files are in the repository
				// (a result of the same title from another year does not count: a closed pull
				// request's draft stays listed, to be fixed and submitted again)
				s.drafts.remove(v.login, u.ID, dr.ID)
				s.audit.log(r, v.login, "draft-pruned", u.ID+"/"+dr.ID, "ok", "merged")
				pruned = true
				continue
			}
		}
		if e.Title == "" {
			e.Title = "（未命名）"
		}
		list = append(list, e)
	}
	if pruned {
		s.drafts.prune(v.login, u.ID)
	}
	for i := len(v.tree.Years) - 1; i >= 0; i-- {
		y := v.tree.Years[i]
		for _, sub := range y.Submissions {
			if sub.Unit == u.ID {
				list = append(list, entry{Title: sub.Title, ID: sub.ID(), Year: y.Year, Status: statusOf(v.tree, y, sub, u.Parent)})
			}
		}
	}
	s.render(w, r, http.StatusOK, "unit", &page{Title: "我的申报", Login: v.login, Flash: note,
		Data: map[string]any{"Unit": u, "Entries": list, "PRs": mine}})
}

// declareData is what the declaration form shows.
type declareData struct {
	Unit    *content.Unit
	Year    *content.Year
	Draft   *draft
	Rows    []author // the author rows shown: filled ones and empty ones to fill
	Found   findings
	Choices map[string][]string
	Phase   content.Span // the organising phase, when units declare
	Group   string       // the group the unit's sector asks for
}

func (s *Server) declareForm(w http.ResponseWriter, r *http.Request, v *visit) {
	u := s.unitOf(w, r, v)
	if u == nil {
		return
	}
	dr := &draft{Unit: u.ID}
	if id := r.URL.Query().Get("draft"); id != "" {
		var err error
		if dr, err = s.drafts.load(v.login, u.ID, id); err != nil {
			s.audit.log(r, v.login, "draft", u.ID+"/"+id, "refused", "not found")
			s.fail(w, r, http.StatusNotFound, "找不到这份草稿（草稿只有保存它的本人能打开）。")
			return
		}
	}
	s.showForm(w, r, v, u, dr, findings{}, "", http.StatusOK)
}

func (s *Server) showForm(w http.ResponseWriter, r *http.Request, v *visit, u *content.Unit, dr *draft, found findings, flash string, code int) {
	y := openYear(v.tree, s.opt.Now())
	if y == nil {
		s.fail(w, r, http.StatusConflict, "内容仓库中还没有任何年度的竞赛设置（competition.yaml），暂时不能申报。")
		return
	}
	rows := append([]author(nil), dr.Form.Authors...)
	for len(rows) < maxAuthors && (len(rows) < 3 || len(rows) == len(dr.Form.Authors)) {
		rows = append(rows, author{})
	}
	found = s.locatedPhotos(v.login, u.ID, dr, found)
	org := y.Competition.Phases.Organize
	d := declareData{Unit: u, Year: y, Draft: dr, Rows: rows, Found: found, Choices: choices(),
		Phase: org, Group: content.GroupOf(u.Sector)}
	s.render(w, r, code, "declare", &page{Title: "申报成果", Login: v.login, Flash: flash, Data: d})
}

// choices are the form's enumerations, in the contract's order.
func choices() map[string][]string {
	return map[string][]string{
		"category":   content.Categories,
		"innovation": content.Innovations,
		"group":      content.Groups,
		"award":      append(slices.Clone(content.Awards), content.CommendationAward),
	}
}

// declarePost saves the draft (with any new proofs) and, for 提交, checks the change and
// opens the pull request. Whatever happens after the save, the draft stays.
func (s *Server) declarePost(w http.ResponseWriter, r *http.Request, v *visit) {
	u := s.unitOf(w, r, v)
	if u == nil {
		return
	}
	if !s.readUpload(w, r, v, "upload", u.ID, "一次上传的文件太大（每份证明材料不超过 20 MiB，每次最多约 40 MiB）。草稿没有改动，请返回后分几次上传。", "表单无法读取，请重新填写后提交。") {
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	dr := &draft{ID: newDraftID(), Unit: u.ID}
	if id := r.PostFormValue("draft"); id != "" {
		var err error
		if dr, err = s.drafts.load(v.login, u.ID, id); err != nil {
			s.audit.log(r, v.login, "draft", u.ID+"/"+id, "refused", "not found")
			s.fail(w, r, http.StatusNotFound, "找不到这份草稿（草稿只有保存它的本人能打开）。")
			return
		}
	}
	if rev := r.PostFormValue("rev"); rev != "" && rev != strconv.Itoa(dr.Rev) {
		s.draftChanged(w, r, v, u, dr)
		return
	}
	if dr.PR == "" && r.PostFormValue("draft") == "" && s.drafts.full(v.login, u.ID) {
		s.audit.log(r, v.login, "draft-save", u.ID, "refused", "ceiling")
		s.fail(w, r, http.StatusInsufficientStorage, fmt.Sprintf("您在本单位的申报草稿已达上限（没有提交的 %d 份，或连同已提交的共 %d 份），不能再建新的草稿。请在“我的申报”中打开已有的草稿继续填写或提交；合并请求合并后，它的草稿会自动清除。", s.drafts.maxOpen, s.drafts.maxKept))
		return
	}
	if y := openYear(v.tree, s.opt.Now()); y != nil {
		dr.Year = y.Year
	}
	dr.Form = readDeclaration(r)
	var found findings
	found.ByField = map[string][]finding{}
	s.updateProofs(r, v, u, dr, &found)
	leftOut := locationsLeftOut(s.leaveOutLocations(r, v.login, u.ID, dr))
	if err := s.drafts.save(v.login, dr); errors.Is(err, errDraftChanged) {
		if kept, err := s.drafts.load(v.login, u.ID, dr.ID); err == nil {
			dr = kept
		}
		s.draftChanged(w, r, v, u, dr)
		return
	} else if errors.Is(err, errDraftTooLarge) {
		s.audit.log(r, v.login, "draft-save", u.ID+"/"+dr.ID, "refused", "too large")
		s.fail(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("草稿太大（超过 %d MiB），没有保存。请删减正文等较长的内容后再保存。", maxDraft>>20))
		return
	} else if errors.Is(err, errDraftsTextFull) {
		s.audit.log(r, v.login, "draft-save", u.ID+"/"+dr.ID, "refused", "text ceiling")
		s.fail(w, r, http.StatusInsufficientStorage, fmt.Sprintf("您在本单位的申报草稿合计已达上限（%d MiB），这次没有保存。请在“我的申报”中打开已有的草稿继续填写或提交；合并请求合并后，它的草稿会自动清除。", s.drafts.text>>20))
		return
	} else if err != nil {
		s.opt.Logf("desk: saving draft: %v", err)
		s.fail(w, r, http.StatusInternalServerError, "草稿无法保存，请稍后再试。")
		return
	}
	s.audit.log(r, v.login, "draft-save", u.ID+"/"+dr.ID, "ok", "")
	s.drafts.prune(v.login, u.ID)
	if r.PostFormValue("action") != "submit" {
		flash := "草稿已保存。"
		if len(found.ByField) > 0 {
			flash = "草稿已保存，但有的证明材料没有收下，见下方说明。"
		}
		flash += leftOut
		for field, fs := range dr.Form.unreadable().ByField { // shown now, refused at submit
			found.ByField[field] = append(found.ByField[field], fs...)
		}
		s.showForm(w, r, v, u, dr, found, flash, http.StatusOK)
		return
	}
	if len(found.ByField) > 0 {
		s.showForm(w, r, v, u, dr, found, "没有提交：有的证明材料没有收下，见下方说明。草稿已保存。"+leftOut, http.StatusUnprocessableEntity)
		return
	}
	s.submit(w, r, v, u, dr)
}

// draftChanged shows draft dr as kept to a person whose form was of an earlier one (saved
// since from another tab or device, or submitted): nothing of his post is kept.
func (s *Server) draftChanged(w http.ResponseWriter, r *http.Request, v *visit, u *content.Unit, dr *draft) {
	s.audit.log(r, v.login, "draft-save", u.ID+"/"+dr.ID, "refused", "saved since")
	s.showForm(w, r, v, u, dr, findings{}, "这份草稿在您打开这一页之后，又在另一个窗口或设备上保存（或提交）过，这次的修改没有保存，这次选的文件也没有收下。下面是它现在的内容，请核对后再修改、保存。", http.StatusConflict)
}

// updateProofs applies the form's proof changes to dr: titles, public flags, removals and new uploads.
// A proof's fields are named by its file name, which no other proof of the draft ever gets
// (proofName), and a proof whose fields the form lacks stays as it was: a form shown before
// another tab (or phone) deleted a photo and uploaded a private scan never makes the scan
// public in the photo's place.
func (s *Server) updateProofs(r *http.Request, v *visit, u *content.Unit, dr *draft, found *findings) {
	var kept []proof
	for _, p := range dr.Proofs {
		n := p.File
		if _, shown := r.PostForm["proof_title_"+n]; !shown {
			kept = append(kept, p)
			continue
		}
		if r.PostFormValue("proof_remove_"+n) != "" {
			dr.Form.Body = withoutPhoto(dr.Form.Body, p.File) // else the check finds an image of no proof
			continue
		}
		if t := textOf(r, "proof_title_"+n); t != "" {
			p.Title = t
		}
		p.Public = r.PostFormValue("proof_public_"+n) != ""
		if r.PostFormValue("proof_showable_"+n) != "" && content.IsImageFile(p.File) { // the form had its box
			if r.PostFormValue("proof_show_"+n) != "" {
				p.Public = true
				dr.Form.Body = withPhoto(dr.Form.Body, p.File, p.Title)
			} else {
				dr.Form.Body = withoutPhoto(dr.Form.Body, p.File)
			}
		}
		kept = append(kept, p)
	}
	dr.Proofs = kept
	if len(kept) > maxProofs { // kept before the bound: not submitted until some go
		found.ByField["proofs"] = append(found.ByField["proofs"], finding{Field: "proofs", Message: fmt.Sprintf("这份申报有 %d 份证明材料，最多 %d 份；请删除不用的材料，或把几份合并成一个 PDF。", len(kept), maxProofs)})
		found.Errors++
	}
	if r.MultipartForm == nil {
		return
	}
	title := textOf(r, "proof_title")
	uploads := r.MultipartForm.File["proof"]
	if len(uploads) > maxProofs { // no form sends more: not one of them is read
		s.audit.log(r, v.login, "upload", u.ID, "refused", fmt.Sprintf("%d files at once", len(uploads)))
		found.ByField["proofs"] = append(found.ByField["proofs"], finding{Field: "proofs", Message: fmt.Sprintf("一次选了 %d 个文件，都没有收下：每份申报最多 %d 份证明材料。请只选要上传的材料，或把几份合并成一个 PDF 后再上传。", len(uploads), maxProofs)})
		found.Errors++
		return
	}
	refused := map[string]int{} // why, how many: one audit line for the post
	defer func() {
		if len(refused) > 0 {
			s.audit.log(r, v.login, "upload", u.ID, "refused", strings.TrimSuffix(strings.TrimPrefix(fmt.Sprint(refused), "map["), "]")) // count:2 proof:1
		}
	}()
	for _, fh := range uploads {
		if len(dr.Proofs) >= maxProofs {
			refused["count"]++
			found.ByField["proofs"] = append(found.ByField["proofs"], finding{Field: "proofs", Message: fmt.Sprintf("“%s”没有收下：每份申报最多 %d 份证明材料。请删除不用的材料，或把几份合并成一个 PDF 后再上传。", titleFromName(fh.Filename), maxProofs)})
			found.Errors++
			continue
		}
		ext, sum, size, err := readProof(fh, io.Discard) // checked before a byte is kept
		if err != nil {
			refused["proof"]++
			found.ByField["proofs"] = append(found.ByField["proofs"], finding{Field: "proofs", Message: err.Error()})
			found.Errors++
			continue
		}
		if err := s.drafts.keepUpload(v.login, u.ID, fh, sum, size); err != nil {
			msg := "证明材料无法保存，请稍后再试。"
			switch {
			case errors.Is(err, errOverQuota):
				refused["ceiling"]++
				msg = fmt.Sprintf("“%s”没有收下：您的草稿中待提交的证明材料已达上限（%d MiB）。请先提交草稿，或删除不用的材料后再上传。", titleFromName(fh.Filename), s.drafts.quota>>20)
			case errors.Is(err, errDraftsFull):
				refused["drafts full"]++
				s.opt.Logf("desk: the drafts folder holds its ceiling of %d MiB of proofs", s.drafts.total>>20)
				msg = fmt.Sprintf("“%s”没有收下：工作台保存草稿的存储空间已满。草稿的其他内容已保存；请稍后再上传，或联系市总工会。", titleFromName(fh.Filename))
			}
			found.ByField["proofs"] = append(found.ByField["proofs"], finding{Field: "proofs", Message: msg})
			found.Errors++
			continue
		}
		t := title
		if t == "" {
			t = titleFromName(fh.Filename)
		}
		p := proof{File: proofName(dr, ext), Title: t, SHA256: sum, Size: size, Public: r.PostFormValue("proof_public") != ""}
		if r.PostFormValue("proof_show") != "" && content.IsImageFile(p.File) {
			p.Public = true
			dr.Form.Body = withPhoto(dr.Form.Body, p.File, p.Title)
		}
		dr.Proofs = append(dr.Proofs, p)
		s.audit.log(r, v.login, "upload", u.ID+"/"+dr.ID, "ok", sum)
	}
}

// textOf is a short text field of the form as UTF-8 text, at most a title's length of
// bytes (a proof's title: any other bytes would be written into YAML as binary).
func textOf(r *http.Request, key string) string {
	s := strings.ToValidUTF8(r.PostFormValue(key), "\uFFFD")
	if len(s) > 1<<10 {
		s = strings.ToValidUTF8(s[:1<<10], "")
	}
	return strings.TrimSpace(s)
}

// proofName is a new proof's file name: the draft's id, a number no proof of the draft had
// before (Named) and the sniffed extension, never the name the browser sent. A name is never
// given twice: a body or a form that still names a deleted photo cannot come to show another.
func proofName(dr *draft, ext string) string {
	used := map[string]bool{}
	for _, p := range dr.Proofs {
		used[p.File] = true
		if _, rest, ok := strings.Cut(p.File, "-"); ok { // a draft kept before Named counted
			n, _ := strconv.Atoi(strings.TrimSuffix(rest, path.Ext(rest)))
			dr.Named = max(dr.Named, n)
		}
	}
	for i := max(dr.Named, len(dr.Proofs)) + 1; ; i++ {
		name := fmt.Sprintf("%s-%d%s", dr.ID[:8], i, ext)
		if !used[name] {
			dr.Named = i
			return name
		}
	}
}

// submit checks the draft's change over the base tree and opens its pull request only if
// the checker finds no error in it.
func (s *Server) submit(w http.ResponseWriter, r *http.Request, v *visit, u *content.Unit, dr *draft) {
	y := openYear(v.tree, s.opt.Now())
	if y == nil {
		s.showForm(w, r, v, u, dr, findings{}, "内容仓库中没有竞赛设置，暂时不能提交。草稿已保存。", http.StatusConflict)
		return
	}
	if bad := dr.Form.unreadable(); bad.Errors > 0 {
		s.showForm(w, r, v, u, dr, bad, "没有提交：有的日期或数字无法识别，见下方说明。草稿已保存。", http.StatusUnprocessableEntity)
		return
	}
	if pr := s.openPullRequest(r, v, dr.PR); pr != nil { // a second would propose the same files again
		s.audit.log(r, v.login, "submit", u.ID+"/"+dr.ID, "refused", "open pull request")
		s.showForm(w, r, v, u, dr, findings{}, fmt.Sprintf("这份申报已经提交为合并请求 #%d，还没有合并，这次没有再提交（草稿已保存）。要改已提交的内容，请在合并请求中说明，或请县区工会关闭它后再提交。", pr.Number), http.StatusConflict)
		return
	}
	if !s.submits.enter(r.Context(), v.login, submitWait) {
		s.audit.log(r, v.login, "submit", u.ID+"/"+dr.ID, "refused", "busy")
		s.showForm(w, r, v, u, dr, findings{}, "工作台正在处理其他申报（或您的上一份申报还没有提交完），这次没有提交。草稿已保存，请过一两分钟再提交。", http.StatusServiceUnavailable)
		return
	}
	defer s.submits.leave(v.login)
	files, proofs, id, err := s.files(v, u, y, dr)
	if err != nil {
		s.showForm(w, r, v, u, dr, findings{}, err.Error()+"。草稿已保存。", http.StatusUnprocessableEntity)
		return
	}
	change := Change{
		Branch:  "desk/" + id + "-" + stamp(),
		Title:   fmt.Sprintf("申报：%s（%s）", dr.Form.Title, u.Name),
		Body:    fmt.Sprintf("%s 通过申报工作台申报成果 %s，附证明材料 %d 份。\n\n工作台提交前已运行全部检查，没有发现错误。", pullreq.MarkdownText(u.Name), pullreq.MarkdownText(id), len(dr.Proofs)),
		Message: fmt.Sprintf("申报 %d/%s：%s", y.Year, id, dr.Form.Title),
		Files:   files,
		Proofs:  proofs,
	}
	subPath := path.Join(y.Dir, "submissions", id+".md")
	found, err := s.checkChange(v.fsys, change, func(d diag.Diagnostic) string {
		file, line := d.Pos.File, d.Pos.Line
		if file == subPath {
			return formField(keyAt(string(files[file]), line))
		}
		switch content.Classify(file).Kind {
		case content.KindCommendation:
			return "commendation"
		case content.KindAttachment:
			return "proofs"
		}
		return ""
	})
	if err != nil {
		s.opt.Logf("desk: check: %v", err)
		s.showForm(w, r, v, u, dr, findings{}, "检查程序无法运行，没有提交。草稿已保存，请稍后再试。", http.StatusInternalServerError)
		return
	}
	if found.Errors > 0 {
		s.audit.log(r, v.login, "submit", u.ID+"/"+dr.ID, "refused", fmt.Sprintf("%d findings", found.Errors))
		s.showForm(w, r, v, u, dr, found, fmt.Sprintf("检查发现 %d 个问题，没有提交。草稿已保存；请按各项旁边的说明修改后再提交。", found.Errors), http.StatusUnprocessableEntity)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), proposeTime(change))
	defer cancel()
	pr, err := s.forge(ctx, v).Propose(ctx, change)
	s.prList.forget() // even a failure may have opened it
	if err != nil {
		why, said := forgeTrouble(err)
		s.audit.log(r, v.login, "submit", u.ID+"/"+dr.ID, "failed", why)
		s.opt.Logf("desk: opening pull request: %v", err)
		s.showForm(w, r, v, u, dr, found, "没有提交，草稿已保存："+said, http.StatusBadGateway)
		return
	}
	if err := s.drafts.submitted(v.login, dr, pr.URL); err != nil {
		s.opt.Logf("desk: keeping the pull request of draft %s: %v", dr.ID, err)
	}
	s.audit.log(r, v.login, "submit", u.ID+"/"+dr.ID, "ok", pr.URL)
	if rb, ok := s.opt.Base.(interface{ Refresh() }); ok {
		rb.Refresh()
	}
	http.Redirect(w, r, s.path("unit/"+u.ID+"/")+"?submitted="+fmt.Sprint(pr.Number), http.StatusSeeOther)
}

// formField is the form field that shows a finding on a front-matter key.
func formField(key string) string {
	switch key {
	case "benefit":
		return "benefit"
	case "attachments":
		return "proofs"
	case "authors":
		return "authors"
	case "contact":
		return "contact"
	}
	return key
}
