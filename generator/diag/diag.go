// Package diag holds the checker's findings: positions in content files and the rule that failed there.
package diag

import (
	"fmt"
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

// Diagnostic is one finding of one rule at one position.
type Diagnostic struct {
	Pos      Pos
	Rule     string
	Severity Severity
	Msg      string
}

// String formats the diagnostic as the contract says: path:line:col: rule: [warning: ]message.
func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return fmt.Sprintf("%s: %s: warning: %s", d.Pos, d.Rule, d.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", d.Pos, d.Rule, d.Msg)
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

// Add appends one diagnostic.
func (l *List) Add(d Diagnostic) { l.items = append(l.items, d) }

// Append adds every diagnostic of other.
func (l *List) Append(other *List) { l.items = append(l.items, other.items...) }

// Items returns the diagnostics sorted by path, line, column, rule and message, without exact repeats.
func (l *List) Items() []Diagnostic {
	sort.SliceStable(l.items, func(i, j int) bool { return less(l.items[i], l.items[j]) })
	out := l.items[:0]
	for i, d := range l.items {
		if i > 0 && d == l.items[i-1] {
			continue
		}
		out = append(out, d)
	}
	l.items = out
	return out
}

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
	return a.Msg < b.Msg
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

// Text returns the diagnostics in text format, one a line.
func (l *List) Text() string {
	var b strings.Builder
	for _, d := range l.Items() {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}
