package scaffold

import (
	"fmt"
	"path"
	"strings"

	"wuxiao/generator/content"
)

// SubmissionContext is what a submission's comments say about where it stands.
type SubmissionContext struct {
	SchemaURL string
	ID        string // <unit>/<slug>
	Year      int
	Sector    string        // the unit's sector, if any
	Organize  *content.Span // the year's organize phase, if known
}

// BodyHint is the body a new submission starts with: the four things a description says.
const BodyHint = `## 解决的问题

` + P + `（生产、工作中遇到了什么问题，造成了什么影响）

## 做法

` + P + `（做了什么改进，用了什么材料和方法，谁做的）

## 应用情况

` + P + `（何时何地投入使用，用了多久，推广到哪里）

## 效果

` + P + `（取得了什么经济效益和社会效益，最好有数字）
`

// SubmissionText writes a submission file from s: the values it holds, the placeholder
// for the required ones it lacks and commented examples for the optional ones it lacks.
func SubmissionText(s *content.Submission, c SubmissionContext) string {
	d := &doc{fields: fieldsOf(content.Submission{})}
	d.b.WriteString("---\n" + modeline(c.SchemaURL))
	d.comment("申报成果 %s（%d 年）。成果编号由文件位置决定：%s/submissions/<单位代码>/<文件名>.md，文件中不写编号。", c.ID, c.Year, yearDir(c.Year))
	d.comment("把每个 %s 换成实际内容；以 # 开头的可选项需要时去掉 # 启用。填完后运行 wuxiao check 检查。", P)
	d.comment("标题、完成人、简介、效益和正文都会公开，不要写电话、身份证号、邮箱；联系方式写在不公开的 contact 中。")
	d.b.WriteString("\n")
	d.key("title", "", orP(s.Title))
	d.key("category", "", orP(s.Category))
	d.key("innovation", "", orP(s.Innovation))
	group, extra := s.Group, ""
	if g := content.GroupOf(c.Sector); g != "" {
		extra = fmt.Sprintf("本单位为%s，应为 %s", content.SectorName(c.Sector), g)
		if group == "" {
			group = g
		}
	}
	d.key("group", extra, orP(group))
	writeAuthors(d, s.Authors)
	extra = ""
	if c.Organize != nil {
		extra = fmt.Sprintf("须在组织推进阶段（%s 至 %s）内", c.Organize.From, c.Organize.To)
	}
	d.key("submitted", extra, dateOrP(s.Submitted))
	if s.Started.IsZero() {
		d.optional("started", "不晚于投入使用日期", fmt.Sprintf("%d-01-01", c.Year))
	} else {
		d.key("started", "不晚于投入使用日期", s.Started.String())
	}
	d.key("completed", "成果投入使用的日期，不晚于申报日期", dateOrP(s.Completed))
	d.key("summary", "一段纯文字，说清做了什么、效果如何", orP(s.Summary))
	writeBenefit(d, s.Benefit)
	if s.Studio == "" {
		d.optional("studio", "", "某某劳模创新工作室")
	} else {
		d.key("studio", "", scalar(s.Studio))
	}
	writeAttachments(d, s.Attachments, c)
	writeContact(d, s.Contact)
	writeTags(d, s.Tags)
	d.b.WriteString("---\n")
	body := strings.TrimSpace(s.Body)
	if body == "" {
		body = BodyHint
	}
	d.b.WriteString(strings.TrimRight(body, "\n") + "\n")
	return d.b.String()
}

func writeAuthors(d *doc, authors []content.Author) {
	d.key("authors", "姓名公开", "")
	if len(authors) == 0 {
		authors = []content.Author{{Role: "主要完成人"}}
	}
	f := fieldsOf(content.Author{})
	sub := &doc{fields: f, indent: "    "}
	for i, a := range authors {
		if i == 0 {
			fmt.Fprintf(&d.b, "  # %s\n", explain(f["name"], ""))
		}
		fmt.Fprintf(&d.b, "  - name: %s\n", orP(a.Name))
		for _, k := range []struct{ key, value, example string }{{"role", a.Role, "主要完成人"}, {"job", a.Job, "机电维修工"}} {
			if i == 0 {
				sub.comment("%s", explain(f[k.key], ""))
			}
			switch {
			case k.value != "":
				sub.line(k.key, scalar(k.value))
			case i == 0:
				fmt.Fprintf(&sub.b, "    # %s: %s\n", k.key, k.example)
			}
		}
		d.b.WriteString(sub.b.String())
		sub.b.Reset()
	}
}

