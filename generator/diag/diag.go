// Package diag holds the checker's findings: positions in content files and the rule that failed there.
package diag

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Pos is a 1-based position in a file whose path is relative to the root and uses '/'.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as path:line:col.
func (p Pos) String() string {
	line, col := p.Line, p.Col
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	return fmt.Sprintf("%s:%d:%d", p.File, line, col)
}

// FileStart is the position that stands for a whole file.
func FileStart(file string) Pos { return Pos{File: file, Line: 1, Col: 1} }

// Severity tells whether a finding fails the check.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one finding of one rule at one position, and perhaps a second position
// it refers to (the earlier submission a passage was copied from, say).
type Diagnostic struct {
	Pos      Pos
	Rule     string
	Severity Severity
	Msg      string
	Related  Pos // zero when there is none
	// About is the key the finding is about when that is not the key at Pos: a key that
	// is missing is reported at its parent, and About names it (a form shows the finding
	// beside that key's field). Empty otherwise.
	About string
}

// HasRelated tells whether the diagnostic refers to a second position.
func (d Diagnostic) HasRelated() bool { return d.Related.File != "" }

// String formats the diagnostic as the contract says: path:line:col: rule: [warning: ]message,
// followed by （见 path:line:col） when it has a related position.
func (d Diagnostic) String() string {
	msg := d.Message()
	if d.Severity == Warning {
		return printable(fmt.Sprintf("%s: %s: warning: %s", d.Pos, d.Rule, msg))
	}
	return printable(fmt.Sprintf("%s: %s: %s", d.Pos, d.Rule, msg))
}

// Message is Msg with the related position, if any, as the text formats print it.
func (d Diagnostic) Message() string {
	if d.HasRelated() {
		return d.Msg + "（见 " + d.Related.String() + "）"
	}
	return d.Msg
}

// List collects diagnostics; the zero value is ready to use.
type List struct {
	items []Diagnostic
}

// Errorf adds an error of rule at pos.
func (l *List) Errorf(pos Pos, rule, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Rule: rule, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning of rule at pos.
func (l *List) Warnf(pos Pos, rule, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Rule: rule, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Missingf adds an error of rule at pos, the place where the missing key should be,
// about that key.
func (l *List) Missingf(pos Pos, key, rule, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Rule: rule, Severity: Error, Msg: fmt.Sprintf(format, args...), About: key})
}

// Add appends one diagnostic.
func (l *List) Add(d Diagnostic) { l.items = append(l.items, d) }

// Append adds every diagnostic of other.
func (l *List) Append(other *List) { l.items = append(l.items, other.items...) }

// Items returns the diagnostics in the order they are held: as added, or as Sort left
// them. The slice is the list's own; do not change it.
func (l *List) Items() []Diagnostic { return l.items }

// Sort puts the diagnostics in order (path, line, column, rule, severity, message,
// related position) and drops exact repeats. The printers print in this order without
// changing the list; the pipeline sorts what it returns.
func (l *List) Sort() { l.items = sorted(l.items) }

// sorted sorts items in place and returns them without exact repeats.
func sorted(items []Diagnostic) []Diagnostic {
	sort.SliceStable(items, func(i, j int) bool { return less(items[i], items[j]) })
	out := items[:0]
	for i, d := range items {
		if i > 0 && d == items[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Sorted returns the diagnostics in Sort's order, leaving the list as it is.
func (l *List) Sorted() []Diagnostic { return sorted(slices.Clone(l.items)) }

func less(a, b Diagnostic) bool {
	if a.Pos.File != b.Pos.File {
		return a.Pos.File < b.Pos.File
	}
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line < b.Pos.Line
	}
	if a.Pos.Col != b.Pos.Col {
		return a.Pos.Col < b.Pos.Col
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	if a.Severity != b.Severity {
		return a.Severity < b.Severity
	}
	if a.Msg != b.Msg {
		return a.Msg < b.Msg
	}
	if a.Related.File != b.Related.File {
		return a.Related.File < b.Related.File
	}
	if a.Related.Line != b.Related.Line {
		return a.Related.Line < b.Related.Line
	}
	if a.Related.Col != b.Related.Col {
		return a.Related.Col < b.Related.Col
	}
	return a.About < b.About
}

// Len is the number of diagnostics.
func (l *List) Len() int { return len(l.items) }

// Count returns the number of errors and warnings.
func (l *List) Count() (errors, warnings int) {
	for _, d := range l.items {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// FilesWithErrors is the set of files that have at least one error.
func (l *List) FilesWithErrors() map[string]bool {
	m := map[string]bool{}
	for _, d := range l.items {
		if d.Severity == Error {
			m[d.Pos.File] = true
		}
	}
	return m
}

// Failed tells whether the list holds an error, or with strict a warning.
func (l *List) Failed(strict bool) bool {
	e, w := l.Count()
	return e > 0 || (strict && w > 0)
}

// Text returns the diagnostics in text format, one a line, in Sort's order.
func (l *List) Text() string {
	var b strings.Builder
	for _, d := range l.Sorted() {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}
