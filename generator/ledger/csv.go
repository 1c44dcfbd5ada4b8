package ledger

import (
	"encoding/csv"
	"io"
)

// WriteCSV writes the submissions sheet, one row per submission, as UTF-8 with a byte order
// mark and CRLF line ends, so that Excel and WPS open the Chinese text correctly.
func (l *Ledger) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
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
