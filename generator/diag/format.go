package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats lists the output formats Print accepts.
var Formats = []string{"text", "github", "json"}

// Print writes the sorted diagnostics to w in format "text", "github" or "json".
func (l *List) Print(w io.Writer, format string) error {
	items := l.Items()
	switch format {
	case "", "text":
		_, err := io.WriteString(w, l.Text())
		return err
	case "github":
		var b strings.Builder
		for _, d := range items {
			kind := "error"
			if d.Severity == Warning {
				kind = "warning"
			}
			fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", kind,
				escapeProperty(d.Pos.File), max(d.Pos.Line, 1), max(d.Pos.Col, 1), escapeProperty(d.Rule), escapeData(d.Msg))
		}
		_, err := io.WriteString(w, b.String())
		return err
	case "json":
		type jsonDiag struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}
		errs, warns := l.Count()
		out := struct {
			Errors      int        `json:"errors"`
			Warnings    int        `json:"warnings"`
			Diagnostics []jsonDiag `json:"diagnostics"`
		}{Errors: errs, Warnings: warns, Diagnostics: []jsonDiag{}}
		for _, d := range items {
			out.Diagnostics = append(out.Diagnostics, jsonDiag{d.Pos.File, max(d.Pos.Line, 1), max(d.Pos.Col, 1), d.Rule, d.Severity.String(), d.Msg})
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return fmt.Errorf("未知的输出格式 %q（可选 text、github、json）", format)
}

// escapeData escapes a workflow command's message as GitHub Actions requires.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
