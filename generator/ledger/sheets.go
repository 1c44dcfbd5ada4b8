package ledger

import (
	"math"
	"strconv"
	"strings"

	"wuxiao/generator/content"
)

// kind is how a column's values are typed in the spreadsheet.
type kind int

const (
	text    kind = iota
	integer      // int
	decimal      // float64, shown as is
	score        // float64, shown with two decimals
	percent      // float64 share, shown as 0.0%
	date         // content.Date
)

// column is one column of a sheet.
type column struct {
	header string
	kind   kind
}

// sheet is one table of the ledger; a nil cell is left empty.
type sheet struct {
	name    string
	columns []column
	rows    [][]any
	totals  bool // the last row sums the others: outside the filter's range
}

// formula is a cell the spreadsheet computes (Excel syntax, without "="), with its value
// as computed here, which CSV shows and a spreadsheet keeps until it recalculates.
type formula struct {
	expr  string
	value any
}

// sheets lays the ledger out as the office's tables: the three it has always had, each
// expert's scores and the liaisons' contacts (both internal, like the whole ledger).
func (l *Ledger) sheets() []sheet {
	return []sheet{l.submissionSheet(), l.bodySheet(), l.coverageSheet(), l.reviewSheet(), l.liaisonSheet()}
}

// cell is the name of the cell at column col (1-based) and row (1-based).
func cell(col, row int) string {
	name := ""
	for c := col; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return name + strconv.Itoa(row)
}

func (l *Ledger) submissionSheet() sheet {
	s := sheet{name: "成果台帐", columns: []column{
		{"序号", integer}, {"县区/产业/市直工会", text}, {"基层单位", text}, {"项目名称", text},
		{"类别", text}, {"创新类型", text}, {"组别", text}, {"主要完成人", text}, {"全部完成人", text},
		{"申报日期", date}, {"投入使用日期", date}, {"年经济效益（万元）", decimal}, {"基层和县区表彰文件", text},
		{"有效评审专家数", integer}, {"得分", score}, {"名次", integer}, {"奖项", text}, {"证书编号", text}, {"成果编号", text},
	}}
	for i, r := range l.Rows {
		var economic, value, rank any
		if r.HasEconomic {
			economic = r.Economic
		}
		if r.Scored {
			value = r.Score
		}
		if r.Rank > 0 {
			rank = r.Rank
		}
		s.rows = append(s.rows, []any{i + 1, r.Body, r.Unit, r.Title, r.Category, r.Innovation, r.Group, r.Lead, r.Authors,
			r.Submitted, r.Completed, economic, r.Commendations, r.Reviews, value, rank, r.Award, r.Certificate, r.ID})
	}
	return s
}

func (l *Ledger) bodySheet() sheet {
	s := sheet{name: "县区统计", columns: []column{
		{"县区/产业/市直工会", text}, {"类型", text}, {"登记基层单位", integer}, {"参赛单位", integer}, {"参赛率", percent}, {"申报成果", integer},
	}}
	for _, c := range categories() {
		s.columns = append(s.columns, column{c, integer})
	}
	prefix := ""
	if l.Provisional {
		prefix = "拟"
	}
	for _, a := range content.Awards {
		s.columns = append(s.columns, column{prefix + a, integer})
	}
	s.columns = append(s.columns, column{prefix + "获奖合计", integer})
	s.totals = true
	first, last := 2, len(l.Bodies) // data rows of the sheet; the total line is row last+1
	for i, b := range l.Bodies {
		r := i + 2
		var rate any
		if b.Registered > 0 {
			rate = float64(b.TookPart) / float64(b.Registered)
		}
		rate = formula{"IF(C" + strconv.Itoa(r) + "=0,\"\",D" + strconv.Itoa(r) + "/C" + strconv.Itoa(r) + ")", rate}
		row := []any{b.Name, b.Type, b.Registered, b.TookPart, rate, b.Submissions}
		won := 0
		for _, n := range b.ByCategory {
			row = append(row, n)
		}
		for _, n := range b.ByAward {
			row = append(row, n)
			won += n
		}
		row = append(row, formula{"SUM(" + cell(12, r) + ":" + cell(15, r) + ")", won})
		if i == len(l.Bodies)-1 && b.Name == "合计" { // the total line: sums of the lines above
			for c := 3; c <= len(row); c++ {
				if c == 5 {
					continue
				}
				if v, ok := row[c-1].(int); ok {
					row[c-1] = formula{"SUM(" + cell(c, first) + ":" + cell(c, last) + ")", v}
				} else if f, ok := row[c-1].(formula); ok {
					row[c-1] = formula{"SUM(" + cell(c, first) + ":" + cell(c, last) + ")", f.value}
				}
			}
		}
		s.rows = append(s.rows, row)
	}
	return s
}

