package desk

import (
	"fmt"
	"io/fs"
	"math"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"wuxiao/generator/content"
	"wuxiao/generator/scaffold"
)

// maxAuthors is the contract's limit on authors.
const maxAuthors = 10

// declaration is the declaration form's answers, as typed.
type declaration struct {
	Title        string   `json:"title"`
	Category     string   `json:"category"`
	Innovation   string   `json:"innovation"`
	Group        string   `json:"group"`
	Authors      []author `json:"authors"`
	Submitted    string   `json:"submitted"`
	Started      string   `json:"started"`
	Completed    string   `json:"completed"`
	Summary      string   `json:"summary"`
	Economic     string   `json:"economic"`
	Social       string   `json:"social"`
	Studio       string   `json:"studio"`
	Tags         string   `json:"tags"`
	ContactName  string   `json:"contact_name"`
	ContactPhone string   `json:"contact_phone"`
	Body         string   `json:"body"`
	CommendDoc   string   `json:"commend_doc"`   // the unit's own commendation: 文号
	CommendDate  string   `json:"commend_date"`  // its date
	CommendAward string   `json:"commend_award"` // the award it gave

	Long []string `json:"-"` // the form fields that were longer than formLimit, cut short
	Bad  []string `json:"-"` // the form fields that were not UTF-8 text
}

type author struct {
	Name string `json:"name"`
	Role string `json:"role"`
	Job  string `json:"job"`
}

// formLimit bounds each text field, so a post cannot grow a draft without end.
const formLimit = 64 << 10

// readDeclaration reads the form's fields from a parsed request.
func readDeclaration(r *http.Request) declaration {
	var long, bad []string
	v := func(k string) string {
		s := r.PostFormValue(k)
		if !utf8.ValidString(s) {
			bad = append(bad, k)
		}
		if len(s) > formLimit {
			s = strings.ToValidUTF8(s[:formLimit], "")
			long = append(long, k)
		}
		return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	}
	d := declaration{
		Title: v("title"), Category: v("category"), Innovation: v("innovation"), Group: v("group"),
		Submitted: v("submitted"), Started: v("started"), Completed: v("completed"), Summary: v("summary"),
		Economic: v("economic"), Social: v("social"), Studio: v("studio"), Tags: v("tags"),
		ContactName: v("contact_name"), ContactPhone: v("contact_phone"), Body: v("body"),
		CommendDoc: v("commend_doc"), CommendDate: v("commend_date"), CommendAward: v("commend_award"),
	}
	for i := 0; i < maxAuthors; i++ {
		n := strconv.Itoa(i)
		a := author{Name: v("author_name_" + n), Role: v("author_role_" + n), Job: v("author_job_" + n)}
		if a != (author{}) {
			d.Authors = append(d.Authors, a)
		}
	}
	d.Long, d.Bad = long, bad
	return d
}

// unreadable are the dates and the number the form holds that the desk cannot read, and the
// fields it had to cut short, each at its field: what was typed would be lost.
func (d declaration) unreadable() findings {
	out := findings{ByField: map[string][]finding{}}
	add := func(field, msg string) {
		out.ByField[field] = append(out.ByField[field], finding{Field: field, Message: msg})
		out.Errors++
	}
	for _, f := range []struct{ field, value string }{{"submitted", d.Submitted}, {"started", d.Started}, {"completed", d.Completed}} {
		if _, err := content.ParseDate(f.value); f.value != "" && err != nil {
			add(f.field, fmt.Sprintf("“%s”不是日期，请写成 2026-01-05 这样的年-月-日。", f.value))
		}
	}
	field := func(k string) string {
		switch {
		case strings.HasPrefix(k, "author_"):
			return "authors"
		case strings.HasPrefix(k, "contact_"):
			return "contact"
		case strings.HasPrefix(k, "commend_"):
			return "commendation"
		}
		return k
	}
	for _, k := range d.Long {
		add(field(k), fmt.Sprintf("太长（超过 %d KiB），超出的部分没有保存；请删减后再提交。", formLimit>>10))
	}
	for _, k := range d.Bad {
		add(field(k), "含有无法识别的字符（不是正常的文字编码）；请重新输入这一项，不要从其他软件粘贴特殊字符。")
	}
	if f, err := strconv.ParseFloat(d.Economic, 64); d.Economic != "" && (err != nil || math.IsInf(f, 0) || math.IsNaN(f)) {
		add("economic", fmt.Sprintf("“%s”不是数字；年经济效益只填数字（单位是万元），如 8.5。", d.Economic))
	}
	return out
}

