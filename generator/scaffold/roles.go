package scaffold

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"wuxiao/generator/content"
)

// Pending lists the submissions of year (by id) that issuer has still to commend: for a
// county, industry or direct union its grassroots units' declared results it has not
// recommended yet; for a grassroots union its own results it has not commended [五(三)].
func Pending(tree *content.Tree, year int, issuer string) ([]*content.Submission, error) {
	y, err := needCompetition(tree, year)
	if err != nil {
		return nil, err
	}
	var unit *content.Unit
	parent := map[string]string{}
	for _, u := range tree.Units {
		parent[u.ID] = u.Parent
		if u.ID == issuer {
			unit = u
		}
	}
	if unit == nil {
		return nil, fmt.Errorf("units.yaml 中没有单位 %q", issuer)
	}
	if unit.Type == "city" {
		return nil, fmt.Errorf("%s 的决定写在 %s/results.yaml 中，不写表彰文件", unit.Name, yearDir(year))
	}
	var out []*content.Submission
	for _, s := range y.Submissions {
		mine := s.Unit == issuer
		if unit.Type != "grassroots" {
			mine = parent[s.Unit] == issuer
		}
		if mine && !listed(y, issuer, s.ID()) {
			out = append(out, s)
		}
	}
	return out, nil
}

// CommendationInput is what NewCommendation needs: the year, the issuing unit and today.
type CommendationInput struct {
	Year  int
	Unit  string
	Today content.Date
}

// NewCommendation plans a commendation document of in.Unit listing every result Pending
// finds, award and 文号 left to fill: a county's recommendation of its units' declared
// results to the city, or a grassroots union's commendation of its own [五(三)].
func NewCommendation(tree *content.Tree, in CommendationInput) (*Plan, error) {
	subs, err := Pending(tree, in.Year, in.Unit)
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return nil, fmt.Errorf("%d 年没有等待 %s 表彰或推荐的成果（已申报、尚未列入它的表彰文件）", in.Year, in.Unit)
	}
	dir := path.Join(yearDir(in.Year), "commendations", in.Unit)
	name := strconv.Itoa(in.Year) + "-tuijian"
	for i := 2; exists(tree.FS, path.Join(dir, name+".yaml")); i++ {
		name = strconv.Itoa(in.Year) + "-tuijian-" + strconv.Itoa(i)
	}
	var lines []string
	p := &Plan{}
	for _, s := range subs {
		lines = append(lines, fmt.Sprintf("{submission: %s, award: %s}  # %s", s.ID(), P, oneLineTitle(s.Title)))
		p.Notes = append(p.Notes, fmt.Sprintf("列入：%s　%s（申报日期 %s）", s.ID(), s.Title, s.Submitted))
	}
	text := newCommendation(tree, in.Year, in.Unit, strings.Join(lines, "\n  - "))
	p.Files = append(p.Files, File{Path: path.Join(dir, name+".yaml"), Data: []byte(text), Created: true})
	p.Notes = append(p.Notes, "不推荐的成果，删去它的那一行；推荐的，填写奖项。")
	return p, nil
}

func oneLineTitle(s string) string { return strings.Join(strings.Fields(s), " ") }

var datePattern = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)

// CompetitionInput asks for a year's competition.yaml.
type CompetitionInput struct {
	Year int
}

