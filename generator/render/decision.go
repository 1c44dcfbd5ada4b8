package render

import (
	"strconv"
	"strings"

	"wuxiao/generator/urls"
)

// Decision is the text of a year's 表彰决定 once final, or of its 公示 while in notice: the
// page <year>/decision/ shows it for printing and <year>/<File> holds it as a Word
// document the office can edit and send. One text feeds both.
type Decision struct {
	Year       *Year
	Title      string
	Doc        string // 文号, "" without one
	Salutation string
	Paragraphs []string
	Annex      string // the list's title
	Groups     []*AwardGroup
	Units      []*Unit
	Sign       []string
	Date       string
	File       string // the .docx, relative to the site root (ASCII: any host serves it)
}

// DecisionOf is year y's document, nil unless its results are public.
func (s *Site) DecisionOf(y *Year) *Decision {
	if y == nil || !y.Public {
		return nil
	}
	d := &Decision{Year: y, Doc: y.ResultsDoc, Groups: y.ByAward, Units: y.WinningUnits, Sign: s.Organizers,
		Salutation: "各县（区）总工会、产业工会、市直单位工会，各基层工会："}
	if to := y.Phases.Award.To; !to.IsZero() {
		d.Date = strconv.Itoa(to.Year()) + "年" + strconv.Itoa(int(to.Month())) + "月"
	}
	counts := []string{}
	for _, g := range y.ByAward {
		counts = append(counts, g.Award+" "+itoa(len(g.Results))+" 项")
	}
	first := ""
	if len(y.Results) > 0 {
		first = "“" + y.Results[0].Title + "”等 "
	}
	units := ""
	if len(y.WinningUnits) > 0 {
		units = y.WinningUnits[0].Name + "等 " + itoa(len(y.WinningUnits)) + " 个单位"
	}
	org := "市总工会"
	if s.City != nil {
		org = s.City.Name
	}
	intro := y.Title + "开展以来，各级工会组织广大职工、师生和农业领域工作人员围绕小发明、小创造、小革新、小设计、小建议，广泛开展群众性技术创新活动，涌现出一批实用性强、效益显著的优秀成果。"
	if y.Provisional() {
		d.Title = y.Title + "拟表彰成果公示"
		d.Salutation = ""
		p := "经基层工会、县（区）总工会和产业工会、市直单位工会逐级评审推荐，市级专家考核评选，拟对" + first + itoa(len(y.Results)) + " 项优秀成果予以表彰（" + strings.Join(counts, "，") + "）"
		if units != "" {
			p += "，拟授予" + units + "“优胜单位”称号"
		}
		p += "，现予以公示。"
		d.Paragraphs = []string{intro, p}
		if n := y.Notice; n != nil {
			d.Paragraphs = append(d.Paragraphs, "公示期："+cnDate(n.From)+"至"+cnDate(n.To)+"。")
		}
		d.Paragraphs = append(d.Paragraphs,
			"公示期间，任何单位和个人对公示成果有异议的（如重复申报，冒用、盗用他人成果等），可在公示期内以书面形式向"+org+"经济技术部反映。反映问题应实事求是、内容具体，并提供必要的证明材料；以单位名义反映的须加盖公章，以个人名义反映的须署真实姓名。逾期或匿名反映的不予受理。")
		d.Annex = "附件：" + y.Title + "拟表彰成果" + map[bool]string{true: "和优胜单位", false: ""}[units != ""] + "名单"
	} else {
		d.Title = "关于表彰" + y.Title + "优秀成果" + map[bool]string{true: "和优胜单位", false: ""}[units != ""] + "的决定"
		p := "经基层工会、县（区）总工会和产业工会、市直单位工会逐级评审推荐，市级专家考核评选，并经公示无异议，决定对" + first + itoa(len(y.Results)) + " 项优秀成果予以表彰（" + strings.Join(counts, "，") + "）"
		if units != "" {
			p += "；授予" + units + "“优胜单位”称号"
		}
		p += "。"
		d.Paragraphs = []string{intro, p,
			"希望受到表彰的单位和个人珍惜荣誉、再接再厉，充分发挥示范带动作用。各级工会要广泛宣传、推广应用优秀成果，推动“五小”竞赛深入持久开展，为经济社会高质量发展作出新的贡献。"}
		d.Annex = "附件：" + y.Title + "优秀成果" + map[bool]string{true: "和优胜单位", false: ""}[units != ""] + "名单"
	}
	d.File = urls.Decision(y.Year) + map[bool]string{true: "gongshi", false: "jueding"}[y.Provisional()] + "-" + itoa(y.Year) + ".docx"
	return d
}

// Decision is the document of the page's year.
func (p *PageData) Decision() *Decision { return p.Site.DecisionOf(p.Year) }

// writeDecisions writes each public year's document as a .docx.
// The annex's deflated pieces are kept by the page cache when it keeps them (Deflates).
func (r *renderer) writeDecisions() error {
	kept, _ := r.opt.Pages.(Deflates)
	for _, y := range r.site.Years {
		d := r.site.DecisionOf(y)
		if d == nil {
			continue
		}
		if err := r.writeYearFile(y, d.File, true, func() ([]byte, error) { return d.DOCXWith(kept) }, nil); err != nil {
			return err
		}
	}
	return nil
}