func writeBenefit(d *doc, b content.Benefit) {
	d.key("benefit", "经济效益和社会效益至少填一项，不需要的一项整行删去", "")
	sub := &doc{fields: fieldsOf(content.Benefit{}), indent: "  "}
	hasE, hasS := b.Pos.Has("economic") || b.Economic != 0, b.Social != ""
	switch {
	case hasE:
		sub.key("economic", "数字，不小于 0", number(b.Economic))
	case !hasS:
		sub.key("economic", "数字，不小于 0", P)
	}
	switch {
	case hasS:
		sub.key("social", "", scalar(b.Social))
	case !hasE:
		sub.key("social", "", P)
	}
	d.b.WriteString(sub.b.String())
}

func writeAttachments(d *doc, list []content.Attachment, c SubmissionContext) {
	unit, _, _ := strings.Cut(c.ID, "/")
	where := fmt.Sprintf("文件放在 %s/attachments/%s/ 下，sha256 用 sha256sum 计算，public 默认为 false（不公开）；公开的 jpg、png 照片可以在正文中另起一行写 ![照片说明](文件名) 显示", yearDir(c.Year), unit)
	if len(list) == 0 {
		d.optional("attachments", where, "[{file: yingyong-zhengming.pdf, title: 应用证明, sha256: 填写校验值, public: false}]")
		return
	}
	d.key("attachments", where, "")
	for _, a := range list {
		fmt.Fprintf(&d.b, "  - file: %s\n    title: %s\n    sha256: %s\n", orP(a.File), orP(a.Title), orP(a.SHA256))
		if a.Public {
			d.b.WriteString("    public: true\n")
		}
	}
}

func writeContact(d *doc, p *content.Person) {
	f := fieldsOf(content.Person{})
	if p == nil || p.Name == "" && p.Phone == "" {
		d.optional("contact", fmt.Sprintf("只供工会联系；name 为%s（必填），phone 为%s（可选）", f["name"].Doc, f["phone"].Doc), `{name: 姓名, phone: "电话"}`)
		return
	}
	d.key("contact", "只供工会联系", "")
	sub := &doc{fields: f, indent: "  "}
	sub.key("name", "", orP(p.Name))
	if p.Phone != "" {
		sub.key("phone", "", scalar(p.Phone))
	}
	d.b.WriteString(sub.b.String())
}

func writeTags(d *doc, tags []string) {
	if len(tags) == 0 {
		d.optional("tags", "", "[关键词一, 关键词二]")
		return
	}
	d.key("tags", "", "")
	for _, t := range tags {
		fmt.Fprintf(&d.b, "  - %s\n", scalar(t))
	}
}

// SubmissionInput is what wuxiao new submission starts from.
type SubmissionInput struct {
	Year  int
	Unit  string
	Title string
	Today content.Date
}

// NewSubmission plans a new submission of in.Unit and the commendation stubs it still needs.
func NewSubmission(tree *content.Tree, in SubmissionInput) (*Plan, error) {
	y, err := needCompetition(tree, in.Year)
	if err != nil {
		return nil, err
	}
	var unit *content.Unit
	for _, u := range tree.Units {
		if u.ID == in.Unit {
			unit = u
		}
	}
	if unit == nil {
		return nil, fmt.Errorf("units.yaml 中没有单位 %q", in.Unit)
	}
	if strings.TrimSpace(in.Title) == "" {
		return nil, fmt.Errorf("请用 --title 给出项目名称")
	}
	for _, b := range tree.Banned {
		if b.Unit == unit.ID && b.Name == "" && !b.Decided.IsZero() && b.Decided.Before(in.Today.Time) {
			return nil, fmt.Errorf("%s 已于 %s 被禁止申报（%s），不能新建申报成果 [六(三)]", unit.Name, b.Decided, b.Doc)
		}
	}
	dir := path.Join(y.Dir, "submissions", unit.ID)
	slug := Slug(in.Title, "chengguo", func(s string) bool { return exists(tree.FS, path.Join(dir, s+".md")) })
	s := &content.Submission{Title: in.Title, Submitted: in.Today}
	ctx := SubmissionContext{SchemaURL: SchemaURL(tree, "submission"), ID: unit.ID + "/" + slug, Year: in.Year, Sector: unit.Sector}
	org := y.Competition.Phases.Organize
	if !org.From.IsZero() && !org.To.IsZero() {
		ctx.Organize = &org
	}
	p := &Plan{Files: []File{{Path: path.Join(dir, slug+".md"), Data: []byte(SubmissionText(s, ctx)), Created: true}}}
	if ctx.Organize != nil && !ctx.Organize.Contains(in.Today) {
		p.Notes = append(p.Notes, fmt.Sprintf("注意：今天（%s）不在 %d 年的组织推进阶段（%s 至 %s）内，请把申报日期 submitted 改到这一阶段内。", in.Today, in.Year, org.From, org.To))
	}
	if err := addCommendations(tree, y, unit, ctx.ID, p); err != nil {
		return nil, err
	}
	return p, nil
}
