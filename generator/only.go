package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"wuxiao/generator/diag"
)

// Only keeps the findings of diags that lie in paths (files or folders, as a person types
// them: relative to the current folder or absolute), for `wuxiao check PATH...`: the whole
// tree is still loaded and checked, so references across files are judged as usual, but
// only those files are reported. A path that does not exist or lies outside root is an error.
func Only(root string, diags *diag.List, paths []string) (*diag.List, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	var files, dirs []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("找不到 %s", p)
		}
		abs, _ := filepath.Abs(p)
		rel, err := filepath.Rel(absRoot, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("%s 不在 %s 之内", p, root)
		}
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
			return diags, nil
		case info.IsDir():
			dirs = append(dirs, rel+"/")
		default:
			files = append(files, rel)
		}
	}
	out := &diag.List{}
	for _, d := range diags.Items() {
		keep := false
		for _, f := range files {
			keep = keep || d.Pos.File == f
		}
		for _, dir := range dirs {
			keep = keep || strings.HasPrefix(d.Pos.File, dir)
		}
		if keep {
			out.Add(d)
		}
	}
	return out, nil
}
