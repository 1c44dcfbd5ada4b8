package generator

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/testtree"
)

// TestCatFileReadsEachVersion: files of two revisions come through one git process, byte
// for byte, whatever their names hold (Chinese, spaces, a newline); a missing file is
// missing, a folder or a file over the limit an error, at once.
func TestCatFileReadsEachVersion(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/units.yaml", "units: []\n")
	write("content/2025/bulletins/检测 报告.md", "一\n")
	write("content/folder.yaml/inside.md", "x\n")
	write("content/big.yaml", strings.Repeat("a: 1\n", 300))
	newline := "content/2025/bulletins/two\nlines.md"
	if runtime.GOOS != "windows" {
		write(newline, "换行\n")
	}
	write("content/empty.yaml", "")
	odd := []string{"content/-x.md", "content/a:b.md", "content/ends in space .md", "content/" + strings.Repeat("长", 80) + ".md"}
	if runtime.GOOS == "linux" {
		odd = append(odd, "content/\xff\xfe.md") // not UTF-8
	}
	for _, name := range odd {
		write(name, name)
	}
	gitRun(t, root, "init", "-q")
	gitRun(t, root, "add", ".")
	gitRun(t, root, "commit", "-q", "-m", "一")
	write("content/units.yaml", "units: [b]\n")
	gitRun(t, root, "commit", "-q", "-am", "二")

	g, err := openGit(root)
	if err != nil {
		t.Fatal(err)
	}
	c, err := g.catFile()
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	for _, tc := range []struct {
		rev, path string
		want      string
		ok        bool
	}{
		{"HEAD^", "content/units.yaml", "units: []\n", true},
		{"HEAD", "content/units.yaml", "units: [b]\n", true},
		{"HEAD", "content/2025/bulletins/检测 报告.md", "一\n", true},
		{"HEAD", "content/nope.yaml", "", false},
		{"HEAD", "content/empty.yaml", "", true},
		{"HEAD^", "content/units.yaml", "units: []\n", true},
		{"HEAD", newline, "换行\n", runtime.GOOS != "windows"},
		{"HEAD", "content/units.yaml", "units: [b]\n", true},
	} {
		data, ok, err := c.show(tc.rev, tc.path, 1<<10)
		if err != nil || ok != tc.ok || string(data) != tc.want {
			t.Errorf("%s:%q = %q, %v, %v; want %q, %v", tc.rev, tc.path, data, ok, err, tc.want, tc.ok)
		}
	}
	if runtime.GOOS != "windows" { // the name the batch cannot carry is read the old way, within the same limit
		if _, _, err := c.show("HEAD", newline, 3); err == nil || !strings.Contains(err.Error(), "two\nlines.md 过大：超过上限 1 KiB") {
			t.Errorf("a file over the limit, read the old way: %v", err)
		}
	}
	for _, name := range odd {
		if data, ok, err := c.show("HEAD", name, 1<<10); err != nil || !ok || string(data) != name {
			t.Errorf("%q = %q, %v, %v", name, data, ok, err)
		}
	}
	if _, _, err := c.show("HEAD", "content/folder.yaml", 1<<10); err == nil || !strings.Contains(err.Error(), "content/folder.yaml 不是文件") {
		t.Errorf("a folder: %v", err)
	}
	start := time.Now()
	if _, _, err := c.show("HEAD", "content/big.yaml", 1<<10); err == nil || !strings.Contains(err.Error(), "Git 版本 HEAD 中的 content/big.yaml 过大：超过上限 1 KiB") {
		t.Errorf("a file over the limit: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a file over the limit took %v", d)
	}
	// After a refusal the process is gone: later reads say so rather than read its rest.
	if _, _, err := c.show("HEAD", "content/units.yaml", 1<<10); err == nil {
		t.Errorf("a read after the refusal succeeded")
	}
}

