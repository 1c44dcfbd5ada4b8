package rules_test

import (
	"crypto/sha256"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"wuxiao/generator/content"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
)

// TestMemoAnswersTitleEdit: a submission whose title grows (the edit a rebuild sees most,
// and one that changes the file's size) is the only part the memo does not answer for:
// the tree rules read no title and no file's size, so their findings come from the memo,
// and so do those of the rules that read Context.Failing. (The memo's other tests show
// that what it answers is right; this one, that it answers.)
func TestMemoAnswersTitleEdit(t *testing.T) {
	d, _ := content.ParseDate("2024-06-01")
	run := func(fsys fstest.MapFS, memo *rules.Memo) (reused, parsed int) {
		tree, diags, err := content.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		sums := map[string][32]byte{}
		for name, f := range fsys {
			sums[name] = sha256.Sum256(f.Data)
			if strings.HasPrefix(name, "content/") && (strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".yaml")) {
				parsed++
			}
		}
		return rules.RunMemo(tree, d, ruleset.All(nil), sums, memo, diags), parsed
	}
	memo := rules.NewMemo()
	base := baseTree(t)
	run(base, memo)
	title := regexp.MustCompile(`(?m)^title: (.*)$`)
	edited := 0
	for name, f := range base {
		if !strings.Contains(name, "/submissions/") || !title.Match(f.Data) {
			continue
		}
		fsys := baseTree(t)
		fsys[name] = &fstest.MapFile{Data: title.ReplaceAll(f.Data, []byte("title: ${1}（改进型）")), Mode: 0o644}
		reused, parsed := run(fsys, memo)
		if want := parsed - 1 + 2; reused != want { // every file but the edited one, the tree rules, the rules of Failing
			t.Errorf("%s with a longer title: %d parts from the memo, want %d (of %d files, the tree rules and those of Failing)", name, reused, want, parsed)
		}
		run(base, memo)
		edited++
	}
	if edited == 0 {
		t.Fatal("no submission with a title")
	}
}
