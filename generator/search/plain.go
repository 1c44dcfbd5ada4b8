package search

import (
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"wuxiao/generator/content"
)

// Plain converts Markdown into the text a reader sees on the page: one line per
// paragraph, heading, list item or table cell; emphasis, links and code reduced to
// their words; escapes and entities resolved; raw HTML dropped. A line break in the
// source between two Chinese characters joins them, as the rendered page does.
type Plain struct{ md goldmark.Markdown }

// NewPlain makes a converter; one may be used from many goroutines at once.
func NewPlain() *Plain {
	return &Plain{md: content.Markdown()}
}

// Text is the plain text of the Markdown src.
func (p *Plain) Text(src string) string {
	if text, ok := quickText(src); ok {
		return text
	}
	return p.parsedText(src)
}

// parsedText is Text through goldmark's parse.
func (p *Plain) parsedText(src string) string {
	source := []byte(src)
	doc := p.md.Parser().Parse(text.NewReader(source))
	var b strings.Builder
	b.Grow(len(src)) // the text is about as long as its Markdown: one allocation, not a doubling series
	newline := func() {
		if s := b.String(); s != "" && !strings.HasSuffix(s, "\n") {
			b.WriteByte('\n')
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock || n.Kind() == extast.KindTableCell {
			newline()
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.WriteString(strings.TrimRight(string(seg.Value(source)), "\r\n"))
				b.WriteByte('\n')
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(n.Label(source))
		case *ast.String:
			b.Write(n.Value)
		case *ast.Text:
			v := n.Value(source)
			if !n.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			switch {
			case n.HardLineBreak():
				b.WriteByte('\n')
			case n.SoftLineBreak() && !joins(v, n.NextSibling(), source):
				b.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// joins says whether a soft line break after v disappears on the page (content.BreakJoins).
func joins(v []byte, next ast.Node, source []byte) bool {
	t, ok := next.(*ast.Text)
	if !ok || len(v) == 0 {
		return false
	}
	after := t.Value(source)
	if len(after) == 0 {
		return false
	}
	last, _ := utf8.DecodeLastRune(v)
	first, _ := utf8.DecodeRune(after)
	return content.BreakJoins(last, first)
}

// quickText is Text of a body in plain Markdown (content.IsPlainMarkdown), without
// parsing it: its blocks one a line, a paragraph's lines joined as the parse joins them.
// ok is false for any other body. TestPlainQuick and FuzzPlainQuick hold it to the parse.
func quickText(src string) (text string, ok bool) {
	if !content.IsPlainMarkdown(src) {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(src))
	content.EachPlainLine(src, func(l content.PlainLine) {
		switch {
		case l.Continues: // a soft line break: gone between East Asian wide characters, else a space
			if !l.Joined {
				b.WriteByte(' ')
			}
		case b.Len() > 0: // a heading or a paragraph's first line: a block of its own
			b.WriteByte('\n')
		}
		b.WriteString(l.Text)
	})
	return strings.TrimSpace(b.String()), true
}
