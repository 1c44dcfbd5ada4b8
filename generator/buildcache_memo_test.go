package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestMemoSavedWhenStale: a build through a cache keeps rule duplicate's memo again only
// once it is stale by more than a few submissions (staleDocs) or was searched anew (a
// submission added, which the check refuses as a copy): the builds after a title edit leave the memo kept as it was, and
// find what a cold build finds all the same.
func TestMemoSavedWhenStale(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS(filepath.Join("..", "content"))); err != nil {
		t.Fatal(err)
	}
	subs, _ := filepath.Glob(filepath.Join(root, "content", "*", "submissions", "*", "*.md"))
	slices.Sort(subs)
	cache := &memCache{}
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	out := filepath.Join(t.TempDir(), "out")
	saved := func() []byte {
		cache.mu.Lock()
		defer cache.mu.Unlock()
		return cache.m[memoKey]
	}
	build := func(step string) {
		t.Helper()
		warm, _, err := Build(cfg, BuildOptions{Out: out, Cache: cache})
		cold, _, coldErr := Build(cfg, BuildOptions{Out: filepath.Join(t.TempDir(), "cold")})
		if err != coldErr || warm == nil {
			t.Fatalf("%s: the cached build gave %v, the cold one %v", step, err, coldErr)
		}
		if warm.Text() != cold.Text() {
			t.Fatalf("%s: the cached build found\n%s\nthe cold one\n%s", step, warm.Text(), cold.Text())
		}
	}
	edit := func(i int, f func(string) string) {
		data, _ := os.ReadFile(subs[i])
		os.WriteFile(subs[i], []byte(f(string(data))), 0o644)
	}
	build("first build")
	first := saved()
	if len(first) == 0 {
		t.Fatal("no memo kept")
	}
	for i := range staleDocs(len(subs)) {
		edit(i, func(s string) string { return strings.Replace(s, "title: ", fmt.Sprintf("title: 改%d", i), 1) })
		build(fmt.Sprintf("title %d", i))
		if !bytes.Equal(saved(), first) {
			t.Fatalf("after %d titles changed, the memo was kept again", i+1)
		}
	}
	edit(staleDocs(len(subs)), func(s string) string { return strings.Replace(s, "title: ", "title: 又改", 1) })
	build("one title more")
	if bytes.Equal(saved(), first) {
		t.Fatal("stale by more than staleDocs, the memo was not kept again")
	}
	second := saved()
	data, _ := os.ReadFile(subs[0])
	os.WriteFile(filepath.Join(filepath.Dir(subs[0]), "xinzeng.md"), []byte(strings.Replace(string(data), "title: ", "title: 新增", 1)), 0o644)
	build("a submission added")
	if bytes.Equal(saved(), second) {
		t.Fatal("a submission added, the memo was not kept again")
	}
}
