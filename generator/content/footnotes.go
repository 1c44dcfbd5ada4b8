package content

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Footnote labels as GitHub matches them. cmark-gfm finds a reference's definition without
// regard to case ("[^Note]" is "[^note]: …"); goldmark only by the same bytes, and leaves
// the reference as text. The dialect's parser therefore parses a body that holds "[^"
// twice: the first time to find the references left as text whose label matches a
// definition in another case (of the same length in bytes), which it rewrites to the
// definition's spelling before the parse that counts. Offsets do not move, so positions
// and segments stay those of the body as written.

// FootnoteDef is one footnote definition of a body: its label as written, the offset of
// its "[^label]:" and whether a reference names it.
type FootnoteDef struct {
	Label  string
	Offset int
	Used   bool
}

// FootnoteRef is a footnote reference left as text ("[^label]" with no definition).
type FootnoteRef struct {
	Label  string
	Offset int
}

var footnoteDefsKey = parser.NewContextKey()

// FootnoteDefs returns the definitions of the body parsed with pc.
func FootnoteDefs(pc parser.Context) []FootnoteDef {
	defs, _ := pc.Get(footnoteDefsKey).([]FootnoteDef)
	return defs
}

// footnoteDefs records the definitions, used or not, before goldmark's footnote transformer
// (priority 999) removes the unused ones from the document.
type footnoteDefs struct{}

func (footnoteDefs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var defs []FootnoteDef
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fn, ok := n.(*extast.Footnote)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		defs = append(defs, FootnoteDef{string(fn.Ref), definitionOffset(src, fn), fn.Index >= 0})
		return ast.WalkSkipChildren, nil
	})
	pc.Set(footnoteDefsKey, defs)
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

// footnoteRef is a footnote reference as text: "[^label]", the label without spaces.
var footnoteRef = regexp.MustCompile(`\[\^([^\s\[\]]+)\]`)

// LiteralFootnoteRefs lists the footnote references a parsed body shows as text, in order:
// "[^label]" in prose (not in code, not after an escaping backslash). goldmark splits such
// text into several nodes at its brackets; adjacent text in one container is read as one.
func LiteralFootnoteRefs(doc ast.Node, src []byte) []FootnoteRef {
	var refs []FootnoteRef
	var parent ast.Node
	start, end := 0, 0
	flush := func() {
		run := src[start:end]
		for _, m := range footnoteRef.FindAllSubmatchIndex(run, -1) {
			at := start + m[0]
			backslashes := 0
			for i := at - 1; i >= 0 && src[i] == '\\'; i-- {
				backslashes++
			}
			if backslashes%2 == 0 {
				refs = append(refs, FootnoteRef{string(run[m[2]:m[3]]), at})
			}
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !ok || !entering || t.Parent() == nil || t.Parent().Kind() == ast.KindCodeSpan {
			return ast.WalkContinue, nil
		}
		if t.Parent() == parent && t.Segment.Start == end {
			end = t.Segment.Stop
			return ast.WalkContinue, nil
		}
		flush()
		parent, start, end = t.Parent(), t.Segment.Start, t.Segment.Stop
		return ast.WalkContinue, nil
	})
	flush()
	return refs
}

// CaseTwin is the label of the definition that label matches only without regard to
// case, or "".
func CaseTwin(defs []FootnoteDef, label string) string {
	for _, d := range defs {
		if d.Label != label && strings.EqualFold(d.Label, label) {
			return d.Label
		}
	}
	return ""
}

// foldLabels is the dialect's parser: goldmark's, with references matched to their
// definitions without regard to case as on GitHub.
type foldLabels struct{ parser.Parser }

func newFoldLabels() foldLabels {
	p := parser.NewParser(parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithASTTransformers(util.Prioritized(footnoteDefs{}, 900)))
	return foldLabels{p}
}

func (p foldLabels) Parse(reader text.Reader, opts ...parser.ParseOption) ast.Node {
	src := reader.Source()
	if !bytes.Contains(src, []byte("[^")) {
		return p.Parser.Parse(reader, opts...)
	}
	pc := parser.NewContext()
	doc := p.Parser.Parse(text.NewReader(src), parser.WithContext(pc))
	defs := FootnoteDefs(pc)
	var fixed []byte
	for _, r := range LiteralFootnoteRefs(doc, src) {
		twin := CaseTwin(defs, r.Label)
		if twin == "" || len(twin) != len(r.Label) {
			continue
		}
		if fixed == nil {
			fixed = bytes.Clone(src)
		}
		copy(fixed[r.Offset+2:], twin)
	}
	if fixed == nil {
		fixed = src
	}
	return p.Parser.Parse(text.NewReader(fixed), opts...)
}
