package generator

import (
	"io/fs"

	"wuxiao/generator/content"
	"wuxiao/generator/dedup"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
)

// CheckFS applies every rule to the tree in fsys (the folder holding content/), as Check
// does for a folder on disk, less the Git history of final years: the desk checks a change
// before it becomes a commit.
func CheckFS(fsys fs.FS, now content.Date, dedupCache dedup.Store) (*content.Tree, *diag.List, error) {
	tree, diags, err := content.Load(fsys)
	if err != nil {
		return nil, nil, err
	}
	if now.IsZero() {
		now = Today()
	}
	rules.Run(tree, now, ruleset.All(dedupCache), diags)
	diags.Sort()
	return tree, diags, nil
}
