package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReadmePackageMap: the README's map of the code (the block under 代码结构) names
// every folder of Go code under cmd/ and generator/, and nothing that is not there.
func TestReadmePackageMap(t *testing.T) {
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "## 代码结构")
	_, block, ok2 := strings.Cut(section, "```\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README has no code block under ## 代码结构")
	}
	var listed []string
	var parents []string // the folder each indentation level is in
	for _, line := range strings.Split(block, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		depth := (len(line) - len(trimmed)) / 2
		if trimmed == "" || depth > len(parents) {
			continue
		}
		parents = parents[:depth]
		base := slices.Clone(parents)
		for i, word := range strings.Fields(trimmed) { // "watch/ live/" names two siblings
			if !strings.HasSuffix(word, "/") {
				break
			}
			name := strings.TrimSuffix(word, "/")
			listed = append(listed, strings.Join(append(slices.Clone(base), name), "/"))
			if i == 0 {
				parents = append(parents, name)
			}
		}
	}
	var actual []string
	for _, top := range []string{"cmd", "generator"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || d.Name() == "static" || d.Name() == "templates") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(p, ".go") {
				rel, _ := filepath.Rel(root, filepath.Dir(p))
				actual = append(actual, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(actual)
	actual = slices.Compact(actual)
	for _, dir := range actual {
		if !slices.Contains(listed, dir) {
			t.Errorf("README's code map lacks %s/", dir)
		}
	}
	for _, dir := range listed {
		if (strings.HasPrefix(dir, "cmd/") || strings.HasPrefix(dir, "generator/")) && !slices.Contains(actual, dir) {
			t.Errorf("README's code map names %s/, which holds no Go code", dir)
		}
	}
}
