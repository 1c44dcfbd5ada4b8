package ledger

import (
	"encoding/csv"
	"io"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// WriteCSV writes the submissions sheet, one row per submission, as UTF-8 with a byte order
// mark and CRLF line ends, which Excel 2016 and later and WPS open correctly. LibreOffice's
// import ignores the mark and reads the system's character set (Windows-1252, or GBK on a
// Chinese Windows): choose 字符集 Unicode (UTF-8) in its import dialog, or use WriteCSVGB18030
// or the XLSX.
func (l *Ledger) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	return l.writeCSV(w)
}

// WriteCSVGB18030 writes the same in GB18030, the character set a Chinese Windows reads a
// text file in by default, so that Excel, WPS and LibreOffice there open it by a double click.
func (l *Ledger) WriteCSVGB18030(w io.Writer) error {
	enc := simplifiedchinese.GB18030.NewEncoder().Writer(w)
	return l.writeCSV(enc)
}

func (l *Ledger) writeCSV(w io.Writer) error {
	s := l.submissionSheet()
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := make([]string, len(s.columns))
	for i, c := range s.columns {
		header[i] = c.header
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	record := make([]string, len(s.columns))
	for _, row := range s.rows {
		for i, v := range row {
			record[i] = plain(v, s.columns[i].kind)
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
