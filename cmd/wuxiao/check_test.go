package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

func run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = (&Main{Stdout: &out, Stderr: &errb, Getenv: os.Getenv}).Run(args)
	return code, out.String(), errb.String()
}

const badUnits = "- id: yq\n  name: 阳泉市总工会\n  type: citty\n"

func TestCheckExitCodes(t *testing.T) {
	clean := testtree.Write(t, nil)
	broken := testtree.Write(t, map[string]string{"content/units.yaml": badUnits})
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"clean tree", []string{"check", "--root", clean, "--now", "2024-06-01"}, 0, ""},
		{"errors", []string{"check", "--root", broken, "--now", "2024-06-01"}, 1, "content/units.yaml:3:9: schema: type 的值 \"citty\" 不在可选范围内，是否应为 \"city\"？"},
		{"github", []string{"check", "--root", broken, "--now", "2024-06-01", "--format", "github"}, 1, "::error file=content/units.yaml,line=3,col=9,title=schema::type 的值"},
		{"missing root", []string{"check", "--root", filepath.Join(clean, "nope")}, 2, ""},
		{"no content folder", []string{"check", "--root", t.TempDir()}, 2, ""},
		{"bad flag", []string{"check", "--colour"}, 2, ""},
		{"bad format", []string{"check", "--root", clean, "--format", "xml"}, 2, ""},
		{"bad date", []string{"check", "--root", clean, "--now", "2024/06/01"}, 2, ""},
		{"unknown command", []string{"chek"}, 2, ""},
		{"no command", nil, 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errs)
			}
			if !strings.Contains(out, tc.out) {
				t.Errorf("stdout lacks %q:\n%s", tc.out, out)
			}
			if tc.code == 2 && errs == "" {
				t.Error("a usage error should explain itself on stderr")
			}
		})
	}
}

func TestCheckJSONAndStrict(t *testing.T) {
	// An unreferenced attachment is only a warning: it fails under --strict alone.
	dir := testtree.Write(t, nil)
	if err := os.WriteFile(filepath.Join(dir, "content/2023/attachments/kuangqu-mine1/extra.png"), []byte("png"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run("check", "--root", dir, "--now", "2024-06-01", "--format", "json")
	if code != 0 {
		t.Fatalf("a warning must not fail without --strict, exit %d", code)
	}
	var report struct {
		Errors, Warnings int
		Diagnostics      []struct{ File, Rule, Severity, Message string }
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if report.Warnings != 1 || report.Errors != 0 || report.Diagnostics[0].Rule != "attachment" || report.Diagnostics[0].Severity != "warning" {
		t.Errorf("unexpected report %+v", report)
	}
	if code, _, _ := run("check", "--root", dir, "--now", "2024-06-01", "--strict"); code != 1 {
		t.Errorf("--strict should fail on a warning, exit %d", code)
	}
}

// TestCheckOutAndStepSummary: --out writes the chosen format to a file and the plain
// lines to stdout; --format github appends every finding, errors first, to
// $GITHUB_STEP_SUMMARY (GitHub shows only 10 annotations a step).
func TestCheckOutAndStepSummary(t *testing.T) {
	dir := testtree.Write(t, map[string]string{"content/units.yaml": badUnits})
	if err := os.WriteFile(filepath.Join(dir, "content/2023/attachments/kuangqu-mine1/extra.png"), []byte("png"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "sub", "check.json")
	code, stdout, _ := run("check", "--root", dir, "--now", "2024-06-01", "--format", "json", "--out", out)
	if code != 1 || !strings.Contains(stdout, "content/units.yaml:3:9: schema: ") {
		t.Fatalf("check --out: exit %d, stdout:\n%s", code, stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(data), `"rule": "schema"`) {
		t.Fatalf("--out file: %v\n%s", err, data)
	}
	summary := filepath.Join(t.TempDir(), "summary.md")
	os.WriteFile(summary, []byte("earlier step\n"), 0o644)
	var o, e bytes.Buffer
	getenv := func(k string) string {
		if k == "GITHUB_STEP_SUMMARY" {
			return summary
		}
		return ""
	}
	code = (&Main{Stdout: &o, Stderr: &e, Getenv: getenv}).Run([]string{"check", "--root", dir, "--now", "2024-06-01", "--format", "github"})
	got, _ := os.ReadFile(summary)
	if code != 1 || !strings.HasPrefix(string(got), "earlier step\n### 内容检查：") {
		t.Fatalf("summary (exit %d):\n%s", code, got)
	}
	errAt, warnAt := strings.Index(string(got), "❌ `content/units.yaml:3:9` schema"), strings.Index(string(got), "⚠️ `content/2023/attachments/kuangqu-mine1/extra.png")
	if errAt < 0 || warnAt < 0 || warnAt < errAt {
		t.Errorf("summary must list the error before the warning:\n%s", got)
	}
}

// TestCheckPaths: wuxiao check PATH... loads and checks everything but reports only the
// findings in those files or folders; options may come after the paths.
func TestCheckPaths(t *testing.T) {
	root := testtree.Write(t, map[string]string{
		"content/pages/guide.md":                                  "---\ntitle: 指南\nweight: 二\n---\n正文。\n",
		"content/2023/submissions/kuangqu-mine1/pidai-jiupian.md": "---\ntitle：皮带机\n---\n",
	})
	sub := filepath.Join(root, "content", "2023", "submissions")
	code, out, _ := run("check", "--root", root, sub, "--now", "2024-06-01")
	want := "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md:2:6: syntax: 第 2 行第 6 列是中文冒号“：”，请改成英文冒号和一个空格\n"
	if code != ExitFindings || out != want {
		t.Errorf("check %s: exit %d\n%s\nwant\n%s", sub, code, out, want)
	}
	site := filepath.Join(root, "content", "site.yaml")
	if code, out, _ := run("check", "--root", root, site); code != ExitOK || out != "" {
		t.Errorf("check of a clean file in a broken tree: exit %d\n%s", code, out)
	}
	if code, _, errb := run("check", "--root", root, filepath.Join(root, "nope.md")); code != ExitUsage || !strings.Contains(errb, "找不到") {
		t.Errorf("a missing path: exit %d %s", code, errb)
	}
}