// NewCompetition plans <year>/competition.yaml from the latest earlier year's: every date
// shifted by the years between, the year and title renewed, and the notice's 文号, which
// only the city can give, left to fill. Quotas, rubric and the rest are kept for review.
func NewCompetition(tree *content.Tree, fsysRead func(string) ([]byte, error), in CompetitionInput) (*Plan, error) {
	if y := findYear(tree, in.Year); y != nil && y.Competition != nil {
		return nil, fmt.Errorf("%s 已存在", y.Competition.File)
	}
	var prev *content.Year
	for _, y := range tree.Years {
		if y.Year < in.Year && y.Competition != nil {
			prev = y
		}
	}
	if prev == nil {
		return nil, fmt.Errorf("没有 %d 年以前的 competition.yaml 可以沿用；请参照《内容模型》手工建立 %s/competition.yaml", in.Year, yearDir(in.Year))
	}
	data, err := fsysRead(prev.Competition.File)
	if err != nil {
		return nil, err
	}
	shift := in.Year - prev.Year
	text := datePattern.ReplaceAllStringFunc(string(data), func(d string) string {
		m := datePattern.FindStringSubmatch(d)
		y, _ := strconv.Atoi(m[1])
		out := fmt.Sprintf("%04d-%s-%s", y+shift, m[2], m[3])
		if _, err := content.ParseDate(out); err != nil { // 29 February of a year that has none
			out = fmt.Sprintf("%04d-%s-28", y+shift, m[2])
		}
		return out
	})
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(l, "year:"):
			l = "year: " + strconv.Itoa(in.Year)
		case strings.HasPrefix(l, "title:"):
			l = strings.ReplaceAll(l, strconv.Itoa(prev.Year)+"年", strconv.Itoa(in.Year)+"年")
		case strings.HasPrefix(l, "doc:"):
			l = "doc: " + P + "  # 本年竞赛通知的文号"
		}
		lines = append(lines, l)
	}
	head := fmt.Sprintf("# %d 年竞赛设置，沿用 %d 年的 %s：日期已顺延 %d 年。请逐项核对阶段、名额、最低分和评分细则，\n# 并把 %s 换成本年竞赛通知的文号；填完后运行 wuxiao check 检查。\n", in.Year, prev.Year, prev.Competition.File, shift, P)
	p := &Plan{Files: []File{{Path: path.Join(yearDir(in.Year), "competition.yaml"), Data: []byte(head + strings.Join(lines, "\n")), Created: true}}}
	p.Notes = append(p.Notes, fmt.Sprintf("沿用了 %s；名额、评分细则等照旧，请按本年通知核对。", prev.Competition.File))
	return p, nil
}

// ReviewInput asks for an expert's score sheet.
type ReviewInput struct {
	Year   int
	Expert string
}

// NewReview plans the score sheet <year>/reviews/<expert>.yaml: the results assigned to
// him in assignments.yaml, or without that file every eligible result he may score (not
// of his own units, not his own), each rubric key left to fill [五(二)].
func NewReview(tree *content.Tree, in ReviewInput, eligible func(*content.Year, *content.Submission) bool, conflict func(expert, unit string) bool) (*Plan, error) {
	y, err := needCompetition(tree, in.Year)
	if err != nil {
		return nil, err
	}
	var e *content.Expert
	for _, x := range tree.Experts {
		if x.ID == in.Expert {
			e = x
		}
	}
	if e == nil {
		return nil, fmt.Errorf("experts.yaml 中没有专家 %q", in.Expert)
	}
	file := path.Join(y.Dir, "reviews", e.ID+".yaml")
	if exists(tree.FS, file) {
		return nil, fmt.Errorf("%s 已存在；请直接在其中评分", file)
	}
	var subs []*content.Submission
	for _, s := range y.Submissions {
		own := slices.ContainsFunc(s.Authors, func(a content.Author) bool { return a.Name == e.Name })
		switch {
		case y.Assignments != nil:
			if y.Assignments.Assigned(e.ID, s.ID()) {
				subs = append(subs, s)
			}
		case eligible(y, s) && !conflict(e.ID, s.Unit) && !own:
			subs = append(subs, s)
		}
	}
	if len(subs) == 0 {
		return nil, fmt.Errorf("%d 年没有分配给专家 %s（%s）或可由他评审的成果", in.Year, e.Name, e.ID)
	}
	var b strings.Builder
	b.WriteString(modeline(SchemaURL(tree, "review")))
	fmt.Fprintf(&b, "# 专家 %s（%s）%d 年评分表。每项成果按评分细则打分（可有一位小数，如 8.5），不超过该项满分：\n", e.Name, e.ID, in.Year)
	for _, c := range y.Competition.Rubric {
		fmt.Fprintf(&b, "#   %s：%s，满分 %d\n", c.Key, c.Name, c.Max)
	}
	b.WriteString("# comment 是不公开的评语，可不填。把每个 " + P + " 换成分数后运行 wuxiao check 检查。\nscores:\n")
	for _, s := range subs {
		fmt.Fprintf(&b, "  # %s（%s）\n  %s:\n", oneLineTitle(s.Title), s.Unit, s.ID())
		for _, c := range y.Competition.Rubric {
			fmt.Fprintf(&b, "    %s: %s\n", c.Key, P)
		}
	}
	return &Plan{Files: []File{{Path: file, Data: []byte(b.String()), Created: true}}, Notes: []string{fmt.Sprintf("评分表列出 %d 项成果。", len(subs))}}, nil
}
