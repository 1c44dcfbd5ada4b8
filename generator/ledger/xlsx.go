package ledger

import (
	"io"

	"github.com/xuri/excelize/v2"

	"wuxiao/generator/award"
	"wuxiao/generator/content"
)

// WriteXLSX writes the ledger as an Excel workbook (WPS opens it too): one sheet per table,
// Chinese headers, the header row frozen and filterable, numbers and dates as typed cells,
// and columns as wide as their longest cell (a Chinese character counts two).
func (l *Ledger) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	title := l.Title
	if title == "" {
		title = "“五小”竞赛"
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: title + "工作台帐", Creator: "wuxiao", Language: "zh-CN"}); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, s := range l.sheets() {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err == nil {
			err = writeSheet(f, s, st)
		}
		if err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// styles are the workbook's cell styles by column kind, and the header's.
type styles struct {
	header int
	byKind map[kind]int
}

func newStyles(f *excelize.File) (*styles, error) {
	s := &styles{byKind: map[kind]int{}}
	var err error
	s.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	})
	if err != nil {
		return nil, err
	}
	dateFmt, scoreFmt, pctFmt := "yyyy-mm-dd", "0.00", "0.0%"
	for k, style := range map[kind]*excelize.Style{
		date:    {CustomNumFmt: &dateFmt},
		score:   {CustomNumFmt: &scoreFmt},
		percent: {CustomNumFmt: &pctFmt},
	} {
		if s.byKind[k], err = f.NewStyle(style); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func writeSheet(f *excelize.File, s sheet, st *styles) error {
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	for i, c := range s.columns {
		w := award.Width(c.header)
		for _, row := range s.rows {
			w = max(w, award.Width(plain(row[i], c.kind)))
		}
		if err := sw.SetColWidth(i+1, i+1, float64(min(max(w, 6), 60)+2)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(s.columns))
	for i, c := range s.columns {
		header[i] = excelize.Cell{StyleID: st.header, Value: c.header}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	cells := make([]any, len(s.columns))
	for r, row := range s.rows {
		for i, v := range row {
			if d, ok := v.(content.Date); ok {
				v = nil
				if !d.IsZero() {
					v = d.Time
				}
			}
			if text, ok := v.(string); ok {
				v = inert(text)
			}
			cells[i] = excelize.Cell{StyleID: st.byKind[s.columns[i].kind], Value: v}
		}
		ref, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(s.columns), len(s.rows)+1)
	if err != nil {
		return err
	}
	return f.AutoFilter(s.name, "A1:"+last, nil)
}