// TestScopeStartsFewGitProcesses: scope reads the base's registry and both revisions'
// results through one git process, not two a file (ls-tree and show), which made 11 of them
// for a change to one year; each costs some milliseconds to start, more on a busy runner.
func TestScopeStartsFewGitProcesses(t *testing.T) {
	countGit := gitCounter(t)
	root := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "content", "units.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"content/units.yaml":                          string(data),
		"content/experts.yaml":                        "- {id: e01, name: 王专家, field: 机械}\n",
		"content/2026/results.yaml":                   "status: draft\nawards: []\n",
		"content/2026/submissions/kuangqu-mine1/a.md": "---\ntitle: 一\n---\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitRun(t, root, "init", "-q", "-b", "main")
	gitRun(t, root, "add", ".")
	gitRun(t, root, "commit", "-q", "-m", "base")
	gitRun(t, root, "checkout", "-q", "-b", "pr")
	if err := os.WriteFile(filepath.Join(root, "content/2026/submissions/kuangqu-mine1/a.md"), []byte("---\ntitle: 二\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitRun(t, root, "commit", "-q", "-am", "pr")

	log := countGit()
	res, err := Scope(Config{Root: root}, ScopeOptions{Base: "main", Author: "mine1-admin"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Decision.Files != 1 || len(res.Decision.Refused) != 0 {
		t.Errorf("scope of the unit's own submission: %d files, refused %v", res.Decision.Files, res.Decision.Refused)
	}
	starts, _ := os.ReadFile(log)
	if n := bytes.Count(starts, []byte("\n")); n > 5 {
		t.Errorf("scope started git %d times, want at most 5 (two rev-parse, merge-base, diff, cat-file):\n%s", n, starts)
	}
	if !bytes.Contains(starts, []byte("cat-file --batch")) {
		t.Errorf("scope read no file through git cat-file --batch:\n%s", starts)
	}
}

// gitCounter skips t where git's starts cannot be counted; otherwise the function it
// returns puts a git first on PATH that writes its arguments to the file it returns, a
// line a start, and runs the real one.
func gitCounter(t *testing.T) func() string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("counts git's starts through a shell script")
	}
	real, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed")
	}
	return func() string {
		bin, log := t.TempDir(), filepath.Join(t.TempDir(), "starts")
		script := "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec '" + real + "' \"$@\"\n"
		if err := os.WriteFile(filepath.Join(bin, "git"), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		return log
	}
}

// TestHistoryReadsPastAnOversizedVersion: the committed versions of a results.yaml come
// through one git cat-file process (and git log), not a git show each; a version over the
// limit is left out and the versions after it are still read, through a new process.
func TestHistoryReadsPastAnOversizedVersion(t *testing.T) {
	countGit := gitCounter(t)
	root := t.TempDir()
	file := "content/2025/results.yaml"
	gitRun(t, root, "init", "-q")
	os.MkdirAll(filepath.Join(root, "content", "2025"), 0o755)
	versions := []string{
		"status: notice\nawards:\n  - {submission: a/x, award: 一等奖}\n",
		"status: notice\n# " + strings.Repeat("长", 400) + "\n",
		"status: final\nawards:\n  - {submission: a/x, award: 一等奖}\n",
		"status: final\nawards:\n  - {submission: a/x, award: 二等奖}\n",
		"status: final\nawards:\n  - {submission: a/x, award: 二等奖}\ncorrections:\n  - {date: 2026-01-05}\n",
	}
	for i, v := range versions {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(file)), []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
		gitRun(t, root, "add", ".")
		gitRun(t, root, "commit", "-q", "-m", fmt.Sprint("版本", i))
	}
	g, err := openGit(root)
	if err != nil {
		t.Fatal(err)
	}
	log := countGit()
	files := &historyFiles{g: g}
	got := resultsHistory(files, file, 1<<10)
	files.close()
	var status []string
	for _, v := range got {
		status = append(status, fmt.Sprint(v.Status, len(v.Awards), v.Corrections))
	}
	if want := "notice1 0 final1 0 final1 0 final1 1"; strings.Join(status, " ") != want {
		t.Errorf("versions read: %q, want %q (the second, over the limit, left out)", strings.Join(status, " "), want)
	}
	starts, _ := os.ReadFile(log)
	if n := bytes.Count(starts, []byte("\n")); n != 3 {
		t.Errorf("git started %d times for %d versions, want 3 (log, cat-file, cat-file after the refusal):\n%s", n, len(versions), starts)
	}
}

// TestHistoryOfEveryYearThroughOneCatFile: the after-final rule reads every year's
// committed results through one git cat-file (and a git log each), and starts none for
// a year whose results.yaml was never committed: a long-lived repository has a year a
// results.yaml, and each process costs milliseconds on a busy runner.
func TestHistoryOfEveryYearThroughOneCatFile(t *testing.T) {
	countGit := gitCounter(t)
	root := t.TempDir()
	gitRun(t, root, "init", "-q")
	for _, y := range []string{"2023", "2024"} {
		os.MkdirAll(filepath.Join(root, "content", y), 0o755)
		for _, status := range []string{"notice", "final"} {
			if err := os.WriteFile(filepath.Join(root, "content", y, "results.yaml"), []byte("status: "+status+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			gitRun(t, root, "add", ".")
			gitRun(t, root, "commit", "-q", "-m", y+status)
		}
	}
	tree := &content.Tree{Years: []*content.Year{{Year: 2023}, {Year: 2024}, {Year: 2025}}}
	log := countGit()
	var out diag.List
	checkFinalHistory(root, tree, &out)
	starts, _ := os.ReadFile(log)
	if n, cat := bytes.Count(starts, []byte("\n")), bytes.Count(starts, []byte("cat-file")); n != 5 || cat != 1 {
		t.Errorf("git started %d times (%d cat-file) for three years, two committed; want 5: rev-parse, a log a year, one cat-file:\n%s", n, cat, starts)
	}
}

// TestCheckOutsideGitStartsNoGit: a check (and so a build) of a tree in no Git
// repository starts no git process to learn that; it took one a check, 279 in the
// generator package's tests. Scope there says why it cannot judge.
func TestCheckOutsideGitStartsNoGit(t *testing.T) {
	countGit := gitCounter(t)
	root := testtree.Write(t, nil)
	if inRepository(root) {
		t.Skipf("the temporary folder %s lies inside a Git repository", root)
	}
	log := countGit()
	if out := checkText(t, root, "2024-06-01"); out != "" {
		t.Fatalf("want a clean check, got:\n%s", out)
	}
	if starts, _ := os.ReadFile(log); len(starts) > 0 {
		t.Errorf("the check started git outside a repository:\n%s", starts)
	}
	if _, err := Scope(Config{Root: root}, ScopeOptions{Base: "main", Author: "x"}); err == nil || !strings.Contains(err.Error(), "不在 Git 仓库中") {
		t.Errorf("scope outside a repository: %v", err)
	}
	// GIT_DIR names a repository wherever the folder lies: git is asked.
	t.Setenv("GIT_DIR", filepath.Join(t.TempDir(), "elsewhere.git"))
	if !inRepository(root) {
		t.Errorf("with GIT_DIR set, the folder counts as outside any repository")
	}
}
