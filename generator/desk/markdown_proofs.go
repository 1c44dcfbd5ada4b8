package desk

import (
	"net/url"
	"path"
	"strings"

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
// desk's address of it, keeping a query or fragment written after the name (#page=2).
type linkProofs struct{}

func (linkProofs) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	proofs, _ := pc.Get(proofLinksKey).(proofLinks)
	if len(proofs) == 0 {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch x := n.(type) {
		case *ast.Link:
			dest = &x.Destination
		case *ast.Image:
			dest = &x.Destination
		default:
			return ast.WalkContinue, nil
		}
		u, ok := proofs[content.LocalFile(string(*dest))]
		if !ok {
			return ast.WalkContinue, nil
		}
		rest := ""
		if i := strings.IndexAny(string(*dest), "?#"); i >= 0 {
			rest = string((*dest)[i:])
			if rest[0] == '?' { // the proof's own query: keep the fragment alone
				_, frag, found := strings.Cut(rest, "#")
				rest = ""
				if found {
					rest = "#" + frag
				}
			}
		}
		*dest = []byte(u + rest)
		if _, isImage := n.(*ast.Image); isImage {
			n.SetAttributeString(proofAttr, true)
		}
		return ast.WalkContinue, nil
	})
}
