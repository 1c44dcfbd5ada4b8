package desk

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"regexp"

	"wuxiao/generator/content"
)

//go:embed templates/*.html static/desk.css
var assets embed.FS

// page is what every template gets.
type page struct {
	Title  string
	Login  string
	Prefix string // the desk's path, ending in /
	Flash  string // a one-line message at the top
	Data   any
}

func parsePages() (*template.Template, error) {
	md := newMarkdown()
	return template.New("").Funcs(template.FuncMap{
		"checks":   checksText,
		"markdown": func(src string) template.HTML { return markdownHTML(md, src) },
		"packetBody": func(prefix string, sub *content.Submission) template.HTML {
			return markdownHTMLFor(md, sub.Body, packetProofs(prefix, sub))
		},
		"inc":        func(i int) int { return i + 1 },
		"isPhoto":    content.IsImageFile,
		"showsPhoto": showsPhoto,
		"day":        day,
		"dated":      dated,
	}).ParseFS(assets, "templates/*.html")
}

// isoDate is a date as the checker writes it in a message.
var isoDate = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)

// dated is a message as HTML, its dates kept on one line as day keeps them.
func dated(message string) template.HTML {
	return template.HTML(isoDate.ReplaceAllString(template.HTMLEscapeString(message), `<span class="day">$0</span>`))
}

// day is a date as the desk prints it, kept on one line: Chromium breaks 2026-09-30 after
// a hyphen where a narrow column or the largest font puts the line's end.
func day(d fmt.Stringer) template.HTML {
	return template.HTML(`<span class="day">` + template.HTMLEscapeString(d.String()) + `</span>`)
}

// render writes template name inside the layout; a template error is a 500, never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, p *page) {
	p.Prefix = s.path("")
	var b bytes.Buffer
	if err := s.pages.ExecuteTemplate(&b, name, p); err != nil {
		s.opt.Logf("desk: template %s: %v", name, err)
		http.Error(w, "工作台内部错误", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// fail answers with a plain Chinese message page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.render(w, r, code, "error", &page{Title: "无法完成", Login: s.loginOf(r), Flash: msg})
}
