package desk

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"wuxiao/generator/content"
)

// newMarkdown is how the desk shows a body: the project's one dialect (content.Markdown,
// GitHub Flavored Markdown with footnotes) with Chinese line breaks joined, as the site
// does; raw HTML is never passed through and dangerous link schemes are dropped
// (goldmark's defaults, as on the site); headings sit one level under the packet's own;
// an image shows as its description and address and is never fetched, so a page of the
// desk makes no request to another host; a link or an image naming one of the result's
// proofs leads to the desk's copy of it (linkProofs).
func newMarkdown() goldmark.Markdown {
	return content.Markdown(
		goldmark.WithExtensions(extension.NewCJK(extension.WithEastAsianLineBreaks())),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(demote{}, 100), util.Prioritized(linkProofs{}, 100))),
		goldmark.WithRendererOptions(gmrenderer.WithNodeRenderers(util.Prioritized(imageAsText{}, 100))),
	)
}

// markdownHTML converts a body; a body that cannot be converted shows as plain text.
func markdownHTML(md goldmark.Markdown, src string) template.HTML {
	return markdownHTMLFor(md, src, nil)
}

// markdownHTMLFor is markdownHTML of a body whose links and images naming its proofs lead
// to the desk's addresses of them (proofs).
func markdownHTMLFor(md goldmark.Markdown, src string, proofs proofLinks) template.HTML {
	var b bytes.Buffer
	pc := parser.NewContext()
	if proofs != nil {
		pc.Set(proofLinksKey, proofs)
	}
	if err := md.Convert([]byte(src), &b, parser.WithContext(pc)); err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(b.String())
}

// demote moves every heading one level down (the packet's result titles are h2).
type demote struct{}

func (demote) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(h.Level+1, 6)
		}
		return ast.WalkContinue, nil
	})
}

// imageAsText writes an image as 〔图片：description〕 and its address as text.
type imageAsText struct{}

func (imageAsText) RegisterFuncs(reg gmrenderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			img := n.(*ast.Image)
			_, proof := img.AttributeString(proofAttr)
			if proof { // a link to the proof, which the expert opens when he wants to
				_, _ = w.WriteString(`<a class="image-text" href="` + template.HTMLEscapeString(string(img.Destination)) + `">〔图片：`)
			} else {
				_, _ = w.WriteString(`<span class="image-text">〔图片：`)
			}
			for c := img.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					_, _ = w.WriteString(template.HTMLEscapeString(string(t.Segment.Value(src))))
				}
			}
			if proof {
				_, _ = w.WriteString("〕</a>")
			} else {
				_, _ = w.WriteString("（" + template.HTMLEscapeString(string(img.Destination)) + "）〕</span>")
			}
		}
		return ast.WalkSkipChildren, nil
	})
}
