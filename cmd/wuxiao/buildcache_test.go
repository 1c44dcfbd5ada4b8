package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

// TestBuildCacheFlag: wuxiao build --cache DIR keeps a cache under a folder named by the
// program, gives after an edit the site a build without it gives, and keeps only what the
// last build used: the entries of pages that changed and other versions' folders go.
func TestBuildCacheFlag(t *testing.T) {
	root := testtree.Write(t, nil)
	cache := filepath.Join(t.TempDir(), "cache")
	warm, cold := filepath.Join(t.TempDir(), "warm"), filepath.Join(t.TempDir(), "cold")
	build := func(args ...string) {
		t.Helper()
		code, stdout, stderr := run(append([]string{"build", "--root", root, "--now", "2026-11-25"}, args...)...)
		if code != ExitOK {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
		if strings.Contains(stderr, "构建缓存") { // what it writes is read back whole
			t.Fatalf("the cache was found damaged:\n%s", stderr)
		}
	}
	count := func() int {
		n := 0
		filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
		return n
	}
	build("--out", warm, "--cache", cache)
	first := count()
	versions, _ := filepath.Glob(filepath.Join(cache, "build-*"))
	if len(versions) != 1 || first < 10 {
		t.Fatalf("cache folders %v, %d entries", versions, first)
	}
	stale := filepath.Join(cache, "build-0000000000000000")
	os.MkdirAll(stale, 0o755)
	os.WriteFile(filepath.Join(stale, "x"), []byte("old"), 0o644)
	sub := filepath.Join(root, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md")
	for i, title := range []string{"一", "二", "三"} {
		data, _ := os.ReadFile(sub)
		os.WriteFile(sub, bytes.Replace(data, []byte("title: "), []byte("title: "+title), 1), 0o644)
		build("--out", warm, "--cache", cache)
		build("--out", cold)
		if a, b := tree(t, warm), tree(t, cold); a != b {
			t.Fatalf("edit %d: the cached build differs from a cold one", i)
		}
		if !strings.Contains(tree(t, warm), title) {
			t.Fatalf("edit %d: the new title is not in the site", i)
		}
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("another version's cache folder was kept")
	}
	// A build after an edit still reads what the edited document was (the search index's
	// part of it, to take away the keys it lost), so that part stays for one build more:
	// the count is taken after a build with nothing changed. It has one entry more than
	// after the first build: the record of the folder kept beside the output, which is
	// brought up to date in place by the next build.
	build("--out", warm, "--cache", cache)
	if n := count(); n > first+1 || n < first-4 {
		t.Errorf("the cache went from %d entries to %d over three edits (pages left in place keep theirs)", first, n)
	}
}

// tree is every file under dir with its bytes, as one text.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		b.WriteString("== " + rel + "\n")
		b.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestBuildCacheDamaged: cache files truncated, emptied, overwritten or replaced by a
// folder are ignored with one warning, and the site is the one a build without the cache
// makes.
func TestBuildCacheDamaged(t *testing.T) {
	root := testtree.Write(t, nil)
	cache := filepath.Join(t.TempDir(), "cache")
	warm, cold := filepath.Join(t.TempDir(), "warm"), filepath.Join(t.TempDir(), "cold")
	if code, stdout, stderr := run("build", "--root", root, "--now", "2026-11-25", "--out", warm, "--cache", cache); code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	var files []string
	filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 8 {
		t.Fatalf("%d cache files", len(files))
	}
	for i, p := range files {
		data, _ := os.ReadFile(p)
		switch i % 4 {
		case 0:
			os.WriteFile(p, data[:len(data)/2], 0o644)
		case 1:
			os.WriteFile(p, nil, 0o644)
		case 2:
			data[len(data)-1] ^= 0x20
			os.WriteFile(p, data, 0o644)
		case 3:
			os.Remove(p)
			os.MkdirAll(filepath.Join(p, "x"), 0o755)
		}
	}
	os.RemoveAll(warm) // every page from the cache, none linked from the last output
	code, stdout, stderr := run("build", "--root", root, "--now", "2026-11-25", "--out", warm, "--cache", cache)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if n := strings.Count(stderr, "警告"); n != 1 || !strings.Contains(stderr, "已损坏") {
		t.Errorf("damaged cache: %d warnings in\n%s", n, stderr)
	}
	if code, stdout, stderr := run("build", "--root", root, "--now", "2026-11-25", "--out", cold); code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if tree(t, warm) != tree(t, cold) {
		t.Error("the build through a damaged cache differs from a build without it")
	}
}

// TestYearFilePartsKept: a cached build that leaves a year's files in place (nothing of
// them changed) keeps what the next change of them is made from, the line index of the
// open data and the deflated pieces of the decision's annex, though it reads neither: a
// cache forgets what a build did not use.
func TestYearFilePartsKept(t *testing.T) {
	root := testtree.Write(t, nil)
	cache := filepath.Join(t.TempDir(), "cache")
	out := filepath.Join(t.TempDir(), "public")
	build := func() {
		t.Helper()
		if code, stdout, stderr := run("build", "--root", root, "--now", "2026-11-25", "--out", out, "--cache", cache); code != ExitOK {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
	}
	parts := func() map[string]bool {
		got := map[string]bool{}
		filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
			if name := filepath.Base(p); err == nil && !d.IsDir() && (strings.HasPrefix(name, "annex-") || strings.HasPrefix(name, "lines-")) {
				got[name] = true
			}
			return nil
		})
		return got
	}
	build()
	made := parts()
	annex, lines := 0, 0
	for p := range made {
		if strings.HasPrefix(p, "annex-") {
			annex++
		} else {
			lines++
		}
	}
	if annex == 0 || lines == 0 {
		t.Fatalf("the first build kept %d annex pieces and %d line indexes", annex, lines)
	}
	for range 2 {
		build() // nothing changed: the year files are left in place
	}
	kept := parts()
	for p := range made {
		if !kept[p] {
			t.Errorf("%s was forgotten by builds that left its file in place", p)
		}
	}
}

// TestProgramID: the cache's folder is named by the Go build ID the go command wrote
// into the program (its last part a hash of the program's bytes), read without reading
// the program; a file without one is named by a hash of its bytes.
func TestProgramID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "tool", "buildid", exe)
	cmd.Env = goCommandEnv()
	want, err := cmd.Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if got := goBuildID(exe); got != strings.TrimSpace(string(want)) || got == "" {
		t.Errorf("build ID %q, go tool buildid says %q", got, want)
	}
	dir := t.TempDir()
	ids := map[string]bool{}
	for _, data := range []string{"#!/bin/sh\necho 1\n", "#!/bin/sh\necho 2\n", "\x7fELF broken"} {
		file := filepath.Join(dir, "prog")
		if err := os.WriteFile(file, []byte(data), 0o755); err != nil {
			t.Fatal(err)
		}
		if id := goBuildID(file); id != "" {
			t.Errorf("%q: build ID %q", data, id)
		}
		id, err := programID(file)
		if err != nil {
			t.Fatal(err)
		}
		ids[id] = true
	}
	if id, err := programID(exe); err != nil || ids[id] || len(ids) != 3 {
		t.Errorf("programs named %v and %s (%v)", ids, id, err)
	}
}

