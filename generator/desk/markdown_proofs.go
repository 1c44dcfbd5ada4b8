package desk

import (
	"net/url"
	"path"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"wuxiao/generator/content"
)

// proofLinks maps the files a body may name beside it (content.LocalFile's reading of a
// destination) to the desk's address of that proof.
type proofLinks map[string]string

// packetProofs is the proofLinks of a submission shown in an expert's packet: every one of
// its proofs, public or not, at expertProof's address under the desk's prefix.
func packetProofs(prefix string, sub *content.Submission) proofLinks {
	if sub == nil || len(sub.Attachments) == 0 {
		return nil
	}
	links := make(proofLinks, len(sub.Attachments))
	for _, a := range sub.Attachments {
		links[path.Clean(a.File)] = prefix + "expert/proof?id=" + url.QueryEscape(sub.ID()) + "&file=" + url.QueryEscape(a.File)
	}
	return links
}

// proofLinksKey carries a body's proofLinks through the parse to linkProofs.
var proofLinksKey = parser.NewContextKey()

// proofAttr marks an image that names a proof, for imageAsText.
const proofAttr = "data-proof"

// linkProofs points the links and images of a body that name one of its proofs at the
// desk's address of it (content.PointFiles), marking such an image for imageAsText.
type linkProofs struct{}

func (linkProofs) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	proofs, _ := pc.Get(proofLinksKey).(proofLinks)
	content.PointFiles(doc, proofs, func(n ast.Node) {
		if _, isImage := n.(*ast.Image); isImage {
			n.SetAttributeString(proofAttr, true)
		}
	})
}
