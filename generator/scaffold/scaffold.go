// Package scaffold writes new content files for every role (submissions, commendations, a year's competition, score sheets, cases, bulletins) with every field explained in Chinese.
package scaffold

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"strconv"
	"strings"

	"github.com/gosimple/slug"
	"go.yaml.in/yaml/v3"

	"wuxiao/generator/content"
)

// File is one file to write: its root-relative path and whole new contents.
type File struct {
	Path    string
	Data    []byte
	Created bool // false when an existing file was extended
}

// Plan is what a new command would write, plus notes for the person who runs it.
type Plan struct {
	Files []File
	Notes []string
}

// SchemaDir is the site folder of the JSON Schemas.
const SchemaDir = "static/schemas/"

// P is the placeholder for a value still to be written.
const P = content.Placeholder

// MaxSlug is the longest file name Slug makes: short enough to read and type.
const MaxSlug = 40

// Slug makes a file name from a title: pinyin-like ASCII by gosimple/slug, 一 kept as yi
// (the library drops it), Latin and digit runs set apart from the pinyin (PLC控制 →
// plc-kong-zhi), cut at a hyphen to MaxSlug characters, fallback when nothing is left
// or what is left is a Windows device name (con, aux, com1, ...),
// and a -2, -3 … suffix while taken says the name is in use.
func Slug(title, fallback string, taken func(string) bool) string {
	s := slug.Make(spaceRuns(title))
	if len(s) > MaxSlug {
		s = s[:MaxSlug+1]
		if i := strings.LastIndexByte(s, '-'); i > 0 {
			s = s[:i]
		} else {
			s = s[:MaxSlug]
		}
	}
	s = strings.Trim(s, "-")
	if !content.ValidID(s) || content.WindowsDevice(s) { // con.md: Windows cannot hold it
		s = fallback
	}
	base := s
	for n := 2; taken != nil && taken(s); n++ {
		suffix := "-" + strconv.Itoa(n)
		s = strings.TrimRight(base[:min(len(base), MaxSlug-len(suffix))], "-") + suffix
	}
	return s
}

// spaceRuns writes 一 as yi and puts a space wherever ASCII letters or digits meet other
// characters, so that each run becomes its own part of the slug.
func spaceRuns(title string) string {
	var b strings.Builder
	prevASCII, first := false, true
	for _, r := range title {
		if r == '一' {
			b.WriteString(" yi ")
			prevASCII, first = false, false
			continue
		}
		ascii := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		if !first && ascii != prevASCII {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prevASCII, first = ascii, false
	}
	return b.String()
}

// exists tells whether p is a file or folder of fsys.
func exists(fsys fs.FS, p string) bool {
	_, err := fs.Stat(fsys, p)
	return err == nil
}

// SchemaURL is where the site publishes the schema of kind (static/schemas/, beside the
// theme's files); "" without a base URL.
func SchemaURL(tree *content.Tree, kind string) string {
	if tree == nil || tree.Site == nil || tree.Site.BaseURL == "" {
		return ""
	}
	base := tree.Site.BaseURL
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base + SchemaDir + kind + ".json"
}

// modeline tells editors with YAML support which schema the file follows.
func modeline(url string) string {
	if url == "" {
		return ""
	}
	return "# yaml-language-server: $schema=" + url + "\n"
}

// scalar writes s as a YAML scalar that reads back as the same string: plain when the
// YAML library finds that safe, else double-quoted (Go's escapes are YAML's too).
func scalar(s string) string {
	out, err := yaml.Marshal(s)
	text := strings.TrimSuffix(string(out), "\n")
	if err == nil && !strings.ContainsAny(text, "\n|>") {
		return text
	}
	return strconv.Quote(s)
}

// number writes a float the short way.
func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// fieldsOf indexes the checker's fields of a struct type by key.
func fieldsOf(v any) map[string]content.Field {
	out := map[string]content.Field{}
	for _, f := range content.Fields(reflect.TypeOf(v)) {
		out[f.Key] = f
	}
	return out
}

// explain is the comment above a key: its doc, whether it is required, and its bounds.
func explain(f content.Field, extra string) string {
	var b strings.Builder
	b.WriteString(f.Doc)
	var notes []string
	if f.Required {
		notes = append(notes, "必填")
	} else {
		notes = append(notes, "可选")
	}
	isText := f.Type.Kind() == reflect.String && len(f.Enum) == 0 && !f.ID
	switch {
	case isText && f.HasMin && f.HasMax && f.Min > 1:
		notes = append(notes, fmt.Sprintf("%g～%g 个字", f.Min, f.Max))
	case isText && f.HasMax:
		notes = append(notes, fmt.Sprintf("至多 %g 个字", f.Max))
	case f.Type.Kind() == reflect.Slice && f.HasMin && f.HasMax:
		notes = append(notes, fmt.Sprintf("%g～%g 项", f.Min, f.Max))
	}
	if f.Date {
		notes = append(notes, "写成 YYYY-MM-DD")
	}
	b.WriteString("（" + strings.Join(notes, "，") + "）")
	if len(f.Enum) > 0 {
		b.WriteString("：" + strings.Join(f.Enum, "、") + " 之一")
	}
	if extra != "" {
		b.WriteString("；" + extra)
	}
	return b.String()
}

// doc writes text with a few explained keys; indent is the keys' indentation.
type doc struct {
	b      strings.Builder
	fields map[string]content.Field
	indent string
}

func (d *doc) comment(format string, args ...any) {
	fmt.Fprintf(&d.b, "%s# %s\n", d.indent, fmt.Sprintf(format, args...))
}

// key writes the comment of key and then its line (value may be "" for a nested block).
func (d *doc) key(key, extra, value string) {
	d.comment("%s", explain(d.fields[key], extra))
	d.line(key, value)
}

func (d *doc) line(key, value string) {
	if value == "" {
		fmt.Fprintf(&d.b, "%s%s:\n", d.indent, key)
		return
	}
	fmt.Fprintf(&d.b, "%s%s: %s\n", d.indent, key, value)
}

// optional writes the comment of an optional key and an example line, commented out.
func (d *doc) optional(key, extra, example string) {
	d.comment("%s", explain(d.fields[key], extra))
	fmt.Fprintf(&d.b, "%s# %s: %s\n", d.indent, key, example)
}

// orP is s, or the placeholder when s is empty.
func orP(s string) string {
	if strings.TrimSpace(s) == "" {
		return P
	}
	return scalar(s)
}

// dateOrP is the date, or the placeholder when it is not set.
func dateOrP(d content.Date) string {
	if d.IsZero() {
		return P
	}
	return d.String()
}

// yearDir is content/<year>.
func yearDir(year int) string { return path.Join("content", strconv.Itoa(year)) }

// findYear returns the loaded year, or nil.
func findYear(tree *content.Tree, year int) *content.Year {
	for _, y := range tree.Years {
		if y.Year == year {
			return y
		}
	}
	return nil
}

// needCompetition returns the year with its competition, or a Chinese error.
func needCompetition(tree *content.Tree, year int) (*content.Year, error) {
	y := findYear(tree, year)
	if y == nil || y.Competition == nil {
		return nil, fmt.Errorf("%s/competition.yaml 不存在或有错误：请先设置 %d 年的竞赛", yearDir(year), year)
	}
	return y, nil
}