// submission is the declaration as the checker's type, with its proofs.
func (d declaration) submission(proofs []proof) *content.Submission {
	date := func(s string) content.Date { t, _ := content.ParseDate(s); return t }
	s := &content.Submission{
		Title: d.Title, Category: d.Category, Innovation: d.Innovation, Group: d.Group,
		Submitted: date(d.Submitted), Started: date(d.Started), Completed: date(d.Completed),
		Summary: d.Summary, Studio: d.Studio, Body: d.Body, Benefit: content.Benefit{Social: d.Social},
	}
	if f, err := strconv.ParseFloat(d.Economic, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		s.Benefit.Economic = f // a negative one too: the checker says it must not be
	}
	for _, a := range d.Authors {
		s.Authors = append(s.Authors, content.Author{Name: a.Name, Role: a.Role, Job: a.Job})
	}
	s.Tags = strings.FieldsFunc(d.Tags, func(r rune) bool { return strings.ContainsRune(" ,，、;；", r) })
	if d.ContactName != "" || d.ContactPhone != "" {
		s.Contact = &content.Person{Name: d.ContactName, Phone: d.ContactPhone}
	}
	for _, p := range proofs {
		s.Attachments = append(s.Attachments, content.Attachment{File: p.File, Title: p.Title, SHA256: p.SHA256, Public: p.Public})
	}
	return s
}

// openYear is the year at work on day: the one whose phases (organize to award) hold it,
// else the latest year with a competition.
func openYear(tree *content.Tree, day content.Date) *content.Year {
	var last *content.Year
	for _, y := range tree.Years {
		if y.Competition == nil {
			continue
		}
		ph := y.Competition.Phases
		if (content.Span{From: ph.Organize.From, To: ph.Award.To}).Contains(day) {
			return y
		}
		last = y
	}
	return last
}

// files are the pull request's files for draft dr of unit u: the submission, its proofs
// (read when checked and sent) and, when the year asks for it, the unit's own commendation.
func (s *Server) files(v *visit, u *content.Unit, y *content.Year, dr *draft) (map[string][]byte, content.LazyFS, string, error) {
	dir := path.Join(y.Dir, "submissions", u.ID)
	slug := scaffold.Slug(dr.Form.Title, "chengguo", func(x string) bool {
		_, err := fs.Stat(v.fsys, path.Join(dir, x+".md"))
		return err == nil
	})
	id := u.ID + "/" + slug
	sub := dr.Form.submission(dr.Proofs)
	ctx := scaffold.SubmissionContext{SchemaURL: scaffold.SchemaURL(v.tree, "submission"), ID: id, Year: y.Year, Sector: u.Sector}
	out := map[string][]byte{path.Join(dir, slug+".md"): []byte(scaffold.SubmissionText(sub, ctx))}
	proofs := content.LazyFS{}
	for _, p := range dr.Proofs {
		kept, err := s.drafts.lazyProof(v.login, u.ID, p.SHA256)
		if err != nil {
			return nil, nil, "", fmt.Errorf("证明材料“%s”已丢失，请重新上传", p.Title)
		}
		proofs[path.Join(y.Dir, "attachments", u.ID, p.File)] = kept
	}
	for _, level := range y.Competition.PriorCommendation {
		if level == "grassroots" {
			out[path.Join(y.Dir, "commendations", u.ID, slug+".yaml")] = []byte(commendationText(dr.Form, id))
		}
	}
	return out, proofs, id, nil
}

// commendationText is the unit's own commendation of one result.
func commendationText(d declaration, id string) string {
	or := func(s string) string {
		if s == "" {
			return content.Placeholder
		}
		return s
	}
	return fmt.Sprintf("# 本单位工会对成果 %s 的表彰文件（由申报工作台写出）。\ndoc: %s\ndate: %s\nawards:\n  - submission: %s\n    award: %s\n",
		id, yamlString(or(d.CommendDoc)), yamlString(or(d.CommendDate)), id, yamlString(or(d.CommendAward)))
}

// yamlString quotes s as a YAML double-quoted scalar (Go's escapes are YAML's, FuzzYAMLString).
// Bytes that are not UTF-8 become U+FFFD: Go writes a byte as \xff, which YAML reads as the
// letter ÿ, another text without a sign.
func yamlString(s string) string {
	return strconv.Quote(strings.ToValidUTF8(s, "\uFFFD"))
}

// currentYear is the competition the desk works on today; without one it answers the
// request with 409 and returns nil.
func (s *Server) currentYear(w http.ResponseWriter, r *http.Request, v *visit) *content.Year {
	y := openYear(v.tree, s.opt.Now())
	if y == nil {
		s.fail(w, r, http.StatusConflict, "内容仓库中还没有竞赛设置。")
	}
	return y
}

// readForm parses a posted form of at most limit bytes; a form it cannot read is answered
// with 400 and false.
func (s *Server) readForm(w http.ResponseWriter, r *http.Request, limit int64) bool {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return false
	}
	return true
}
