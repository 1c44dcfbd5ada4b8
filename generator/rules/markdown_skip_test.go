package rules

import (
	"math/rand/v2"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// TestMarkdownSkipFindsNothing: where mayFindInMarkdown lets checkBody skip a body, the
// parse finds nothing in it: 100,000 bodies of Markdown made without < [ or : (every other
// construct: emphasis, code, lists, quotes, tables, headings, escapes, references, bare
// www. and e-mail addresses, footnote-like carets and brackets' other halves). And the
// bodies it does not skip are those that can hold a finding.
func TestMarkdownSkipFindsNothing(t *testing.T) {
	md := content.Markdown()
	pieces := []string{"效益", "a", " ", "  ", "\n", "\n\n", "    ", "\t", "# ", "## ", "- ", "* ", "+ ", "1. ", "> ", "---", "***",
		"```", "~~~", "`", "**", "_", "~~", "|", "| a | b |\n|---|---|\n", "!", "]", "(", ")", "^", "\\", "&amp;", "&#60;", "&",
		"www.example.org", "example.org", "x@example.org", "mailto", "ftp//x", "javascript", "https//", "=", "\"", "'", "/", "@"}
	r := rand.New(rand.NewPCG(5, 9))
	for i := range 100000 {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		src := []byte(b.String())
		if mayFindInMarkdown(string(src)) {
			t.Fatalf("body %d %q holds < [ or : and is not skipped: the test makes none", i, src)
		}
		var out diag.List
		checkBodyParsed(md, "f.md", 1, src, &out)
		if n := len(out.Items()); n > 0 {
			t.Fatalf("checkBody would skip %q, but the parse finds %d: %v", src, n, out.Items())
		}
	}
	for _, s := range []string{"<b>x</b>", "[a](javascript:x)", "[^1]", "ftp://example.org/x"} {
		var out diag.List
		checkBody(md, "f.md", 1, []byte(s), &out)
		if len(out.Items()) == 0 {
			t.Errorf("checkBody(%q) finds nothing", s)
		}
	}
}
