package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

// gitRun runs git in dir for a test, with a fixed identity.
func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=测试", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", "-c", "maintenance.auto=false"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestChangeAfterFinal walks a decision through a temporary repository: a change of awards
// after final is refused until corrections records it, committed or not.
func TestChangeAfterFinal(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := testtree.Write(t, nil)
	gitRun(t, root, "init", "-q")
	gitRun(t, root, "add", ".")
	gitRun(t, root, "commit", "-q", "-m", "2023 表彰")
	p := filepath.Join(root, resultsRel)
	orig, _ := os.ReadFile(p)
	check := func() string {
		t.Helper()
		return checkText(t, root, "2024-06-01")
	}
	if out := check(); out != "" {
		t.Fatalf("the committed final decision should pass:\n%s", out)
	}

	// Withdraw one award, the committee's reason written as an override.
	swapped := strings.Replace(string(orig),
		"  - {submission: chengqu-vocational/diangong-jiaoju, award: 三等奖}\n  - {submission: energy-power/peidian-xunjian, award: 三等奖}\n",
		"  - {submission: chengqu-vocational/diangong-jiaoju, award: 三等奖, override: 供电公司项目撤销后名额不再递补}\n", 1)
	if swapped == string(orig) {
		t.Fatal("the example changed; adapt the test")
	}
	write := func(s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(swapped)
	out := check()
	if !strings.Contains(out, "results.yaml:5:3: results: 本年度评选结果已于") || !strings.Contains(out, "奖项改动了 1 次（始于工作区中的改动），corrections 中只新增了 0 条更正记录") {
		t.Fatalf("an uncommitted change after final should be refused:\n%s", out)
	}

	correction := "corrections:\n  - {date: 2024-01-10, doc: 阳工发〔2024〕2号, reason: 经复核，该成果已获其他奖项，撤销本次三等奖}\n"
	write(swapped + correction)
	if out := check(); out != "" {
		t.Fatalf("a recorded correction should be accepted:\n%s", out)
	}
	gitRun(t, root, "commit", "-q", "-am", "更正")
	if out := check(); out != "" {
		t.Fatalf("the committed correction should stay accepted:\n%s", out)
	}

	// A second change, committed without a correction, is caught from history.
	write(strings.Replace(swapped, "award: 三等奖, override: 供电", "award: 二等奖, override: 供电", 1) + correction)
	gitRun(t, root, "commit", "-q", "-am", "悄悄改动")
	out = check()
	if !strings.Contains(out, "奖项改动了 2 次（始于提交") || !strings.Contains(out, "corrections 中只新增了 1 条更正记录") {
		t.Fatalf("a committed change without correction should be refused:\n%s", out)
	}

	// Going back to draft after final is refused too.
	write(strings.Replace(string(orig), "status: final", "status: draft", 1))
	if out := check(); !strings.Contains(out, "results.yaml:1:9: results: 本年度评选结果已于") || !strings.Contains(out, "不能改回 draft") {
		t.Fatalf("status back to draft should be refused:\n%s", out)
	}
}

// TestNoGitNoHistory: outside a work tree the check says nothing about history.
func TestNoGitNoHistory(t *testing.T) {
	root := testtree.Write(t, nil)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(root))
	if out := checkText(t, root, "2024-06-01"); out != "" {
		t.Fatalf("want a clean check, got:\n%s", out)
	}
}

// TestRevocationAfterFinal: revoking a final award (v2) is an awards change that needs its
// correction entry; with it, check passes and no other entry needs an override.
func TestRevocationAfterFinal(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := testtree.Write(t, nil)
	gitRun(t, root, "init", "-q")
	gitRun(t, root, "add", ".")
	gitRun(t, root, "commit", "-q", "-m", "2023 表彰")
	p := filepath.Join(root, resultsRel)
	orig, _ := os.ReadFile(p)
	revoked := strings.Replace(string(orig), "  - {submission: energy-power/peidian-xunjian, award: 三等奖}\n",
		"  - submission: energy-power/peidian-xunjian\n    award: 三等奖\n    revoked: {date: 2024-03-05, doc: 阳工发〔2024〕10号, reason: 经查实冒用他人成果申报}\n", 1)
	if revoked == string(orig) {
		t.Fatal("the example changed; adapt the test")
	}
	check := func(s string) string {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return checkText(t, root, "2024-06-01")
	}
	if out := check(revoked); !strings.Contains(out, "奖项改动了 1 次") {
		t.Errorf("a revocation without a correction entry should be refused:\n%s", out)
	}
	if out := check(revoked + "corrections:\n  - {date: 2024-03-05, doc: 阳工发〔2024〕10号, reason: 撤销供电公司项目的三等奖}\n"); out != "" {
		t.Errorf("a recorded revocation should pass check with no other change:\n%s", out)
	}
}
