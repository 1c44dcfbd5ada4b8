package ledger

import (
	"bufio"
	"io"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// WriteCSV writes the submissions sheet, one row per submission, as UTF-8 with a byte order
// mark and CRLF line ends. Excel 2016 and later and WPS read the mark; LibreOffice Calc's
// Text Import dialog, which a double click brings up, preselects Unicode (UTF-8) for it
// (7.4 asks ICU's detector; measured by TestCSVInLibreOffice).
func (l *Ledger) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	return l.writeCSV(w)
}

// WriteCSVGB18030 writes the same in GB18030, the character set a Chinese Windows reads a
// text file in by default, for an Excel older than 2016 there. LibreOffice's import dialog
// does not recognise it (it preselects UTF-8, and the user must choose GB18030).
func (l *Ledger) WriteCSVGB18030(w io.Writer) error {
	enc := simplifiedchinese.GB18030.NewEncoder().Writer(w)
	return l.writeCSV(enc)
}

func (l *Ledger) writeCSV(w io.Writer) error {
	s := l.submissionSheet()
	bw := bufio.NewWriter(w)
	record := make([]string, len(s.columns))
	for i, c := range s.columns {
		record[i] = csvField(c.header)
	}
	bw.WriteString(strings.Join(record, ",") + "\r\n")
	for _, row := range s.rows {
		for i, v := range row {
			record[i] = csvField(plain(v, s.columns[i].kind))
		}
		bw.WriteString(strings.Join(record, ",") + "\r\n")
	}
	return bw.Flush()
}

// csvField quotes a value holding a quote, a line break, a leading space or any separator
// a spreadsheet's import may split at: LibreOffice's dialog splits at tab, semicolon and
// comma unless told otherwise (RFC 4180 quoting; encoding/csv would leave ";" and tab bare).
func csvField(v string) string {
	if v == "" || (!strings.ContainsAny(v, ",;\t\"\r\n") && v[0] != ' ') {
		return v
	}
	return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
}
