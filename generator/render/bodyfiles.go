package render

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"wuxiao/generator/content"
	"wuxiao/generator/urls"
)

// bodyFiles maps the files a body may name beside it (content.LocalFile's reading of a
// destination) to their addresses from the body's page: a submission's public proofs,
// published under the year's attachments, not beside the result page.
type bodyFiles map[string]string

// resultFiles is the bodyFiles of result page p: its public proofs, or nil.
func (p *PageData) resultFiles() bodyFiles {
	if p.Kind != "result" || p.Result == nil || len(p.Result.Attachments) == 0 {
		return nil
	}
	files := make(bodyFiles, len(p.Result.Attachments))
	for _, a := range p.Result.Attachments {
		// Escaped, and & too, so that the link renderer's decoding of entities and
		// escapes leaves the address as it is.
		files[a.file] = strings.ReplaceAll(p.Root+urls.Escaped(a.URL), "&", "%26")
	}
	return files
}

// fileLinksKey carries a body's bodyFiles through the parse to fileLinks.
var fileLinksKey = parser.NewContextKey()

// parseOption hands files to the parse of one body (goldmark keeps no state between
// conversions, so the files go with each).
func (f bodyFiles) parseOption() parser.ParseOption {
	ctx := parser.NewContext()
	if f != nil {
		ctx.Set(fileLinksKey, f)
	}
	return parser.WithContext(ctx)
}

// fileLinks points the links and images of a body that name one of its files at the
// file's address (content.PointFiles).
type fileLinks struct{}

func (fileLinks) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	files, _ := pc.Get(fileLinksKey).(bodyFiles)
	content.PointFiles(doc, files, nil)
}
