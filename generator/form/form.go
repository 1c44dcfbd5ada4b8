// Package form turns the answers of the site's submission form (申报表) into a submission file and checks it with the checker's own rules that need no other file.
//
// It runs in the browser, compiled to WebAssembly by cmd/wuxiao-wasm, so that the form
// can never drift from wuxiao new and wuxiao check: the text comes from the scaffold
// package and the findings from the content loader and the rules package.
package form

import (
	"path"
	"regexp"
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/forge/link"
	"wuxiao/generator/rules"
	"wuxiao/generator/scaffold"
)

// Rules are the rules the form runs: those whose findings on a submission need no other
// file, or only its year's competition (rule phase, which without one checks only the
// submission's own dates).
func Rules() []rules.Rule {
	return rules.Select(rules.All(), func(r rules.Rule) bool { return r.Reach >= rules.ReachYear && !r.Slow })
}

// Author is one line of the form's authors.
type Author struct {
	Name string `json:"name"`
	Role string `json:"role"`
	Job  string `json:"job"`
}

// Input is what the form holds. Dates are YYYY-MM-DD or empty; Economic is a number or
// empty; Tags are separated by spaces or commas.
type Input struct {
	Year         int      `json:"year"`
	Unit         string   `json:"unit"`
	Sector       string   `json:"sector"`
	Title        string   `json:"title"`
	Category     string   `json:"category"`
	Innovation   string   `json:"innovation"`
	Group        string   `json:"group"`
	Authors      []Author `json:"authors"`
	Submitted    string   `json:"submitted"`
	Started      string   `json:"started"`
	Completed    string   `json:"completed"`
	Summary      string   `json:"summary"`
	Economic     string   `json:"economic"`
	Social       string   `json:"social"`
	Studio       string   `json:"studio"`
	Tags         string   `json:"tags"`
	ContactName  string   `json:"contact_name"`
	ContactPhone string   `json:"contact_phone"`
	Body         string   `json:"body"`
	RepoURL      string   `json:"repo_url"`   // site.yaml's repo_url
	Forge        string   `json:"forge"`      // site.yaml's forge: github (default), gitea or forgejo
	SchemaURL    string   `json:"schema_url"` // where the site publishes submission.json
	Today        string   `json:"today"`      // the browser's day; empty: the clock's, in China
}

// Problem is one finding on the file, with the form field it belongs to.
type Problem struct {
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
	Warning bool   `json:"warning,omitempty"`
	Field   string `json:"field"` // the YAML key of that line, or "body"
}

// Output is the file to create and what the checker says of it.
type Output struct {
	Path       string    `json:"path"`
	Slug       string    `json:"slug"`
	Text       string    `json:"text"`
	NewFileURL string    `json:"new_file_url"` // the repository's "create new file" page, filled in
	Problems   []Problem `json:"problems"`
	Errors     int       `json:"errors"`
}

// Make writes the submission file of in and checks it.
func Make(in Input) Output {
	today, err := content.ParseDate(in.Today)
	if err != nil {
		today = content.Today()
	}
	if in.Year == 0 {
		in.Year = today.Year()
	}
	slug := scaffold.Slug(in.Title, "chengguo", nil)
	out := Output{Slug: slug, Path: path.Join("content", strconv.Itoa(in.Year), "submissions", in.Unit, slug+".md")}
	s := in.submission()
	out.Text = scaffold.SubmissionText(s, scaffold.SubmissionContext{SchemaURL: in.SchemaURL, ID: in.Unit + "/" + slug, Year: in.Year, Sector: in.Sector})
	out.Problems = Check(out.Path, out.Text, today)
	for _, p := range out.Problems {
		if !p.Warning {
			out.Errors++
		}
	}
	if in.Unit != "" {
		out.NewFileURL = link.New(in.RepoURL, in.Forge).NewFile(path.Dir(out.Path), slug+".md", out.Text)
	}
	return out
}

// submission is the form's answers as the checker's type.
func (in Input) submission() *content.Submission {
	date := func(s string) content.Date { d, _ := content.ParseDate(strings.TrimSpace(s)); return d }
	s := &content.Submission{
		Title: strings.TrimSpace(in.Title), Category: in.Category, Innovation: in.Innovation, Group: in.Group,
		Submitted: date(in.Submitted), Started: date(in.Started), Completed: date(in.Completed),
		Summary: strings.TrimSpace(in.Summary), Studio: strings.TrimSpace(in.Studio), Body: in.Body,
		Benefit: content.Benefit{Social: strings.TrimSpace(in.Social)},
	}
	if f, err := strconv.ParseFloat(strings.TrimSpace(in.Economic), 64); err == nil && f > 0 {
		s.Benefit.Economic = f
	}
	for _, a := range in.Authors {
		a := content.Author{Name: strings.TrimSpace(a.Name), Role: strings.TrimSpace(a.Role), Job: strings.TrimSpace(a.Job)}
		if a.Name != "" || a.Role != "" || a.Job != "" {
			s.Authors = append(s.Authors, a)
		}
	}
	s.Tags = strings.FieldsFunc(in.Tags, func(r rune) bool { return strings.ContainsRune(" ,，、;；", r) })
	if name, phone := strings.TrimSpace(in.ContactName), strings.TrimSpace(in.ContactPhone); name != "" || phone != "" {
		s.Contact = &content.Person{Name: name, Phone: phone}
	}
	return s
}

var keyOfLine = regexp.MustCompile(`^\s*(?:-\s+)?([a-z_]+):`)

// Check runs the loader and the form's rules on one submission file at p, as if alone
// in the tree, and returns the findings on it in order.
func Check(p, text string, today content.Date) []Problem {
	tree, diags, err := content.Load(content.MemFS{p: []byte(text)})
	if err != nil {
		return []Problem{{Line: 1, Col: 1, Rule: "syntax", Message: err.Error()}}
	}
	rules.Run(tree, today, Rules(), diags)
	lines := strings.Split(text, "\n")
	bodyFrom := len(lines) + 1
	if y := tree.Years; len(y) > 0 && len(y[0].Submissions) > 0 {
		bodyFrom = y[0].Submissions[0].BodyLine
	}
	var out []Problem
	diags.Sort()
	for _, d := range diags.Items() {
		if d.Pos.File != p {
			continue
		}
		pr := Problem{Line: d.Pos.Line, Col: d.Pos.Col, Rule: d.Rule, Message: d.Msg, Warning: d.Severity == diag.Warning}
		switch {
		case d.Pos.Line >= bodyFrom:
			pr.Field = "body"
		case d.Pos.Line >= 1 && d.Pos.Line <= len(lines):
			if m := keyOfLine.FindStringSubmatch(lines[d.Pos.Line-1]); m != nil {
				pr.Field = m[1]
			}
		}
		out = append(out, pr)
	}
	return out
}
