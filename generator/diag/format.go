package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats lists the output formats Print accepts.
var Formats = []string{"text", "github", "json"}

// jsonPos is a position in the JSON format.
type jsonPos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// jsonDiag is one diagnostic in the JSON format; related is there only when the
// diagnostic has a related position.
type jsonDiag struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Rule     string   `json:"rule"`
	Severity string   `json:"severity"`
	Message  string   `json:"message"`
	Related  *jsonPos `json:"related,omitempty"`
	About    string   `json:"about,omitempty"`
}

// Print writes the diagnostics to w in Sort's order (without changing the list), in
// format "text", "github" or "json". A related position is data in JSON; the text and
// GitHub formats print it after the message.
func (l *List) Print(w io.Writer, format string) error {
	items := l.Sorted()
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
				escapeProperty(d.Pos.File), max(d.Pos.Line, 1), max(d.Pos.Col, 1), escapeProperty(d.Rule), escapeData(d.Message()))
		}
		_, err := io.WriteString(w, b.String())
		return err
	case "json":
		errs, warns := (&List{items: items}).Count() // of what is printed, repeats dropped
		out := struct {
			Errors      int        `json:"errors"`
			Warnings    int        `json:"warnings"`
			Diagnostics []jsonDiag `json:"diagnostics"`
		}{Errors: errs, Warnings: warns, Diagnostics: []jsonDiag{}}
		for _, d := range items {
			j := jsonDiag{File: d.Pos.File, Line: max(d.Pos.Line, 1), Col: max(d.Pos.Col, 1), Rule: d.Rule, Severity: d.Severity.String(), Message: d.Msg, About: d.About}
			if d.HasRelated() {
				j.Related = &jsonPos{d.Related.File, max(d.Related.Line, 1), max(d.Related.Col, 1)}
			}
			out.Diagnostics = append(out.Diagnostics, j)
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

// ReadJSON reads what Print wrote in format "json".
func ReadJSON(r io.Reader) (*List, error) {
	var in struct {
		Diagnostics *[]jsonDiag `json:"diagnostics"`
	}
	dec := json.NewDecoder(r)
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("不是 wuxiao 的 JSON 检查结果：%v", err)
	}
	if in.Diagnostics == nil {
		return nil, fmt.Errorf("不是 wuxiao 的 JSON 检查结果：没有 diagnostics")
	}
	l := &List{}
	for _, d := range *in.Diagnostics {
		sev := Error
		switch d.Severity {
		case "warning":
			sev = Warning
		case "error":
		default:
			return nil, fmt.Errorf("%s:%d: 未知的严重程度 %q", d.File, d.Line, d.Severity)
		}
		x := Diagnostic{Pos: Pos{File: d.File, Line: d.Line, Col: d.Col}, Rule: d.Rule, Severity: sev, Msg: d.Message, About: d.About}
		if r := d.Related; r != nil {
			x.Related = Pos{File: r.File, Line: r.Line, Col: r.Col}
		}
		l.Add(x)
	}
	return l, nil
}

// MarkdownHead is how Markdown's report of title begins, whatever it found: a pull
// request's earlier reports of the same check are told by it.
func MarkdownHead(title string) string { return "### " + title + "：" }

// Markdown is a report for a pull request or a job summary: a heading with title and
// the counts, then every finding, errors before warnings, each in file order.
func (l *List) Markdown(title string) string {
	var b strings.Builder
	b.WriteString(MarkdownHead(title))
	errs, warns := l.Count()
	switch {
	case errs+warns == 0:
		b.WriteString("通过\n\n没有发现问题。\n")
		return b.String()
	case errs == 0:
		fmt.Fprintf(&b, "%d 个警告\n\n", warns)
	default:
		fmt.Fprintf(&b, "%d 个错误，%d 个警告\n\n", errs, warns)
	}
	for _, sev := range []Severity{Error, Warning} {
		for _, d := range l.Sorted() {
			if d.Severity != sev {
				continue
			}
			mark := "❌"
			if sev == Warning {
				mark = "⚠️"
			}
			fmt.Fprintf(&b, "- %s `%s` %s：%s\n", mark, d.Pos, d.Rule, MarkdownText(d.Message()))
		}
	}
	return b.String()
}

// MarkdownText escapes s so that Markdown shows it as written, on one line.
func MarkdownText(s string) string {
	return strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]", "`", "\\`",
		"|", "\\|", "<", "&lt;", ">", "&gt;", "&", "&amp;", "\r", " ", "\n", " ").Replace(s)
}
