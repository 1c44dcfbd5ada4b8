package award

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Print writes the analysis for the office: the ranked table, review coverage, conflicts,
// results that take no part, the comparison with results.yaml and the winning-units proposal.
func (a *Analysis) Print(w io.Writer) error {
	p := &printer{w: w}
	a.printHeader(p)
	a.printTable(p)
	a.printCoverage(p)
	a.printComparison(p)
	a.printWinning(p)
	return p.err
}

// printer remembers the first write error so the report reads straight.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (a *Analysis) printHeader(p *printer) {
	c := a.Year.Competition
	title := strconv.Itoa(a.Year.Year) + "年"
	if c != nil && c.Title != "" {
		title = c.Title
	}
	p.f("%s：%d 项成果，%d 位专家的评分；每项至少 %d 位专家\n", title, len(a.Year.Submissions), len(a.Year.Reviews), a.MinReviews())
	if c != nil {
		var q []string
		for _, l := range Levels {
			if n, ok := c.Quotas[l]; ok {
				s := fmt.Sprintf("%s %d 名", l, n)
				if m, ok := c.MinScores[l]; ok {
					s += fmt.Sprintf("（最低 %g 分）", m)
				}
				q = append(q, s)
			}
		}
		p.f("名额：%s\n", strings.Join(q, "、"))
	}
	p.f("得分：每位专家各评分项之和的平均分；5 位及以上专家时去掉一个最高分和一个最低分。同分同名次。\n\n")
}

func (a *Analysis) printTable(p *printer) {
	rows := [][]string{{"名次", "得分", "专家", "回避", "拟授奖项", "results.yaml", "差异", "成果", "项目名称"}}
	for _, pr := range a.Proposals {
		id := pr.Submission.ID()
		rank, score := "—", "—"
		if pr.Ranked {
			rank = strconv.Itoa(pr.Rank)
		}
		if len(pr.Sums) > 0 {
			score = fmt.Sprintf("%.2f", pr.Value)
		}
		cur := a.Current[id]
		diff := ""
		curAward := dash(cur.Award)
		switch {
		case cur.Revoked:
			diff, curAward = "已撤销", cur.Award+"（撤）"
		case a.Skip[id]:
			diff = "未通过检查"
		case cur.Override != "" && cur.Award != pr.Award:
			diff = "有理由"
		case cur.Award != pr.Award:
			diff = "≠"
		case !pr.Ranked:
			diff = "评分不足"
		}
		rows = append(rows, []string{rank, score, strconv.Itoa(len(pr.Sums)), strconv.Itoa(len(pr.Conflicted)),
			dash(pr.Award), curAward, diff, id, pr.Submission.Title})
	}
	for _, l := range a.Unknown {
		rows = append(rows, []string{"—", "—", "0", "0", "—", l.Award, "≠", l.Submission, "（本年度没有这项成果）"})
	}
	p.table(rows, map[int]bool{1: true, 2: true, 3: true})
	p.f("\n")
}

func (a *Analysis) printCoverage(p *printer) {
	min := a.MinReviews()
	var few, conflicts []string
	reached := 0
	for _, pr := range a.Proposals {
		if pr.Ranked {
			reached++
		} else {
			few = append(few, fmt.Sprintf("%s（%d 位）", pr.Submission.ID(), len(pr.Sums)))
		}
		for _, e := range pr.Conflicted {
			conflicts = append(conflicts, fmt.Sprintf("%s → %s（%s）", a.expertName(e), pr.Submission.ID(), a.unitName(pr.Submission.Unit)))
		}
	}
	p.f("评审覆盖：%d 项成果中 %d 项有至少 %d 位专家的有效评分", len(a.Proposals), reached, min)
	if len(few) == 0 {
		p.f("，全部达到。\n")
	} else {
		p.f("；以下 %d 项评分不足，不参加排名：\n", len(few))
		list(p, few)
	}
	if len(conflicts) == 0 {
		p.f("利益冲突：没有专家评审本单位或下属单位的成果。\n")
	} else {
		p.f("利益冲突：以下 %d 个评分因专家评审本单位或下属单位的成果而不计入（wuxiao check 的 review 规则会报错）：\n", len(conflicts))
		list(p, conflicts)
	}
	var skipped []string
	for _, pr := range a.Proposals {
		if a.Skip[pr.Submission.ID()] {
			skipped = append(skipped, pr.Submission.ID())
		}
	}
	if len(skipped) > 0 {
		p.f("未通过检查的 %d 项成果不参加评奖（运行 wuxiao check 查看原因）：\n", len(skipped))
		list(p, skipped)
	}
	p.f("\n")
}