// BenchmarkCacheListPrune lists a cache of 21,000 entries, as a rebuild of 10,000
// results finds it, and prunes it of the one entry the build did not use.
func BenchmarkCacheListPrune(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "build-0123456789abcdef")
	var keys []string
	for i := range 21000 {
		key := fmt.Sprintf("page-%064x", i*7919)
		keys = append(keys, key)
		c := &buildCache{dir: dir, used: map[string]bool{}}
		os.MkdirAll(filepath.Dir(c.path(key)), 0o755)
		os.WriteFile(c.path(key), nil, 0o644)
	}
	used := map[string]bool{}
	for _, k := range keys[1:] {
		used[k] = true
	}
	b.ResetTimer()
	for b.Loop() {
		c := &buildCache{dir: dir, used: used}
		c.listLater()
		c.prune()
		b.StopTimer()
		os.WriteFile(c.path(keys[0]), nil, 0o644)
		b.StartTimer()
	}
}

// TestBuildCacheGetString: an entry read into a string is the entry's bytes; none, or a
// folder at its place, is a miss.
func TestBuildCacheGetString(t *testing.T) {
	c := &buildCache{dir: t.TempDir(), used: map[string]bool{}}
	data := []byte(strings.Repeat("解析结果", 30000)) // longer than a read's piece
	c.Put("parsed-files", data)
	if got, ok := c.GetString("parsed-files"); !ok || got != string(data) {
		t.Fatalf("read back a string of %d bytes, %v", len(got), ok)
	}
	if got, ok := c.GetString("page-none"); ok || got != "" {
		t.Errorf("no entry: %d bytes, %v", len(got), ok)
	}
	if err := os.MkdirAll(c.path("page-folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.GetString("page-folder"); ok {
		t.Error("a folder read as an entry")
	}
}

// TestBuildCacheGetInto: an entry read into a buffer is its bytes whole, the buffer grown
// for one longer than it holds and reused for one shorter; no entry and a folder are
// misses.
func TestBuildCacheGetInto(t *testing.T) {
	c := &buildCache{dir: t.TempDir(), used: map[string]bool{}}
	long, short := []byte(strings.Repeat("页面", 40000)), []byte("<p>短</p>")
	c.Put("page-long", long)
	c.Put("page-short", short)
	var buf bytes.Buffer
	buf.WriteString("left from the page before")
	for _, want := range [][]byte{short, long, short} {
		key := "page-short"
		if len(want) == len(long) {
			key = "page-long"
		}
		if got, ok := c.GetInto(key, &buf); !ok || !bytes.Equal(got, want) {
			t.Fatalf("%s: read back %d bytes, %v", key, len(got), ok)
		}
	}
	if got, ok := c.GetInto("page-none", &buf); ok || got != nil {
		t.Errorf("no entry: %d bytes, %v", len(got), ok)
	}
	if err := os.MkdirAll(c.path("page-folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.GetInto("page-folder", &buf); ok {
		t.Error("a folder read as an entry")
	}
	if !c.used["page-long"] || !c.used["page-none"] {
		t.Error("an entry read into a buffer was not marked used (the cache would forget it)")
	}
}

// TestBuildCacheWithoutOutput: a build as CI makes it, from a fresh copy of the content
// (every file's stamp new) into no output, through the cache a build before it left,
// after a title changed, writes the site a build without the cache writes, every
// unchanged page from the cache.
func TestBuildCacheWithoutOutput(t *testing.T) {
	src := testtree.Write(t, nil)
	cache := filepath.Join(t.TempDir(), "cache")
	build := func(root, out string, args ...string) {
		t.Helper()
		code, stdout, stderr := run(append([]string{"build", "--root", root, "--now", "2026-11-25", "--out", out}, args...)...)
		if code != ExitOK || strings.Contains(stderr, "构建缓存") {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
	}
	build(src, filepath.Join(t.TempDir(), "first"), "--cache", cache)
	sub := "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
	for i, title := range []string{"一", "二"} {
		root := t.TempDir() // a checkout: new files, the cache's stamps all stale
		testtree.Copy(t, src, root)
		data, err := os.ReadFile(filepath.Join(root, sub))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(root, sub), bytes.Replace(data, []byte("title: "), []byte("title: "+title), 1), 0o644)
		warm, cold := filepath.Join(t.TempDir(), "warm"), filepath.Join(t.TempDir(), "cold")
		build(root, warm, "--cache", cache)
		build(root, cold)
		if a, b := tree(t, warm), tree(t, cold); a != b || !strings.Contains(a, title) {
			t.Fatalf("build %d through the cache, without an output from before, differs from a cold one (or lacks the title)", i)
		}
	}
}