func (l *Ledger) reviewSheet() sheet {
	s := sheet{name: "专家评分", columns: []column{
		{"专家", text}, {"专家代码", text}, {"专家所在单位", text}, {"成果编号", text}, {"项目名称", text}, {"基层单位", text},
	}}
	for _, c := range l.Rubric {
		s.columns = append(s.columns, column{c.Name + "（" + strconv.Itoa(c.Max) + "分）", decimal})
	}
	s.columns = append(s.columns, column{"合计", decimal}, column{"是否计分", text}, column{"评语", text})
	n := len(l.Rubric)
	for i, r := range l.Reviews {
		row := []any{r.Expert, r.ExpertID, r.Affiliation, r.ID, r.Title, r.Unit}
		sum := 0.0
		for _, v := range r.Scores {
			row = append(row, v)
			if f, ok := v.(float64); ok {
				sum += f
			}
		}
		var total any
		if n > 0 {
			total = formula{"SUM(" + cell(7, i+2) + ":" + cell(6+n, i+2) + ")", math.Round(sum*10) / 10}
		}
		counted := "计分"
		if !r.Counted {
			counted = "回避（本单位或下属单位）"
		}
		s.rows = append(s.rows, append(row, total, counted, r.Comment))
	}
	return s
}

func (l *Ledger) liaisonSheet() sheet {
	s := sheet{name: "联络员", columns: []column{
		{"县区/产业/市直工会", text}, {"单位", text}, {"单位代码", text}, {"类型", text},
		{"联络员", text}, {"电话", text}, {"本年申报成果", integer},
	}}
	for _, li := range l.Liaisons {
		s.rows = append(s.rows, []any{li.Body, li.Unit, li.ID, li.Type, li.Name, li.Phone, li.Submissions})
	}
	return s
}

func (l *Ledger) coverageSheet() sheet {
	s := sheet{name: "参赛覆盖", columns: []column{
		{"县区/产业/市直工会", text}, {"基层单位", text}, {"单位代码", text}, {"单位类别", text},
		{"是否参赛", text}, {"申报成果", integer}, {"获奖成果", integer},
	}}
	for _, u := range l.Units {
		took := "否"
		if u.Submissions > 0 {
			took = "是"
		}
		s.rows = append(s.rows, []any{u.Body, u.Unit, u.ID, u.Sector, took, u.Submissions, u.Awarded})
	}
	return s
}

// plain is a cell as text, for CSV and for measuring column widths.
func plain(v any, k kind) string {
	switch v := v.(type) {
	case nil:
		return ""
	case formula:
		return plain(v.value, k)
	case string:
		return inert(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		switch k {
		case score:
			return strconv.FormatFloat(v, 'f', 2, 64)
		case percent:
			return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case content.Date:
		return v.String()
	}
	return ""
}

// inert keeps a text cell from being read as a formula: a text a spreadsheet would
// evaluate (one starting with = + - @, a tab, a carriage return or a line feed, or a
// full-width ＝ ＋ － ＠) gets a leading apostrophe, as spreadsheets expect.
func inert(s string) string {
	for _, p := range []string{"=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠"} {
		if strings.HasPrefix(s, p) {
			return "'" + s
		}
	}
	return s
}
