package ledger_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestNoFormulaInjection: a text cell that a spreadsheet would read as a formula (= + - @,
// a tab or a carriage return first) is written with a leading apostrophe, in CSV and XLSX.
func TestNoFormulaInjection(t *testing.T) {
	l := minimal(t)
	evil := map[string]string{
		`=HYPERLINK("http://evil.example/","车门防夹")`: `'=HYPERLINK("http://evil.example/","车门防夹")`,
		"@SUM(1+1)": "'@SUM(1+1)",
		"+1+1":      "'+1+1",
		"-1+1":      "'-1+1",
		"\t=1":      "'\t=1",
		"\r=1":      "'\r=1",
		"＝1+1":      "'＝1+1",
	}
	var inputs []string
	for in := range evil {
		inputs = append(inputs, in)
	}
	for i, in := range inputs { // titles, then leads: the fields people write
		if r := &l.Rows[i%len(l.Rows)]; i < len(l.Rows) {
			r.Title = in
		} else {
			r.Lead = in
		}
	}

	var buf bytes.Buffer
	if err := l.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range records {
		for _, c := range r {
			if _, bad := evil[c]; bad {
				t.Errorf("CSV cell %q is a live formula", c)
			}
			seen[c] = true
		}
	}
	for _, want := range evil {
		if !seen[want] && !seen[strings.ReplaceAll(want, "\r", "")] { // encoding/csv with CRLF drops a lone CR
			t.Errorf("CSV has no cell %q", want)
		}
	}

	buf.Reset()
	if err := l.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, r := range rows {
			for _, c := range r {
				if _, bad := evil[c]; bad {
					t.Errorf("XLSX %s cell %q is not escaped", sheet, c)
				}
			}
		}
	}
}
