package ledger

import (
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"wuxiao/generator/award"
	"wuxiao/generator/content"
)

// WriteXLSX writes the ledger as an Excel workbook (WPS and LibreOffice open it too): one
// sheet per table, Chinese headers, the header row frozen and with filter buttons, numbers
// and dates as typed cells, totals as formulas, columns as wide as their longest cell (a
// Chinese character counts two), and each sheet set to print on A4 landscape, as wide as
// one page, the header row repeated on every page. The file's date is l.Date.
func (l *Ledger) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	title := l.Title
	if title == "" {
		title = "“五小”竞赛"
	}
	date := l.Date
	if date.IsZero() {
		date = time.Now()
	}
	stamp := date.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Title: title + "工作台帐", Creator: "wuxiao", LastModifiedBy: "wuxiao",
		Language: "zh-CN", Created: stamp, Modified: stamp}); err != nil {
		return err
	}
	recalc := true // spreadsheets compute the formulas again when they open the file
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &recalc}); err != nil {
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
			err = writeSheet(f, s, st, title)
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
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	if err != nil {
		return nil, err
	}
	dateFmt, scoreFmt, pctFmt := "yyyy-mm-dd", "0.00", "0.0%"
	top := &excelize.Alignment{Vertical: "top"}
	for k, style := range map[kind]*excelize.Style{
		text:    {Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}, // long texts wrap within 24 columns
		integer: {Alignment: top},
		decimal: {Alignment: top},
		date:    {CustomNumFmt: &dateFmt, Alignment: top},
		score:   {CustomNumFmt: &scoreFmt, Alignment: top},
		percent: {CustomNumFmt: &pctFmt, Alignment: top},
	} {
		if s.byKind[k], err = f.NewStyle(style); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// A column is at most maxWidth wide (a Chinese character counts two); a longer text wraps
// onto lines of lineHeight points.
const (
	maxWidth   = 24
	lineHeight = 14.5
)

func writeSheet(f *excelize.File, s sheet, st *styles, title string) error {
	widths := make([]int, len(s.columns))
	for i, c := range s.columns {
		w := award.Width(c.header)
		for _, row := range s.rows {
			w = max(w, award.Width(plain(row[i], c.kind)))
		}
		widths[i] = min(max(w, 4), maxWidth)
		col := cell(i+1, 1)
		col = col[:len(col)-1]
		if err := f.SetColWidth(s.name, col, col, float64(widths[i]+2)); err != nil {
			return err
		}
	}
	// rows as tall as their longest wrapped text: spreadsheets do not all measure it on opening
	for r, row := range s.rows {
		lines := 1
		for i, v := range row {
			lines = max(lines, (award.Width(plain(v, s.columns[i].kind))+widths[i]-1)/widths[i])
		}
		if lines > 1 {
			if err := f.SetRowHeight(s.name, r+2, float64(lines)*lineHeight+2); err != nil {
				return err
			}
		}
	}
	if err := f.SetRowHeight(s.name, 1, 2*lineHeight+2); err != nil { // headers wrap to two lines at most
		return err
	}
	for i, c := range s.columns {
		if err := f.SetCellStr(s.name, cell(i+1, 1), c.header); err != nil {
			return err
		}
	}
	last := cell(len(s.columns), 1)
	if err := f.SetCellStyle(s.name, "A1", last, st.header); err != nil {
		return err
	}
	for r, row := range s.rows {
		for i, v := range row {
			ref := cell(i+1, r+2)
			if err := setCell(f, s.name, ref, v); err != nil {
				return err
			}
			if id := st.byKind[s.columns[i].kind]; id != 0 {
				if err := f.SetCellStyle(s.name, ref, ref, id); err != nil {
					return err
				}
			}
		}
	}
	if err := f.SetSheetDimension(s.name, "A1:"+cell(len(s.columns), len(s.rows)+1)); err != nil {
		return err
	}
	if err := f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	lastData := len(s.rows) + 1
	if s.totals && len(s.rows) > 0 {
		lastData--
	}
	if err := f.AutoFilter(s.name, "A1:"+cell(len(s.columns), max(lastData, 1)), nil); err != nil {
		return err
	}
	return printSetup(f, s.name, title)
}

// setCell writes one value with its type: numbers as numbers, dates as dates, formulas
// with the value they have now.
func setCell(f *excelize.File, sheet, ref string, v any) error {
	switch v := v.(type) {
	case nil:
		return nil
	case content.Date:
		if v.IsZero() {
			return nil
		}
		return f.SetCellValue(sheet, ref, v.Time)
	case formula:
		if err := setCell(f, sheet, ref, v.value); err != nil {
			return err
		}
		return f.SetCellFormula(sheet, ref, v.expr)
	case string:
		return f.SetCellValue(sheet, ref, inert(v)) // never a live formula from a text
	}
	return f.SetCellValue(sheet, ref, v)
}

// printSetup makes a sheet print on A4 landscape, as wide as one page and as long as it
// takes, with the header row on every page and page numbers in the footer.
func printSetup(f *excelize.File, sheet, title string) error {
	size, landscape, wide, tall := 9, "landscape", 1, 0 // 9: A4
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	margin, edge := 0.5, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin, Top: &margin, Bottom: &margin, Header: &edge, Footer: &edge}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&C&\"-,Bold\"" + escapeHF(title) + " " + escapeHF(sheet),
		OddFooter: "&C第 &P 页，共 &N 页",
	}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet})
}

// escapeHF doubles the ampersands of text going into a header or footer.
func escapeHF(s string) string { return strings.ReplaceAll(s, "&", "&&") }
