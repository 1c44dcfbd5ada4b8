package testtree

import (
	"math/rand/v2"
	"strings"
)

// plainPieces are what a plain description (content.IsPlainMarkdown) is made of: words,
// digits, the punctuation it allows, spaces, line breaks and ATX headings.
var plainPieces = []string{"改进", "了", "皮带", "。", "，", "a", "PLC", "kW", "5G", "15.1", "2023", "%", ",", ".", " ", "  ", "\n", "\n\n",
	"# ", "## ", "### ", "#### ", "##### ", "###### ", "\u3000"}

// markupPieces are what makes a body not plain, or nearly so: Markdown's other syntax,
// entities, escapes, autolink starts, and characters that are spaces or controls to one
// reader and not another.
var markupPieces = []string{"####### ", "#", "1. ", "2.", "12)", "- ", "* ", "+ ", "> ", "    ", "\t", "=", "---", "***", "```",
	"~", "_", "`", "*", "[", "]", "(", ")", "!", "<", "&", "&amp;", "\\", "|", ":", "@", "www.", "WWW.", "http", "ｗｗｗ．",
	"\u00a0", "😀", "\r", "\x00", "\"", "'"}

// NearlyPlainBodies gives n descriptions made mostly of plain pieces and now and then of
// another, for the tests that hold a quick path for plain descriptions (render's
// quickHTML, search's quickText) to the Markdown parse it stands in for. The same seed
// gives the same bodies.
func NearlyPlainBodies(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	bodies := make([]string, n)
	for i := range bodies {
		var b strings.Builder
		for range 1 + r.IntN(16) {
			if r.IntN(8) == 0 {
				b.WriteString(markupPieces[r.IntN(len(markupPieces))])
			} else {
				b.WriteString(plainPieces[r.IntN(len(plainPieces))])
			}
		}
		bodies[i] = b.String()
	}
	return bodies
}
