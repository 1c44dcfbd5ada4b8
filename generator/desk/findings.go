package desk

import (
	"io/fs"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/render"
)

// finding is one problem the checker found in a change, in plain words, with the form
// field it belongs to ("" for the whole form).
type finding struct {
	Field   string
	Message string
	Warning bool
}

// findings are a change's problems grouped by field.
type findings struct {
	ByField map[string][]finding
	Errors  int
}

func (f findings) Of(field string) []finding { return f.ByField[field] }

// overlay is the base tree with c's files laid over it: what the repository will hold
// once its pull request is merged.
func overlay(base fs.FS, c Change) fs.FS {
	return render.Overlay{Site: render.Overlay{Site: content.MemFS(c.Files), Default: c.Proofs}, Default: base}
}

// checkChange runs the real checker over base plus c's files and keeps what it says about
// those files; fieldOf names each finding's form field (from its position, or from the key
// it is about when that key is missing).
func (s *Server) checkChange(base fs.FS, c Change, fieldOf func(diag.Diagnostic) string) (findings, error) {
	_, diags, err := s.opt.Check(overlay(base, c), s.opt.Now())
	if err != nil {
		return findings{}, err
	}
	out := findings{ByField: map[string][]finding{}}
	for _, d := range diags.Items() {
		_, text := c.Files[d.Pos.File]
		if _, proof := c.Proofs[d.Pos.File]; !text && !proof {
			continue
		}
		f := finding{Field: fieldOf(d), Message: plain(d.Message()), Warning: d.Severity == diag.Warning}
		if !f.Warning {
			out.Errors++
		}
		out.ByField[f.Field] = append(out.ByField[f.Field], f)
	}
	return out, nil
}

var topKey = regexp.MustCompile(`^([a-z_]+):`)

// keyAt is the top-level front-matter key whose block holds line (1-based) of text, or
// "body" past the front matter.
func keyAt(text string, line int) string {
	lines := strings.Split(text, "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	fences := 0
	for i := 0; i < line; i++ {
		if lines[i] == "---" {
			fences++
		}
	}
	if fences >= 2 && lines[line-1] != "---" {
		return "body"
	}
	for i := line - 1; i >= 0; i-- {
		if m := topKey.FindStringSubmatch(lines[i]); m != nil {
			return m[1]
		}
	}
	return ""
}

// names are the contract's keys in Chinese, from the model's doc tags: a finding that
// names a key says the field's name instead.
var names = func() map[string]string {
	m := map[string]string{}
	for _, t := range []any{content.Submission{}, content.Benefit{}, content.Author{}, content.Person{}, content.Attachment{}, content.Commendation{}, content.CommendedAward{}, content.Results{}} {
		rt := reflect.TypeOf(t)
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if key != "" && key != "-" && f.Tag.Get("doc") != "" && m[key] == "" {
				m[key] = f.Tag.Get("doc")
			}
		}
	}
	m["sha256"] = "校验值"
	return m
}()

var asciiWord = regexp.MustCompile("`?\\b[a-z][a-z0-9_]*\\b`?")

// plain replaces the contract's keys in a message by the fields' Chinese names.
func plain(msg string) string {
	return asciiWord.ReplaceAllStringFunc(msg, func(w string) string {
		if n, ok := names[strings.Trim(w, "`")]; ok {
			return "“" + n + "”"
		}
		return w
	})
}

// sortedFields lists fields with findings, for the summary at the top of the form.
func (f findings) sortedFields() []string {
	var out []string
	for k := range f.ByField {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
