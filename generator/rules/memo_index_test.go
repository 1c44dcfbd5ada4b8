package rules_test

import (
	"sync"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
)

// TestRunMemoIndexesEachTreeOnce: without a memo every file is missed, so the one-file
// rules read the whole tree, and they share its Index with the rules that always run; the
// tree rules and the rules that read Failing share the blank tree's. Each group made its
// own (four indexes where two do): at 100,000 results an index is about 12 MB, and three
// were live at once in the build's largest live heap (a heap profile, session 17).
func TestRunMemoIndexesEachTreeOnce(t *testing.T) {
	tree, _, err := content.Load(baseTree(t))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]*rules.Context{}
	record := func(name string) func(*rules.Context, *diag.List) {
		return func(ctx *rules.Context, _ *diag.List) {
			mu.Lock()
			seen[name] = ctx
			mu.Unlock()
		}
	}
	list := []rules.Rule{
		{Name: "file", Reach: rules.ReachFile, Check: record("file")},
		{Name: "tree", Reach: rules.ReachTree, Check: record("tree")},
		{Name: "always", Reach: rules.ReachTree, Slow: true, Check: record("always")},
		{Name: "last", Reach: rules.ReachTree, ReadsFailing: true, Check: record("last")},
	}
	now, err := content.ParseDate("2024-06-01")
	if err != nil {
		t.Fatal(err)
	}
	rules.RunMemo(tree, now, list, nil, nil, &diag.List{})
	for _, name := range []string{"file", "tree", "always", "last"} {
		if seen[name] == nil {
			t.Fatalf("rule %s did not run", name)
		}
	}
	if seen["file"].Tree != tree || seen["always"].Tree != tree {
		t.Errorf("the one-file and the slow rules read other trees than the one loaded")
	}
	if seen["file"].Index != seen["always"].Index {
		t.Errorf("the one-file rules and the slow ones each indexed the whole tree")
	}
	if seen["tree"].Tree != seen["last"].Tree || seen["tree"].Index != seen["last"].Index {
		t.Errorf("the tree rules and the rules reading Failing each indexed the blank tree")
	}
}
