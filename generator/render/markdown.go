package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"

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
// down so that a body's "##" sits under the page's own sections, skipping no level.
type markdown struct{ gm goldmark.Markdown }

func newMarkdown() *markdown {
	return &markdown{gm: content.Markdown(
		goldmark.WithExtensions(
			extension.NewCJK(extension.WithEastAsianLineBreaks()),
		),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(demoteHeadings{}, 100), util.Prioritized(fileLinks{}, 100))),
		goldmark.WithRendererOptions(gmrenderer.WithNodeRenderers(util.Prioritized(taskBoxes{}, 100), util.Prioritized(backlinks{}, 100))),
	)}
}

// convert is safe for concurrent use: a goldmark.Markdown keeps no state between calls.
func (m *markdown) convert(src string) (template.HTML, error) {
	return m.convertFor(src, nil)
}

// convertFor is convert of a body whose links and images naming files beside it go to
// the addresses files gives (content.LocalFile's name → address from the page).
func (m *markdown) convertFor(src string, files bodyFiles) (template.HTML, error) {
	if html, ok := quickHTML(src); ok {
		return html, nil
	}
	return m.convertParsedFor(src, files)
}

// convertTo writes convertFor's HTML of src to b: a result page's body goes straight into
// the page (26 MB of strings a cold build at 10k results, each written once and dropped).
func (m *markdown) convertTo(b *bytes.Buffer, src string, files bodyFiles) error {
	if quickHTMLTo(b, src) {
		return nil
	}
	return m.gm.Convert([]byte(src), flatWriter{b}, files.parseOption())
}

// convertParsed is convert through goldmark's parse.
func (m *markdown) convertParsed(src string) (template.HTML, error) {
	return m.convertParsedFor(src, nil)
}

// convertParsedFor is convertFor through goldmark's parse.
func (m *markdown) convertParsedFor(src string, files bodyFiles) (template.HTML, error) {
	var buf bytes.Buffer
	buf.Grow(len(src) * 2)
	if err := m.gm.Convert([]byte(src), flatWriter{&buf}, files.parseOption()); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// quickHTML is convert of a body in plain Markdown (content.IsPlainMarkdown), without
// parsing it: its paragraphs as <p>, a soft line break dropped between East Asian wide
// characters (the CJK extension's simple style) and a newline elsewhere, its headings
// moved down as demoteHeadings moves them; nothing in such a body needs escaping. ok is
// false for any other body. TestQuickHTMLMatches and FuzzQuickHTML hold it to the parse.
func quickHTML(src string) (html template.HTML, ok bool) {
	var b strings.Builder
	if !quickHTMLTo(&b, src) {
		return "", false
	}
	return template.HTML(b.String()), true
}

// htmlWriter is where quickHTMLTo writes: a strings.Builder, or a page's buffer.
type htmlWriter interface {
	Grow(n int)
	WriteString(s string) (int, error)
	WriteByte(c byte) error
}

// quickHTMLTo writes quickHTML's HTML of src to b when src is in plain Markdown, and
// reports whether it is (writing nothing when not).
func quickHTMLTo(b htmlWriter, src string) bool {
	if !content.IsPlainMarkdown(src) {
		return false
	}
	b.Grow(len(src) + len(src)/8 + 16)
	var outline headingOutline
	inPara := false
	content.EachPlainLine(src, func(l content.PlainLine) {
		if inPara && !l.Continues {
			b.WriteString("</p>\n")
			inPara = false
		}
		switch {
		case l.Level > 0:
			h := strconv.Itoa(outline.shown(l.Level))
			b.WriteString("<h" + h + ">" + l.Text + "</h" + h + ">\n")
			return
		case l.Continues:
			if !l.Joined {
				b.WriteByte('\n')
			}
		default:
			b.WriteString("<p>")
			inPara = true
		}
		b.WriteString(l.Text)
	})
	if inPara {
		b.WriteString("</p>\n")
	}
	return true
}

// flatWriter is a bytes.Buffer as goldmark's util.BufWriter, so that goldmark writes
// straight into it instead of through a bufio.Writer of 4 KB it would make for each
// body (40 MB a 10k build). Nothing is ever held back: Flush has nothing to do.
type flatWriter struct{ *bytes.Buffer }

var _ util.BufWriter = flatWriter{}

func (flatWriter) Buffered() int { return 0 }
func (flatWriter) Flush() error  { return nil }

// demoteHeadings moves a body's headings under the page's second-level heading it sits
// in (a section title or the hidden 正文): h1 becomes h2, h2 becomes h3 and so on, but
// never more than one level below the nearest heading the author wrote above it at a
// higher level (or below that h2), so that the page's outline skips no level however the
// author numbered them: "## 做法" then "#### 细节" is h3 then h4.
type demoteHeadings struct{}

func (demoteHeadings) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var outline headingOutline
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = outline.shown(h.Level)
		}
		return ast.WalkContinue, nil
	})
}

// headingOutline is demoteHeadings' rule, for a body's headings met in order (by the
// parse, or by quickHTML without one): the enclosing headings, outermost first.
type headingOutline struct {
	open []struct{ written, shown int }
}

// shown is the level at which a heading the author wrote at level written is shown.
func (o *headingOutline) shown(written int) int {
	for len(o.open) > 0 && o.open[len(o.open)-1].written >= written {
		o.open = o.open[:len(o.open)-1]
	}
	parent := 2
	if len(o.open) > 0 {
		parent = o.open[len(o.open)-1].shown
	}
	shown := min(written+1, parent+1, 6)
	o.open = append(o.open, struct{ written, shown int }{written, shown})
	return shown
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

// backlinks writes a footnote's ways back to its references as GitHub does: "↩" for the
// first, "↩²", "↩³" for the next ones (goldmark writes the same arrow for each).
type backlinks struct{}

func (backlinks) RegisterFuncs(reg gmrenderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindFootnoteBacklink, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*extast.FootnoteBacklink)
		ref := ""
		if b.RefIndex > 0 {
			ref = strconv.Itoa(b.RefIndex)
		}
		_, _ = fmt.Fprintf(w, `&#160;<a href="#fnref%s:%d" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;`, ref, b.Index)
		if b.RefIndex > 0 {
			_, _ = fmt.Fprintf(w, `<sup>%d</sup>`, b.RefIndex+1)
		}
		_, _ = w.WriteString(`</a>`)
		return ast.WalkContinue, nil
	})
}
