package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

const resultsRel = "content/2023/results.yaml"

// TestAwardReproducesMinimal: the example's decision is exactly the score order's proposal.
func TestAwardReproducesMinimal(t *testing.T) {
	root := testtree.Write(t, nil)
	before, _ := os.ReadFile(filepath.Join(root, resultsRel))
	code, out, errs := run("award", "--year", "2023", "--root", root, "--now", "2024-06-01", "--write")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"1     90.00     3     0  一等奖    一等奖              kuangqu-mine1/pidai-jiupian",
		"2     84.00     4     0  二等奖    二等奖              jiaoqu-farm/dapeng-tongfeng",
		"3     82.00     4     0  二等奖    二等奖              chengqu-heating/guanwang-loushui",
		"4     71.00     3     0  三等奖    三等奖              chengqu-vocational/diangong-jiaoju",
		"5     68.00     3     0  三等奖    三等奖              energy-power/peidian-xunjian",
		"results.yaml（final）与按评分顺序拟授的奖项一致。",
		"1     矿区总工会             5  0/1/0/0                 1         1      5.00  是",
		"content/2023/results.yaml 无需改动。",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	after, _ := os.ReadFile(filepath.Join(root, resultsRel))
	if !bytes.Equal(before, after) {
		t.Errorf("results.yaml changed:\n%s", after)
	}
}

// TestAwardWriteDraft: --write makes the draft from the scores, keeps overrides, and a second
// run changes nothing.
func TestAwardWriteDraft(t *testing.T) {
	draft := "# 评委会草稿\nstatus: draft\nawards:\n" +
		"  - {submission: chengqu-heating/guanwang-loushui, award: 一等奖, override: 现场复核后评委会一致认为应用效果最好}\n" +
		"  - {submission: energy-power/peidian-xunjian, award: 二等奖}\n" +
		"winning_units: [kuangqu]\n"
	root := testtree.Write(t, map[string]string{resultsRel: draft})
	code, out, errs := run("award", "--year", "2023", "--root", root, "--now", "2024-06-01", "--write")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "有理由") || !strings.Contains(out, "≠") {
		t.Errorf("the table should flag the override and the differences:\n%s", out)
	}
	want := "# 评委会草稿\nstatus: draft\nawards:\n" +
		"  - {submission: kuangqu-mine1/pidai-jiupian, award: 一等奖}\n" +
		"  - {submission: chengqu-heating/guanwang-loushui, award: 一等奖, override: 现场复核后评委会一致认为应用效果最好}\n" +
		"  - {submission: jiaoqu-farm/dapeng-tongfeng, award: 二等奖}\n" +
		"  - {submission: chengqu-vocational/diangong-jiaoju, award: 三等奖}\n" +
		"  - {submission: energy-power/peidian-xunjian, award: 三等奖}\n" +
		"winning_units: [kuangqu]\n"
	got, _ := os.ReadFile(filepath.Join(root, resultsRel))
	if string(got) != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	code, out, _ = run("award", "--year", "2023", "--root", root, "--now", "2024-06-01", "--write")
	if code != 0 || !strings.Contains(out, "无需改动") {
		t.Errorf("a second run should change nothing (exit %d):\n%s", code, out)
	}
	// The file --write made passes the results rule except for the quota the override exceeds.
	_, out, _ = run("check", "--root", root, "--now", "2024-06-01")
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, "一等奖 的名额为 1 个，这是第 2 个") {
		t.Errorf("check after --write:\n%s", out)
	}
}

// TestAwardNewDraft: without results.yaml, --write starts one in draft status.
func TestAwardNewDraft(t *testing.T) {
	root := testtree.Write(t, nil)
	os.Remove(filepath.Join(root, resultsRel))
	if code, out, errs := run("award", "--year", "2023", "--root", root, "--now", "2024-06-01", "--write"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	got, _ := os.ReadFile(filepath.Join(root, resultsRel))
	want := "status: draft\nawards:\n" +
		"  - {submission: kuangqu-mine1/pidai-jiupian, award: 一等奖}\n" +
		"  - {submission: jiaoqu-farm/dapeng-tongfeng, award: 二等奖}\n" +
		"  - {submission: chengqu-heating/guanwang-loushui, award: 二等奖}\n" +
		"  - {submission: chengqu-vocational/diangong-jiaoju, award: 三等奖}\n" +
		"  - {submission: energy-power/peidian-xunjian, award: 三等奖}\n"
	if string(got) != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	if _, out, _ := run("check", "--root", root, "--now", "2024-06-01"); out != "" {
		t.Errorf("the new draft should pass check:\n%s", out)
	}
}

// TestAwardRefusesPublicChange: a decision on notice or final is not rewritten by --write.
func TestAwardRefusesPublicChange(t *testing.T) {
	root := testtree.Write(t, nil)
	p := filepath.Join(root, resultsRel)
	data, _ := os.ReadFile(p)
	changed := strings.Replace(string(data), "energy-power/peidian-xunjian, award: 三等奖", "energy-power/peidian-xunjian, award: 二等奖", 1)
	os.WriteFile(p, []byte(changed), 0o644)
	code, _, errs := run("award", "--year", "2023", "--root", root, "--now", "2024-06-01", "--write")
	if code != ExitFindings || !strings.Contains(errs, "已是 final 状态") {
		t.Fatalf("want a refusal, got exit %d: %s", code, errs)
	}
	if now, _ := os.ReadFile(p); string(now) != changed {
		t.Errorf("results.yaml was rewritten")
	}
}

func TestAwardUsage(t *testing.T) {
	if code, _, errs := run("award"); code != ExitUsage || !strings.Contains(errs, "--year") {
		t.Errorf("missing --year: exit %d, %s", code, errs)
	}
	if code, _, errs := run("award", "--year", "1999", "--root", testtree.Write(t, nil)); code != ExitUsage || !strings.Contains(errs, "1999") {
		t.Errorf("unknown year: exit %d, %s", code, errs)
	}
}
