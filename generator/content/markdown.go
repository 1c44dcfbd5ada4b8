package content

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Markdown is the project's one Markdown dialect (contract v2): GitHub Flavored Markdown
// as GitHub's preview shows a body — tables, strikethrough, autolinks (www. and http(s)
// addresses), task lists — and footnotes ([^1]). The checker, the site and the search
// index all parse bodies with it, so a reviewer approves what the site publishes; opts
// add what one of them needs on top (the site's heading levels, Chinese line breaks).
// Footnote labels match their definitions without regard to case, as on GitHub
// (footnotes.go).
func Markdown(opts ...goldmark.Option) goldmark.Markdown {
	return goldmark.New(append([]goldmark.Option{goldmark.WithParser(newFoldLabels()), goldmark.WithExtensions(extension.GFM, extension.Footnote)}, opts...)...)
}
