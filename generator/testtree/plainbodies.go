package testtree

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
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

// QuickPath holds a quick path for plain descriptions to the parse it stands in for.
// same reports whether the quick path answered for the body src (named name in
// messages), and fails the test where its answer differs from the parse's. It is asked
// of every Markdown body of the demo content and of a 200-result synthetic tree, of
// which the quick path must answer for 99 %, and of 100,000 NearlyPlainBodies(seed), of
// which it must answer for 5,000 at least: fewer would test it too little.
func QuickPath(t *testing.T, quick string, seed uint64, same func(name, src string) bool) {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	synth := filepath.Join(t.TempDir(), "synth")
	Synth(t, 200, synth)
	for _, src := range []struct {
		root string
		min  float64
	}{{filepath.Join(filepath.Dir(file), "..", ".."), 0}, {synth, 0.99}} {
		bodies, took := 0, 0
		for p, text := range Files(t, filepath.Join(src.root, "content")) {
			_, body, ok := strings.Cut(strings.TrimPrefix(text, "---\n"), "\n---\n")
			if !strings.HasSuffix(p, ".md") || !ok {
				continue
			}
			bodies++
			if same(p, body) {
				took++
			}
		}
		if bodies == 0 || float64(took) < src.min*float64(bodies) {
			t.Errorf("%s: %s answered for %d of %d bodies", src.root, quick, took, bodies)
		}
		t.Logf("%s: %s answered for %d of %d bodies", src.root, quick, took, bodies)
	}
	took := 0
	for i, body := range NearlyPlainBodies(seed, 100000) {
		if same(fmt.Sprintf("body %d", i), body) {
			took++
		}
	}
	t.Logf("%s answered for %d of 100,000 bodies", quick, took)
	if took < 5000 {
		t.Errorf("%s answered for %d of 100,000 bodies: too few to test it", quick, took)
	}
}
