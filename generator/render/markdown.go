package render

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown converts bodies: CommonMark plus GFM tables, Chinese soft line breaks joined
// without a space, raw HTML never passed through (the markdown rule rejects it anyway),
// headings moved one level down so that a body's "##" sits under the page's own sections.
type markdown struct{ gm goldmark.Markdown }

func newMarkdown() *markdown {
	return &markdown{gm: goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.NewCJK(extension.WithEastAsianLineBreaks()),
		),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(demoteHeadings{}, 100))),
	)}
}

// convert is safe for concurrent use: a goldmark.Markdown keeps no state between calls.
func (m *markdown) convert(src string) (template.HTML, error) {
	var buf bytes.Buffer
	buf.Grow(len(src) * 2)
	if err := m.gm.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// demoteHeadings turns h1 into h2, h2 into h3 and so on (h6 stays h6).
type demoteHeadings struct{}

func (demoteHeadings) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level < 6 {
			h.Level++
		}
		return ast.WalkContinue, nil
	})
}
