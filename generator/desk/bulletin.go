package desk

import (
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/pullreq"
)

// bulletinForm is what a county, industry or direct union writes for one of its bulletins.
type bulletinFields struct {
	Title, Date, Issue, Body string
}

type bulletinData struct {
	County *content.Unit
	Year   *content.Year
	Form   bulletinFields
	Found  findings
}

// nextIssue is the issue number after the issuer's last one in y (issues count per issuer).
func nextIssue(y *content.Year, issuer string) int {
	n := 0
	for _, b := range y.Bulletins {
		if b.Unit == issuer && b.Issue > n {
			n = b.Issue
		}
	}
	return n + 1
}

// openIssues are the issue numbers of issuer's bulletins for year in open pull requests the
// desk made for one of its admins (their branches say the issue), which the base branch does
// not know yet. Another's branch of that name (anyone may name a branch) takes no number.
func openIssues(prs []PullRequest, issuer *content.Unit, year int) map[int]PullRequest {
	out := map[int]PullRequest{}
	prefix := fmt.Sprintf("desk/%s/bulletin-%s-%d-", issuer.ID, issuer.ID, year)
	for _, pr := range prs {
		rest, ok := strings.CutPrefix(pr.Branch, prefix)
		if !ok || !adminOf(issuer, pr.Author) {
			continue
		}
		num, _, _ := strings.Cut(rest, "-")
		if n, err := strconv.Atoi(num); err == nil && n > 0 {
			out[n] = pr
		}
	}
	return out
}

// plainIssue is an issue number written bare: YAML reads it as the number typed.
var plainIssue = regexp.MustCompile(`^[1-9][0-9]{0,8}$`)

// bulletinText is the bulletin file the form makes (contract v2: unit names the issuer).
func bulletinText(f bulletinFields, issuer string) string {
	issue := f.Issue
	if !plainIssue.MatchString(issue) {
		issue = yamlString(issue) // the checker says the issue is not a number (+1 and 01 too: not as typed)
	}
	date := f.Date
	if date == "" {
		date = content.Placeholder
	}
	body := strings.ReplaceAll(f.Body, "\r\n", "\n")
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	return fmt.Sprintf("---\ntitle: %s\ndate: %s\nissue: %s\nunit: %s\n---\n%s", yamlString(f.Title), yamlString(date), issue, issuer, body)
}

func (s *Server) bulletinForm(w http.ResponseWriter, r *http.Request, v *visit) {
	c := s.countyOf(w, r, v)
	if c == nil {
		return
	}
	y := s.currentYear(w, r, v)
	if y == nil {
		return
	}
	next := nextIssue(y, c.ID)
	prs, note := s.openPRs(r.Context(), v)
	for n := range openIssues(prs, c, y.Year) {
		next = max(next, n+1)
	}
	d := bulletinData{County: c, Year: y, Form: bulletinFields{Date: s.opt.Now().String(), Issue: strconv.Itoa(next)}}
	s.render(w, r, http.StatusOK, "bulletin", &page{Title: "写工作简报", Login: v.login, Flash: note, Data: d})
}

