package rules

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"wuxiao/generator/content"
	"wuxiao/generator/cpuclock"
)

// FuzzMarkdownSlow searches for Markdown constructs whose parsing time grows faster than
// their length: each input is a unit repeated to about 64 KiB; unless the loader refuses
// the result (as it refuses crowded paragraphs), the rule's parser and a parser with every
// GFM extension must finish within a per-input budget far above an ordinary body's time.
func FuzzMarkdownSlow(f *testing.F) {
	for _, seed := range []string{"*a_", "abc ", "[a](", "**a__", "~~a", "`a", "[a]: b\n", "> a\n", "- a\n", "|a|\n", "a[^1]\n", "<a", "![a", "&#1;", "\\*", "1. a\n  ", "www.a.b ", "http://a_", "***a", "[![a](", "*a**_b__"} {
		f.Add(seed)
	}
	rule := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	full := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.NewCJK(extension.WithEastAsianLineBreaks())))
	const size, budget = 64 << 10, 2 * time.Second
	f.Fuzz(func(t *testing.T, unit string) {
		if unit == "" || len(unit) > 256 {
			return
		}
		body := strings.Repeat(unit, size/len(unit)+1)[:size]
		page := "---\ntitle: 页面\n---\n" + body
		tree, diags, err := content.Load(fstest.MapFS{"content/pages/a.md": {Data: []byte(page)}})
		if err != nil || len(tree.Pages) == 0 || tree.Pages[0].Body == "" || diags.Failed(false) {
			return // refused before parsing
		}
		for name, md := range map[string]goldmark.Markdown{"rule": rule, "gfm": full} {
			start := cpuclock.Used() // CPU, not the clock: other programs' time is not the parser's
			md.Parser().Parse(text.NewReader([]byte(tree.Pages[0].Body)))
			if took := cpuclock.Used() - start; took > budget {
				t.Errorf("%s parser: %q repeated to %d bytes took %v", name, clipUnit(unit), size, took)
			}
		}
	})
}

func clipUnit(s string) string { return clip(s, 40) }
