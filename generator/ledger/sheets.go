package ledger

import (
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
}

// sheets lays the ledger out as the office's three tables.
func (l *Ledger) sheets() []sheet {
	return []sheet{l.submissionSheet(), l.bodySheet(), l.coverageSheet()}
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
	for _, a := range []string{"特等奖", "一等奖", "二等奖", "三等奖"} {
		s.columns = append(s.columns, column{a, integer})
	}
	s.columns = append(s.columns, column{"获奖合计", integer})
	for _, b := range l.Bodies {
		var rate any
		if b.Registered > 0 {
			rate = float64(b.TookPart) / float64(b.Registered)
		}
		row := []any{b.Name, b.Type, b.Registered, b.TookPart, rate, b.Submissions}
		won := 0
		for _, n := range b.ByCategory {
			row = append(row, n)
		}
		for _, n := range b.ByAward {
			row = append(row, n)
			won += n
		}
		s.rows = append(s.rows, append(row, won))
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