// bulletinPost checks the bulletin over the base tree and opens the county admin's pull
// request adding <year>/bulletins/<slug>.md; with any finding nothing is committed.
func (s *Server) bulletinPost(w http.ResponseWriter, r *http.Request, v *visit) {
	c := s.countyOf(w, r, v)
	if c == nil {
		return
	}
	if !s.readUpload(w, r, v, "bulletin", c.ID, "一次上传的照片太大（每张不超过 20 MiB，每次最多 2 张），没有提交。请返回后压缩照片再提交。", "表单无法读取（可能正文太长），请重新填写。") {
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	y := s.currentYear(w, r, v)
	if y == nil {
		return
	}
	d := bulletinData{County: c, Year: y, Form: bulletinFields{
		Title: strings.TrimSpace(r.PostFormValue("title")), Date: strings.TrimSpace(r.PostFormValue("date")),
		Issue: strings.TrimSpace(r.PostFormValue("issue")), Body: r.PostFormValue("body"),
	}}
	prs, _ := s.openPRs(r.Context(), v)
	if n, err := strconv.Atoi(d.Form.Issue); err == nil {
		if pr, taken := openIssues(prs, c, y.Year)[n]; taken {
			d.Found = findings{ByField: map[string][]finding{"issue": {{Field: "issue",
				Message: fmt.Sprintf("第 %d 期简报已在未合并的合并请求 #%d 中；同一发布单位的期号不能重复，请改用下一期。", n, pr.Number)}}}, Errors: 1}
			s.render(w, r, http.StatusUnprocessableEntity, "bulletin", &page{Title: "写工作简报", Login: v.login, Flash: "没有提交。", Data: d})
			return
		}
	}
	slug := fmt.Sprintf("%s-%d-%s", c.ID, y.Year, d.Form.Issue)
	if !content.ValidID(slug) {
		slug = c.ID + "-" + strconv.Itoa(y.Year) + "-" + stamp()
	}
	for n := 2; exists(v.fsys, path.Join(y.Dir, "bulletins", slug+".md")); n++ {
		slug = fmt.Sprintf("%s-%d-%s-%d", c.ID, y.Year, d.Form.Issue, n)
	}
	file := path.Join(y.Dir, "bulletins", slug+".md")
	if !s.submits.enter(r.Context(), v.login, submitWait) { // before the photos are read: each check reads the whole tree
		s.audit.log(r, v.login, "bulletin", c.ID, "refused", "busy")
		s.render(w, r, http.StatusServiceUnavailable, "bulletin", &page{Title: "写工作简报", Login: v.login, Flash: busyMessage + againPhotos(r), Data: d})
		return
	}
	defer s.submits.leave(v.login)
	photos, bad := readBulletinPhotos(r, v.fsys, path.Dir(file), slug)
	if bad.Errors > 0 {
		s.audit.log(r, v.login, "bulletin", c.ID, "refused", "photo")
		d.Found = bad
		s.render(w, r, http.StatusUnprocessableEntity, "bulletin", &page{Title: "写工作简报", Login: v.login, Flash: "没有提交。" + againPhotos(r), Data: d})
		return
	}
	files := map[string][]byte{}
	shown := d.Form
	for _, p := range photos {
		files[path.Join(path.Dir(file), p.name)] = p.data
		shown.Body = withPhoto(shown.Body, p.name, photoTitle(r))
	}
	text := bulletinText(shown, c.ID)
	files[file] = []byte(text)
	found, pr, msg := s.proposeInTurn(r, v, "bulletin", c.ID, Change{
		Branch: "desk/" + c.ID + "/bulletin-" + slug + "-" + stamp(), Title: fmt.Sprintf("简报：%s 第 %s 期 %s", c.Name, d.Form.Issue, d.Form.Title),
		Body:    fmt.Sprintf("%s通过申报工作台发布第 %s 期工作简报。", pullreq.MarkdownText(c.Name), pullreq.MarkdownText(d.Form.Issue)),
		Message: fmt.Sprintf("%s第 %s 期工作简报：%s", c.Name, d.Form.Issue, d.Form.Title),
		Files:   files,
	}, func(d diag.Diagnostic) string {
		if d.Pos.File != file {
			return "photo" // a photo's own finding (over 20 MiB)
		}
		line := d.Pos.Line
		switch k := keyAt(text, line); k {
		case "title", "date", "issue", "body":
			return k
		}
		return ""
	})
	if pr == nil {
		d.Found = found
		s.render(w, r, http.StatusUnprocessableEntity, "bulletin", &page{Title: "写工作简报", Login: v.login, Flash: msg + againPhotos(r), Data: d})
		return
	}
	s.done(w, r, v, "工作简报", pr, s.path("county/"+c.ID+"/"))
}

func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}