func (a *Analysis) printComparison(p *printer) {
	switch {
	case a.Year.Results == nil:
		p.f("还没有 results.yaml；用 --write 按上表写出草稿（status: draft）。\n\n")
	case a.Differ == 0:
		p.f("results.yaml（%s）与按评分顺序拟授的奖项一致。\n\n", a.Year.Results.Status)
	default:
		p.f("results.yaml（%s）有 %d 处与拟授奖项不同（上表“差异”一栏标 ≠）；偏离评分顺序须在该行填写 override 说明理由。\n\n", a.Year.Results.Status, a.Differ)
	}
}

func (a *Analysis) printWinning(p *printer) {
	p.f("优胜单位建议（仅供评委会参考，不会写入 results.yaml）\n")
	pts := a.Year.Competition.Points()
	each := make([]string, len(Levels))
	for i, l := range Levels {
		each[i] = fmt.Sprintf("%s %d 分", l, pts[l])
	}
	p.f("计分（competition.yaml 的 winning_points）：%s，%s；已撤销的奖项不计分。\n", strings.Join(each, "、"), a.Counted)
	p.f("县区、产业、市直工会按“每个登记基层单位的平均得分”（得分 ÷ 登记的基层单位数）排序，基层单位按得分排序。\n\n")
	chosen := map[string]bool{}
	if a.Year.Results != nil {
		for _, id := range a.Year.Results.WinningUnits {
			chosen[id] = true
		}
	}
	mark := func(id string) string {
		if chosen[id] {
			return "是"
		}
		return ""
	}
	rows := [][]string{{"序号", "县区/产业/市直工会", "得分", "特/一/二/三等奖", "基层单位", "参赛单位", "平均得分", "已列为优胜单位"}}
	for i, s := range a.Bodies {
		rows = append(rows, []string{strconv.Itoa(i + 1), s.Unit.Name, strconv.Itoa(s.Points), awards(s.Awards),
			strconv.Itoa(s.Registered), strconv.Itoa(s.TookPart), fmt.Sprintf("%.2f", s.PerUnit), mark(s.Unit.ID)})
	}
	p.table(rows, map[int]bool{2: true, 4: true, 5: true, 6: true})
	const top = 20
	p.f("\n基层单位（前 %d 名）：\n", top)
	rows = [][]string{{"序号", "基层单位", "得分", "特/一/二/三等奖", "已列为优胜单位"}}
	for i, s := range a.Units {
		if i == top {
			break
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), s.Unit.Name, strconv.Itoa(s.Points), awards(s.Awards), mark(s.Unit.ID)})
	}
	p.table(rows, map[int]bool{2: true})
	if a.Year.Results != nil && len(a.Year.Results.WinningUnits) > 0 {
		var names []string
		for _, id := range a.Year.Results.WinningUnits {
			names = append(names, a.unitName(id))
		}
		p.f("\nresults.yaml 现列的优胜单位：%s\n", strings.Join(names, "、"))
	} else {
		p.f("\nresults.yaml 还没有列出优胜单位（winning_units），须由评委会决定后手工填写。\n")
	}
}

func (a *Analysis) unitName(id string) string {
	if n := a.unitNames[id]; n != "" {
		return n
	}
	return id
}

func (a *Analysis) expertName(id string) string {
	if e := a.experts[id]; e != nil {
		return e.Name + "（" + id + "）"
	}
	return id
}

func awards(n [4]int) string {
	return fmt.Sprintf("%d/%d/%d/%d", n[0], n[1], n[2], n[3])
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func list(p *printer, items []string) {
	for _, s := range items {
		p.f("  %s\n", s)
	}
}

// table prints rows in aligned columns, counting a CJK character as two columns;
// columns in right are right-aligned. The last column is not padded.
func (p *printer) table(rows [][]string, right map[int]bool) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], Width(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		b.Reset()
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-Width(c))
			switch {
			case i == len(r)-1:
				b.WriteString(c)
			case right[i]:
				b.WriteString(pad + c + "  ")
			default:
				b.WriteString(c + pad + "  ")
			}
		}
		p.f("%s\n", strings.TrimRight(b.String(), " "))
	}
}

// Width is how many terminal or spreadsheet columns s takes: East Asian wide and fullwidth
// characters (汉字, fullwidth punctuation such as ，〔〕) count two.
func Width(s string) int {
	n := 0
	for _, r := range s {
		n++
		if wide(r) {
			n++
		}
	}
	return n
}

func wide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115f, r >= 0x2e80 && r <= 0xa4cf && r != 0x303f, r >= 0xac00 && r <= 0xd7a3,
		r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f, r >= 0xff00 && r <= 0xff60,
		r >= 0xffe0 && r <= 0xffe6, r >= 0x20000 && r <= 0x3fffd:
		return true
	}
	return false
}
