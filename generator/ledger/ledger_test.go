package ledger_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"wuxiao/generator/award"
	"wuxiao/generator/content"
	"wuxiao/generator/ledger"
)

// minimal builds the ledger of the contract's minimal example (the rules' test tree).
func minimal(t *testing.T) *ledger.Ledger {
	t.Helper()
	tree, _, err := content.Load(os.DirFS("../rules/testdata/base"))
	if err != nil {
		t.Fatal(err)
	}
	return ledger.Build(tree, tree.Years[0], content.NewIndex(tree).Conflict)
}

func TestBuild(t *testing.T) {
	l := minimal(t)
	var got []string
	for _, r := range l.Rows {
		got = append(got, r.Body+" "+r.ID+" "+strconv.FormatFloat(r.Score, 'f', 2, 64)+" "+strconv.Itoa(r.Rank)+" "+r.Award)
	}
	want := []string{ // registry order of bodies and units
		"城区总工会 chengqu-heating/guanwang-loushui 82.00 3 二等奖",
		"城区总工会 chengqu-vocational/diangong-jiaoju 71.00 4 三等奖",
		"矿区总工会 kuangqu-mine1/pidai-jiupian 90.00 1 一等奖",
		"郊区总工会 jiaoqu-farm/dapeng-tongfeng 84.00 2 二等奖",
		"市能源产业工会 energy-power/peidian-xunjian 68.00 5 三等奖",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c := l.Rows[0].Commendations; c != "热力工会发〔2023〕3号（一等奖）；城区工发〔2023〕15号（二等奖）" {
		t.Errorf("commendations of the first row: %s", c)
	}
	total := l.Bodies[len(l.Bodies)-1]
	if total.Name != "合计" || total.Submissions != 5 || total.Registered != 5 || total.TookPart != 5 || total.ByAward != [4]int{0, 1, 2, 2} {
		t.Errorf("total line: %+v", total)
	}
}

// TestXLSXRoundTrip reads the workbook back: right sheets, rows, typed cells, frozen header.
func TestXLSXRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := minimal(t).WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "成果台帐,县区统计,参赛覆盖,专家评分,联络员" {
		t.Fatalf("sheets: %s", got)
	}
	rows, err := f.GetRows("成果台帐")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 {
		t.Fatalf("want a header and 5 rows, got %d", len(rows))
	}
	if h := strings.Join(rows[0][:4], ","); h != "序号,县区/产业/市直工会,基层单位,项目名称" {
		t.Errorf("header: %s", h)
	}
	// Row 4 is the example's first prize: kuangqu-mine1/pidai-jiupian.
	for cell, want := range map[string]string{"D4": "皮带输送机自动纠偏装置", "J4": "2023-09-10", "L4": "35.6", "N4": "3", "O4": "90.00", "P4": "1", "Q4": "一等奖", "R4": award.CertificateNumber(2023, "kuangqu-mine1/pidai-jiupian"), "S4": "kuangqu-mine1/pidai-jiupian"} {
		if got, _ := f.GetCellValue("成果台帐", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	for _, cell := range []string{"A4", "J4", "K4", "L4", "N4", "O4", "P4"} {
		typ, _ := f.GetCellType("成果台帐", cell)
		raw, _ := f.GetCellValue("成果台帐", cell, excelize.Options{RawCellValue: true})
		if _, err := strconv.ParseFloat(raw, 64); err != nil || (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) {
			t.Errorf("%s should be a number cell, got type %v raw %q", cell, typ, raw)
		}
	}
	if raw, _ := f.GetCellValue("成果台帐", "J4", excelize.Options{RawCellValue: true}); raw != "45179" {
		t.Errorf("J4 should hold the date serial of 2023-09-10, got %s", raw)
	}
	for _, cell := range []string{"B4", "D4", "Q4"} {
		if typ, _ := f.GetCellType("成果台帐", cell); typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber {
			t.Errorf("%s should be a text cell, got type %v", cell, typ)
		}
	}
	panes, err := f.GetPanes("成果台帐")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row should be frozen: %+v %v", panes, err)
	}
	if w, _ := f.GetColWidth("成果台帐", "D"); w < 22 || w > 30 {
		t.Errorf("the title column should fit 皮带输送机自动纠偏装置 (22 columns), width %g", w)
	}
	bodies, _ := f.GetRows("县区统计")
	if fm, _ := f.GetCellFormula("县区统计", "E2"); fm != `IF(C2=0,"",D2/C2)` {
		t.Errorf("the rate is %q, want a formula", fm)
	}
	if len(bodies) != 6 || bodies[5][0] != "合计" || bodies[1][4] != "1" { // the computed rate, 100 %
		t.Errorf("county sheet: %q", bodies)
	}
	cover, _ := f.GetRows("参赛覆盖")
	if len(cover) != 6 || cover[1][4] != "是" {
		t.Errorf("coverage sheet: %q", cover)
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := minimal(t).WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatal("the CSV must start with a UTF-8 byte order mark")
	}
	records, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 6 {
		t.Fatalf("want a header and one row per submission (5), got %d", len(records))
	}
	if r := records[3]; r[3] != "皮带输送机自动纠偏装置" || r[9] != "2023-09-10" || r[11] != "35.6" || r[14] != "90.00" || r[16] != "一等奖" {
		t.Errorf("row of the first prize: %q", r)
	}
}

// TestXLSXForTheOffice: what the office meets opening and printing the workbook — filter
// buttons and print setup on every sheet, totals that are formulas, the real extent of
// each sheet, the file's own date, and the internal sheets of scores and liaisons.
func TestXLSXForTheOffice(t *testing.T) {
	l := minimal(t)
	l.Date = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	if err := l.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names := map[string]bool{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Name+"@"+dn.Scope] = true
	}
	for _, sh := range f.GetSheetList() {
		if !names["_xlnm._FilterDatabase@"+sh] {
			t.Errorf("%s: no autofilter", sh)
		}
		if !names["_xlnm.Print_Titles@"+sh] {
			t.Errorf("%s: the header row does not repeat on printed pages", sh)
		}
		pl, err := f.GetPageLayout(sh)
		if err != nil || pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
			t.Errorf("%s: page layout %+v %v, want A4 landscape one page wide", sh, pl, err)
		}
		props, _ := f.GetSheetProps(sh)
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: fit to page is off, so the width fit does nothing", sh)
		}
		dim, _ := f.GetSheetDimension(sh)
		rows, _ := f.GetRows(sh)
		if want := "A1:" + strings.TrimSpace(colName(len(rows[0]))) + strconv.Itoa(len(rows)); dim != want {
			t.Errorf("%s: dimension %s, want %s", sh, dim, want)
		}
	}
	// totals are formulas with their values
	bodies, _ := f.GetRows("县区统计")
	total := len(bodies)
	if fm, _ := f.GetCellFormula("县区统计", "F"+strconv.Itoa(total)); fm != "SUM(F2:F"+strconv.Itoa(total-1)+")" {
		t.Errorf("the total of submissions is %q, want a SUM", fm)
	}
	if v, _ := f.GetCellValue("县区统计", "F"+strconv.Itoa(total)); v != "5" {
		t.Errorf("the total of submissions shows %q, want 5", v)
	}
	if fm, _ := f.GetCellFormula("县区统计", "P2"); fm != "SUM(L2:O2)" {
		t.Errorf("a line's award total is %q, want SUM(L2:O2)", fm)
	}
	props, _ := f.GetDocProps()
	if !strings.HasPrefix(props.Created, "2026-11-25") || !strings.HasPrefix(props.Modified, "2026-11-25") {
		t.Errorf("file dates %s / %s, want the ledger's date", props.Created, props.Modified)
	}
	scores, _ := f.GetRows("专家评分")
	if len(scores) < 2 || !strings.Contains(strings.Join(scores[0], ","), "合计") {
		t.Errorf("expert score sheet: %q", scores)
	}
	contacts, _ := f.GetRows("联络员")
	if len(contacts) < 2 || contacts[0][4] != "联络员" {
		t.Errorf("liaison sheet: %q", contacts)
	}
}

func colName(n int) string {
	name, _ := excelize.ColumnNumberToName(n)
	return name
}

func TestCSVGB18030(t *testing.T) {
	var utf, gb bytes.Buffer
	l := minimal(t)
	if err := l.WriteCSV(&utf); err != nil {
		t.Fatal(err)
	}
	if err := l.WriteCSVGB18030(&gb); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(gb.Bytes(), []byte("皮带")) || bytes.HasPrefix(gb.Bytes(), []byte("\xef\xbb\xbf")) {
		t.Fatal("the GB18030 file holds UTF-8")
	}
	back, err := simplifiedchinese.GB18030.NewDecoder().Bytes(gb.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if string(back) != strings.TrimPrefix(utf.String(), "\ufeff") {
		t.Error("the GB18030 file does not decode to the UTF-8 one")
	}
}
