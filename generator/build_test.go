package generator

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
)

// snapshot is testtree.Snapshot, as this package's tests name it.
func snapshot(t testing.TB, dir string) map[string]string { return testtree.Snapshot(t, dir) }

func sameTrees(t *testing.T, a, b map[string]string) {
	t.Helper()
	if diffs := testtree.Differences(a, b); len(diffs) > 0 {
		t.Errorf("%d files differ, e.g. %s", len(diffs), strings.Join(diffs[:min(5, len(diffs))], ", "))
	}
}

func testDate(s string) content.Date {
	d, err := content.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestBuildDeterministic: the same content gives byte-identical output, whatever the
// number of workers.
func TestBuildDeterministic(t *testing.T) {
	for _, root := range []string{"minimal", ".."} {
		if root == "minimal" {
			root = testtree.Write(t, nil)
		}
		cfg := Config{Root: root, Now: testDate("2026-11-25")}
		a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
		if diags, _, err := Build(cfg, BuildOptions{Out: a, Workers: 1}); err != nil {
			t.Fatalf("%s: %v\n%s", root, err, diags.Text())
		}
		if _, _, err := Build(cfg, BuildOptions{Out: b, Workers: 8}); err != nil {
			t.Fatal(err)
		}
		sa := snapshot(t, a)
		if len(sa) < 40 {
			t.Errorf("%s: only %d files", root, len(sa))
		}
		sameTrees(t, sa, snapshot(t, b))
	}
}

// TestBuildWithoutToolchain: the site is the same whether or not a Go toolchain (or
// anything else) is on PATH: the build runs no program.
func TestBuildWithoutToolchain(t *testing.T) {
	cfg := Config{Root: "..", Now: testDate("2026-11-25")}
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if diags, _, err := Build(cfg, BuildOptions{Out: a}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	t.Setenv("PATH", t.TempDir()) // an empty folder: no go, no git
	if diags, _, err := Build(cfg, BuildOptions{Out: b}); err != nil {
		t.Fatalf("without PATH: %v\n%s", err, diags.Text())
	}
	sa := snapshot(t, a)
	if _, ok := sa["submit/index.html"]; !ok {
		t.Fatal("no 申报表 page")
	}
	sameTrees(t, sa, snapshot(t, b))
}

// TestBuildAtomic: a failed check, or a failed render, leaves the old output exactly as
// it was and no temporary folder behind.
func TestBuildAtomic(t *testing.T) {
	root := testtree.Write(t, nil)
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	out := filepath.Join(root, "public")
	if diags, _, err := Build(cfg, BuildOptions{}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	before := snapshot(t, out)

	sub := filepath.Join(root, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md")
	good, _ := os.ReadFile(sub)
	bad := bytes.Replace(good, []byte("category: 小革新"), []byte("category: 大革新"), 1)
	if err := os.WriteFile(sub, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	diags, _, err := Build(cfg, BuildOptions{})
	if !errors.Is(err, ErrCheckFailed) {
		t.Fatalf("build of bad content: err = %v, want ErrCheckFailed", err)
	}
	if !strings.Contains(diags.Text(), "pidai-jiupian.md") {
		t.Errorf("diagnostics do not name the bad file:\n%s", diags.Text())
	}
	sameTrees(t, before, snapshot(t, out))

	// A theme that fails while rendering: the check passes, the render does not.
	if err := os.WriteFile(sub, good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	broken := `{{define "main"}}{{.NoSuchField}}{{end}}`
	if err := os.WriteFile(filepath.Join(root, "layouts", "result.html"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Build(cfg, BuildOptions{}); err == nil || errors.Is(err, ErrCheckFailed) {
		t.Fatalf("build with a broken theme: err = %v, want a render error", err)
	}
	sameTrees(t, before, snapshot(t, out))
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") {
			t.Errorf("left %s behind", e.Name())
		}
	}
}

// TestBuildReportsContentSize: Loaded hears the size of the content's files once they
// have loaded, before anything is rendered (wuxiao build sizes its memory limit by it).
func TestBuildReportsContentSize(t *testing.T) {
	root := testtree.Write(t, nil)
	var want int64
	err := filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			info, _ := d.Info()
			want += info.Size()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	out := filepath.Join(t.TempDir(), "site")
	opt := BuildOptions{Out: out, Loaded: func(n int64) {
		got = append(got, n)
		if _, err := os.Stat(out); err == nil {
			t.Error("Loaded called after the site was written")
		}
	}}
	if diags, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, opt); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	if len(got) != 1 || got[0] != want || want == 0 {
		t.Errorf("Loaded heard %v, want once %d", got, want)
	}
}

// TestBuildDoesNotKeepAChangedMode: a page made 0600 by hand in the output a build
// without a cache builds over, its bytes unchanged, is not linked into the new output
// with that mode: the new output is the one a build into an empty folder makes.
func TestBuildDoesNotKeepAChangedMode(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS(filepath.Join("..", "content"))); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	cold, out := filepath.Join(t.TempDir(), "cold"), filepath.Join(t.TempDir(), "public")
	for _, dir := range []string{cold, out} {
		if diags, _, err := Build(cfg, BuildOptions{Out: dir}); err != nil {
			t.Fatalf("%v\n%s", err, diags.Text())
		}
	}
	for _, page := range []string{"index.html", "static/style.css"} {
		if err := os.Chmod(filepath.Join(out, page), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if diags, _, err := Build(cfg, BuildOptions{Out: out}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	sameTrees(t, snapshot(t, cold), snapshot(t, out))
}

// TestListEntriesShowTextAsWritten: a title holding the text that once stood for the root
// in a list's entries (wuxiao-root-mark/) reads as written on every page that lists it.
// Found by an attacker's review: it read "./" on the home page and "../../" on the unit's.
func TestListEntriesShowTextAsWritten(t *testing.T) {
	const sub = "content/2023/submissions/chengqu-heating/guanwang-loushui.md"
	root := testtree.Write(t, nil)
	p := filepath.Join(root, sub)
	data, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(data, []byte("title: 供热管网"), []byte("title: 供热管网wuxiao-root-mark/"), 1), 0o644)
	out := filepath.Join(t.TempDir(), "site")
	if diags, _, err := Build(Config{Root: root, Now: testDate("2024-06-01")}, BuildOptions{Out: out}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	listed := 0
	filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(path, ".html") {
			return err
		}
		page, _ := os.ReadFile(path)
		if bytes.Contains(page, []byte("供热管网wuxiao-root-mark/")) {
			listed++
		} else if bytes.Contains(page, []byte("供热管网.")) || bytes.Contains(page, []byte("供热管网wuxiao-root-")) {
			t.Errorf("%s: the title is changed", path)
		}
		return nil
	})
	if listed < 3 {
		t.Errorf("the title shows as written on %d pages, want the result's and the lists'", listed)
	}
}
