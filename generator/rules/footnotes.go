package rules

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Footnotes the author meant but GitHub and the site do not show as notes: a reference
// "[^2]" with no definition stays the literal text "[^2]", and a definition "[^2]: …" that
// nothing references is dropped from the page.

// footnoteRef is a footnote reference as text: "[^label]", the label without spaces.
var footnoteRef = regexp.MustCompile(`\[\^([^\s\[\]]+)\]`)

// textRuns gathers the runs of adjacent text (in one inline container, contiguous in the
// source) in which a reference left as text is looked for; goldmark splits "[^2]" into
// several text nodes at its brackets.
type textRuns struct {
	src        []byte
	parent     ast.Node
	start, end int
	found      func(offset int, label string)
}

// add takes the next text node in document order; text in code is not prose.
func (r *textRuns) add(n *ast.Text) {
	if n.Parent() != nil && n.Parent().Kind() == ast.KindCodeSpan {
		return
	}
	if n.Parent() == r.parent && n.Segment.Start == r.end {
		r.end = n.Segment.Stop
		return
	}
	r.flush()
	r.parent, r.start, r.end = n.Parent(), n.Segment.Start, n.Segment.Stop
}

// flush reports the literal references in the current run, except escaped brackets (\[).
func (r *textRuns) flush() {
	run := r.src[r.start:r.end]
	for _, m := range footnoteRef.FindAllSubmatchIndex(run, -1) {
		at := r.start + m[0]
		backslashes := 0
		for i := at - 1; i >= 0 && r.src[i] == '\\'; i-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			r.found(at, string(run[m[2]:m[3]]))
		}
	}
	r.parent, r.start, r.end = nil, 0, 0
}

// footnoteDefsKey holds, in the parser's context, every footnote definition of the body.
var footnoteDefsKey = parser.NewContextKey()

// footnoteDef is a definition: its label as written, where it starts, whether a reference
// names it exactly.
type footnoteDef struct {
	label  string
	offset int
	used   bool
}

// footnoteDefs notes the definitions, and which ones nothing references, before
// goldmark's footnote transformer (priority 999) removes the unreferenced ones.
type footnoteDefs struct{}

func (footnoteDefs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var defs []footnoteDef
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fn, ok := n.(*extast.Footnote)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		defs = append(defs, footnoteDef{string(fn.Ref), definitionOffset(src, fn), fn.Index >= 0})
		return ast.WalkSkipChildren, nil
	})
	pc.Set(footnoteDefsKey, defs)
}

// caseTwin is the definition a reference's label matches only without regard to case,
// or "": GitHub (cmark-gfm) folds case when it matches labels, goldmark does not.
func caseTwin(defs []footnoteDef, label string) string {
	for _, d := range defs {
		if strings.EqualFold(d.label, label) {
			return d.label
		}
	}
	return ""
}

// definitionOffset finds where "[^label]:" of a definition starts: before its first line
// of text, or else the first such definition in the source.
func definitionOffset(src []byte, fn *extast.Footnote) int {
	marker := []byte("[^" + string(fn.Ref) + "]:")
	for c := ast.Node(fn); c != nil; c = c.FirstChild() {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			if i := bytes.LastIndex(src[:c.Lines().At(0).Start], marker); i >= 0 {
				return i
			}
			break
		}
	}
	return max(bytes.Index(src, marker), 0)
}
