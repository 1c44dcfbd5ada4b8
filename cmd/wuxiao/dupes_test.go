package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

// scenarioFiles reads the files of a rules scenario (a txtar archive) but its want section.
func scenarioFiles(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "generator", "rules", "testdata", "scenarios", name))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	cur := ""
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") {
			cur = strings.TrimSpace(l[3 : len(l)-3])
			continue
		}
		if cur != "" && cur != "want" {
			files[cur] += line
		}
	}
	return files
}

func dupesTree(t *testing.T) string {
	root := testtree.Write(t, nil)
	for rel, text := range scenarioFiles(t, "duplicate-fail.txtar") {
		p := filepath.Join(root, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestDupesText(t *testing.T) {
	root := dupesTree(t)
	code, out, errs := run("dupes", "--root", root, "--cache", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		" 83%  疑似冒用  content/2023/submissions/energy-power/pidai-tiaopian.md ← content/2023/submissions/kuangqu-mine1/pidai-jiupian.md（对方 ",
		" 49%  重复申报  content/2023/submissions/kuangqu-mine1/pidai-gaijin.md ← content/2023/submissions/kuangqu-mine1/pidai-jiupian.md",
		"     14  問題 主運輸皮帶長期存在跑偏問題，每班需…  │    24  问题 主运输皮带长期存在跑偏问题，每班需…\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "共 3 对成果") {
		t.Errorf("stderr: %s", errs)
	}
	// Fewer pairs with a higher minimum or another year.
	if _, out, _ := run("dupes", "--root", root, "--min", "0.6", "--cache", "off"); strings.Count(out, "←") != 1 {
		t.Errorf("--min 0.6:\n%s", out)
	}
	if _, out, errs := run("dupes", "--root", root, "--year", "2022", "--cache", "off"); out != "" || !strings.Contains(errs, "没有") {
		t.Errorf("--year 2022: %q %q", out, errs)
	}
}

func TestDupesJSON(t *testing.T) {
	root := dupesTree(t)
	code, out, errs := run("dupes", "--root", root, "--format", "json", "--cache", "off")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	var got []dupeJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d pairs, want 3\n%s", len(got), out)
	}
	p := got[0] // sorted by the later file
	if p.Later.ID != "2023/energy-power/pidai-tiaopian" || p.Earlier.ID != "2023/kuangqu-mine1/pidai-jiupian" || p.Kind != "疑似冒用" || p.Ratio < 0.6 {
		t.Errorf("pair %+v", p)
	}
	if len(p.Passages) == 0 || p.Passages[0].Later.Line != 14 || p.Passages[0].Earlier.Line != 24 || !strings.HasPrefix(p.Passages[0].Earlier.Text, "问题") {
		t.Errorf("passages %+v", p.Passages)
	}
}

func TestDupesUsage(t *testing.T) {
	for _, args := range [][]string{{"--format", "xml"}, {"--min", "2"}, {"--root", "/nonexistent"}, {"extra"}} {
		if code, _, _ := run(append([]string{"dupes"}, args...)...); code != ExitUsage {
			t.Errorf("dupes %v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}

// TestCacheStore: the command line's fingerprint cache is a folder, made when first
// written, in the user's cache directory unless --cache says otherwise.
func TestCacheStore(t *testing.T) {
	if cacheStore("off") != nil {
		t.Error(`--cache off should mean no cache`)
	}
	dir := filepath.Join(t.TempDir(), "a", "b")
	s := cacheStore(dir)
	if _, err := s.ReadFile("fp-00.bin"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an empty cache: %v", err)
	}
	if err := s.WriteFile("fp-00.bin", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if data, err := s.ReadFile("fp-00.bin"); err != nil || string(data) != "x" {
		t.Errorf("read back %q, %v", data, err)
	}
	// os.UserCacheDir is $XDG_CACHE_HOME on Linux, %LocalAppData% on Windows and
	// $HOME/Library/Caches on macOS.
	cache := dir
	switch runtime.GOOS {
	case "windows":
		t.Setenv("LocalAppData", dir)
	case "darwin", "ios":
		t.Setenv("HOME", dir)
		cache = filepath.Join(dir, "Library", "Caches")
	default:
		t.Setenv("XDG_CACHE_HOME", dir)
	}
	if got, want := cacheStore(""), dirStore(filepath.Join(cache, "wuxiao", "dedup")); got != want {
		t.Errorf("default cache %v, want %v", got, want)
	}
}
