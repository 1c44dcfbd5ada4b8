package generator

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/pullreq"
)

// TestPagesExistInBuild: every page that wuxiao pages names for a change of any file of
// the demo content is a page the build writes; the two follow one URL scheme (package urls).
func TestPagesExistInBuild(t *testing.T) {
	out, _ := builtDemo(t)
	tree, _, err := content.Load(content.DirFS(".."))
	if err != nil {
		t.Fatal(err)
	}
	var changes []pullreq.Change
	for file := range tree.Files {
		changes = append(changes, pullreq.Change{Status: 'M', Path: file})
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	pages, _ := pullreq.Pages(changes, tree)
	if len(pages) < 30 {
		t.Fatalf("only %d pages for %d files", len(pages), len(changes))
	}
	kinds := map[content.Kind]bool{}
	for _, p := range pages {
		file := p.URL
		if file == "" || strings.HasSuffix(file, "/") {
			file += "index.html"
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(file))); err != nil {
			t.Errorf("pages names %q (for %s), which the build did not write", p.URL, p.File)
		}
		kinds[content.Classify(p.File).Kind] = true
	}
	t.Logf("%d pages of %d kinds of file checked", len(pages), len(kinds))
}
