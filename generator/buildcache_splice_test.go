package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/record"
)

// TestLineIndexDamaged: a year file's line index is read back as kept; any prefix of it,
// another base, or a line placed outside the file or over the one before is refused; and
// whatever byte is flipped, what is read places every line inside the file, each after
// the one before.
func TestLineIndexDamaged(t *testing.T) {
	src := filepath.Join(t.TempDir(), "2023.json")
	if err := os.WriteFile(src, make([]byte, 4000), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x := newLineIndex("base", 30)
	for i := range 30 {
		x.add(fmt.Sprintf("2023/results/u%d/s%d/", i, i), fmt.Sprintf("%064x", i), int64(10+i*100), 98)
	}
	data := x.encode()
	got := readLineIndex(data, "base", f)
	if got == nil || len(got.lines) != 30 || string(got.lines[7].url) != "2023/results/u7/s7/" || got.lines[29].off != 2910 {
		t.Fatalf("read back %+v", got)
	}
	if off, n, ok := got.find("2023/results/u7/s7/", fmt.Sprintf("%064x", 7)); !ok || off != 710 || n != 98 {
		t.Errorf("find: %d, %d, %v", off, n, ok)
	}
	if _, _, ok := got.find("2023/results/u7/s7/", fmt.Sprintf("%064x", 8)); ok {
		t.Error("a line found under another sum")
	}
	if readLineIndex(data, "other", f) != nil {
		t.Error("an index of another base was read")
	}
	for n := range len(data) {
		if readLineIndex(data[:n], "base", f) != nil {
			t.Errorf("%d bytes of %d read as an index", n, len(data))
		}
	}
	for _, bad := range []struct {
		what   string
		off, n int64
	}{{"past the end", 3950, 98}, {"over the one before", 2850, 98}, {"empty", 3100, 0}} {
		y := newLineIndex("base", 31)
		y.lines = append(y.lines, x.lines...)
		y.add("2023/results/x/", fmt.Sprintf("%064x", 99), bad.off, bad.n)
		if readLineIndex(y.encode(), "base", f) != nil {
			t.Errorf("a line %s was read", bad.what)
		}
	}
	for i := range data {
		for _, bit := range []byte{1, 0x80} {
			d := append([]byte(nil), data...)
			d[i] ^= bit
			if got := readLineIndex(d, "base", f); got != nil {
				end := int64(0)
				for _, l := range got.lines {
					if l.off < end || l.off+l.n > 4000 {
						t.Fatalf("byte %d flipped: a line at [%d, +%d)", i, l.off, l.n)
					}
					end = l.off + l.n
				}
			}
		}
	}
}

// TestCachedBuildIntoNewOutput: a build through a kept cache into a new output (as CI
// makes it: the cache restored, the output never kept), after a title changed, is the
// cold build byte for byte; the open data it streams is indexed line by line in the
// cache, each line where the index says; and the next build over that output, after
// another title changed, copies the unchanged lines by that index into the cold build's
// bytes again.
func TestCachedBuildIntoNewOutput(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS(filepath.Join("..", "content"))); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	cache := &memCache{}
	build := func(out string, c Cache) map[string]string {
		t.Helper()
		if diags, _, err := Build(cfg, BuildOptions{Out: out, Cache: c}); err != nil {
			t.Fatalf("%v\n%s", err, diags.Text())
		}
		return snapshot(t, out)
	}
	retitle := func(sub string) {
		t.Helper()
		p := filepath.Join(root, "content", "2025", "submissions", filepath.FromSlash(sub))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, bytes.Replace(data, []byte("\ntitle: "), []byte("\ntitle: 新"), 1), 0o644)
	}
	build(filepath.Join(t.TempDir(), "first"), cache)
	retitle("chengqu-heating/huanrezhan-wurenzhishou.md")
	for k := range cache.m {
		if strings.HasPrefix(k, "lines-") {
			delete(cache.m, k) // only the new output's indexes are left
		}
	}
	out := filepath.Join(t.TempDir(), "ci")
	sameTrees(t, build(out, cache), build(filepath.Join(t.TempDir(), "cold"), nil))

	indexed := 0
	for k, entry := range cache.m {
		if !strings.HasPrefix(k, "lines-") {
			continue
		}
		data, err := openEntry(entry)
		if err != nil || !bytes.HasPrefix(data, []byte(lineIndexHead)) {
			t.Fatalf("%s: %v, %.30q", k, err, data)
		}
		r := record.NewReader(data[len(lineIndexHead):])
		base := string(r.Bytes())
		for _, year := range []string{"2025", "2026"} {
			name := "data/" + year + ".json"
			f, err := os.Open(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if x := readLineIndex(data, base, f); x != nil && len(x.lines) > 0 && bytes.HasPrefix(x.lines[0].url, []byte(year+"/")) {
				file, _ := os.ReadFile(f.Name())
				for _, l := range x.lines {
					line := file[l.off : l.off+l.n]
					if !json.Valid(line) || !bytes.HasPrefix(line, []byte(`{"id":`)) || !bytes.Contains(line, l.url) {
						t.Errorf("%s: the index places %s at [%d, +%d): %.60q", name, l.url, l.off, l.n, line)
					}
				}
				indexed++
				break
			}
		}
	}
	if indexed != 2 {
		t.Fatalf("%d open data files of the new output indexed, want 2", indexed)
	}
	retitle("chengqu-bus/gaofeng-paiban.md")
	sameTrees(t, build(out, cache), build(filepath.Join(t.TempDir(), "cold2"), nil))
}
