package render

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"wuxiao/generator/content"
)

// markdown converts bodies: the project's dialect (content.Markdown, GitHub Flavored
// Markdown with footnotes), Chinese soft line breaks joined without a space, raw HTML
// never passed through (the markdown rule rejects it anyway), headings moved one level
// down so that a body's "##" sits under the page's own sections.
type markdown struct{ gm goldmark.Markdown }

func newMarkdown() *markdown {
	return &markdown{gm: content.Markdown(
		goldmark.WithExtensions(
			extension.NewCJK(extension.WithEastAsianLineBreaks()),
		),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(demoteHeadings{}, 100))),
		goldmark.WithRendererOptions(gmrenderer.WithNodeRenderers(util.Prioritized(taskBoxes{}, 100))),
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

// taskBoxes writes a task list's checkbox as GitHub does (disabled, checked or not) and
// names its state, so that a screen reader says 已完成 or 未完成 (an unnamed form field
// is a critical accessibility fault).
type taskBoxes struct{}

func (taskBoxes) RegisterFuncs(reg gmrenderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.(*extast.TaskCheckBox).IsChecked {
			_, _ = w.WriteString(`<input type="checkbox" checked="" disabled="" aria-label="已完成"> `)
		} else {
			_, _ = w.WriteString(`<input type="checkbox" disabled="" aria-label="未完成"> `)
		}
		return ast.WalkContinue, nil
	})
}
