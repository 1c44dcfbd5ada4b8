package rules_test

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestBaseIsClean holds the contract's minimal example to no diagnostics at all.
func TestBaseIsClean(t *testing.T) {
	if got := check(t, baseTree(t), "2024-06-01"); got != "" {
		t.Fatalf("the minimal example should pass, got:\n%s", got)
	}
}

// TestMutations changes one thing in the valid tree and expects it caught at its line.
func TestMutations(t *testing.T) {
	const (
		pidai   = "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
		heating = "content/2023/submissions/chengqu-heating/guanwang-loushui.md"
	)
	tests := []struct {
		name      string
		file      string
		old, new  string
		want      string // a line the report must contain
		wantCount int    // diagnostics expected in all (a failing awarded result also fails results)
	}{
		{"wrong enum", pidai, "category: 小革新", "category: 小改革",
			pidai + ":3:11: schema: category 的值 \"小改革\" 不在可选范围内", 2},

		{"unknown key with suggestion", heating, "summary:", "sumary:",
			heating + ":10:1: schema: 未知的键 \"sumary\"，是否应为 \"summary\"？", 3},
		{"county commendation before the grassroots one", "content/2023/commendations/kuangqu/2023-wuxiao.yaml",
			"date: 2023-08-30", "date: 2023-07-01",
			"content/2023/commendations/kuangqu/2023-wuxiao.yaml:2:7: prior-commendation: 县区级表彰 矿区工发〔2023〕8号（2023-07-01）早于基层表彰", 1},

		{"submission after the organize phase", pidai, "submitted: 2023-09-10", "submitted: 2023-10-10",
			pidai + ":9:12: phase: 申报日期 2023-10-10 不在组织推进阶段", 2},

		{"banned author", "content/2023/submissions/energy-power/peidian-xunjian.md", "{name: 郭静}", "{name: 钱某}",
			"content/2023/submissions/energy-power/peidian-xunjian.md:8:12: banned: 钱某（阳泉供电公司工会）已于 2022-11-20 被禁止申报", 2},

		{"phone number in a summary", heating, "缩小到两个检查井之间。", "缩小到两个检查井之间，咨询电话13912345678。",
			heating + ":10:10: pii: 成果简介中含有手机号码", 2},

		{"attachment path with ..", pidai, "file: yingyong-zhengming.pdf", "file: ../kuangqu-mine1/yingyong-zhengming.pdf",
			pidai + ":17:11: attachment: 证明材料路径 \"../kuangqu-mine1/yingyong-zhengming.pdf\" 不能含有 ..", 3},

		{"bad sha256", pidai, "sha256: d5e20c175d", "sha256: 00e20c175d",
			pidai + ":19:13: attachment: 证明材料 content/2023/attachments/kuangqu-mine1/yingyong-zhengming.pdf 的 SHA-256 为 d5e20c", 2},

		{"raw HTML in a body", heating, "## 方法\n", "## 方法\n\n<div style=\"color:red\">重点</div>\n",
			heating + ":21:1: markdown: 正文中不允许使用 HTML 代码", 2},

		{"expert scoring his own unit", "content/2023/reviews/e01.yaml", "scores:\n", "scores:\n  kuangqu-mine1/pidai-jiupian: {innovation: 20, practicality: 20, benefit: 20, promotion: 10}\n",
			"content/2023/reviews/e01.yaml:2:3: review: 利益冲突：专家 刘工（e01）所在单位为 矿区总工会", 1},

		{"quota exceeded", "content/2023/results.yaml", "{submission: jiaoqu-farm/dapeng-tongfeng, award: 二等奖}", "{submission: jiaoqu-farm/dapeng-tongfeng, award: 一等奖, override: 评委会认为推广价值突出}",
			"content/2023/results.yaml:6:54: results: 一等奖 的名额为 1 个，这是第 2 个，超出名额", 1},

		{"awards out of score order", "content/2023/results.yaml",
			"  - {submission: jiaoqu-farm/dapeng-tongfeng, award: 二等奖}\n  - {submission: chengqu-heating/guanwang-loushui, award: 二等奖}\n  - {submission: chengqu-vocational/diangong-jiaoju, award: 三等奖}",
			"  - {submission: jiaoqu-farm/dapeng-tongfeng, award: 二等奖}\n  - {submission: chengqu-heating/guanwang-loushui, award: 三等奖}\n  - {submission: chengqu-vocational/diangong-jiaoju, award: 二等奖}",
			"content/2023/results.yaml:7:59: results: 按评分顺序，成果 chengqu-heating/guanwang-loushui（得分 82.00，第 3 名）应为二等奖，而不是三等奖", 2},
		{"grassroots unit under a grassroots unit", "content/units.yaml",
			"  sector: school\n  parent: chengqu", "  sector: school\n  parent: chengqu-heating",
			"content/units.yaml:34:11: units: 基层单位的上级应为县区（county）、产业（industry）或市直（direct）工会，而 chengqu-heating 是 grassroots", 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := baseTree(t)
			mutate(t, fsys, tc.file, tc.old, tc.new)
			got := check(t, fsys, "2024-06-01")
			if !strings.Contains(got, tc.want) {
				t.Fatalf("want a line starting\n  %s\ngot:\n%s", tc.want, got)
			}
			if n := strings.Count(got, "\n"); n != tc.wantCount {
				t.Errorf("want %d diagnostics, got %d:\n%s", tc.wantCount, n, got)
			}
		})
	}
}

// TestMissingCommendationLevel removes the county commendation and expects the submission flagged.
func TestMissingCommendationLevel(t *testing.T) {
	fsys := baseTree(t)
	delete(fsys, "content/2023/commendations/kuangqu/2023-wuxiao.yaml")
	got := check(t, fsys, "2024-06-01")
	want := "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md:2:1: prior-commendation: 矿区总工会在组织推进阶段截止日 2023-09-30 前没有推荐（表彰）本成果"
	if !strings.Contains(got, want) {
		t.Fatalf("want a line\n  %s\ngot:\n%s", want, got)
	}
	// The result is awarded, so the results rule refuses it too.
	if !strings.Contains(got, "content/2023/results.yaml:5:18: results: 获奖成果 kuangqu-mine1/pidai-jiupian 未通过其他规则的检查") {
		t.Errorf("results should refuse the award of a failing submission:\n%s", got)
	}
}

func mutate(t *testing.T, fsys fstest.MapFS, file, old, new string) {
	t.Helper()
	f := fsys[file]
	if f == nil {
		t.Fatalf("no file %s", file)
	}
	s := string(f.Data)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1)), Mode: 0o644}
}
