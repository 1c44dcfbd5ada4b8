package form

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// filled is a form a unit admin completed.
func filled() Input {
	return Input{
		Year: 2026, Unit: "kuangqu-mine1", Sector: "enterprise", Title: "绞车钢丝绳自动润滑装置",
		Category: "小革新", Innovation: "装备创新", Group: "职工",
		Authors:   []Author{{Name: "王建国", Role: "主要完成人", Job: "绞车司机"}, {Name: "李明"}, {}},
		Submitted: "2026-09-10", Started: "2026-01-05", Completed: "2026-06-30",
		Summary:  "随绳运行的自动润滑器：绞车运行时均匀给油，不再专门停车涂油。",
		Economic: "12.5", Social: "减少停车时间，延长钢丝绳寿命。", Tags: "绞车，润滑 钢丝绳",
		ContactName: "王建国", ContactPhone: "13903530011",
		Body: "## 问题\n\n提升绞车的钢丝绳过去每周停车人工涂油一次，油脂涂不匀，停车时间长，钢丝绳锈蚀断丝时有发生，影响矿井提升安全。\n\n" +
			"## 做法\n\n维修班利用旧油泵和毛刷做了一套随绳运行的自动润滑器，绞车运行时均匀给油，不再专门停车，钢丝绳寿命延长近一倍。\n",
		RepoURL: "https://github.com/yq-union/wuxiao/", SchemaURL: "https://example.org/wuxiao/static/schemas/submission.json",
		Today: "2026-09-15",
	}
}

func TestMakeFilled(t *testing.T) {
	out := Make(filled())
	if out.Errors != 0 || len(out.Problems) != 0 {
		t.Fatalf("填好的申报表有问题：%+v\n%s", out.Problems, out.Text)
	}
	if out.Path != "content/2026/submissions/kuangqu-mine1/jiao-che-gang-si-sheng-zi-dong-run-hua.md" {
		t.Errorf("路径 %s", out.Path)
	}
	for _, want := range []string{"title: 绞车钢丝绳自动润滑装置\n", "  - name: 李明\n", "economic: 12.5\n", "  - 润滑\n", `phone: "13903530011"`,
		"# yaml-language-server: $schema=https://example.org/wuxiao/static/schemas/submission.json\n"} {
		if !strings.Contains(out.Text, want) {
			t.Errorf("文件中没有 %q：\n%s", want, out.Text)
		}
	}
	prefix := "https://github.com/yq-union/wuxiao/new/main/content/2026/submissions/kuangqu-mine1/?filename=" + out.Slug + ".md&value="
	if !strings.HasPrefix(out.NewFileURL, prefix) || strings.Contains(out.NewFileURL, "+") {
		t.Fatalf("新建文件的链接：%s", out.NewFileURL)
	}
	u, err := url.Parse(out.NewFileURL)
	if err != nil || u.Query().Get("value") != out.Text {
		t.Errorf("链接中的文本与文件不同（%v）", err)
	}
}

// TestMakeGitea: on Gitea and Forgejo the new-file page is /_new/.
func TestMakeGitea(t *testing.T) {
	in := filled()
	in.RepoURL, in.Forge = "https://git.yq.cn/union/wuxiao", "gitea"
	out := Make(in)
	prefix := "https://git.yq.cn/union/wuxiao/_new/main/content/2026/submissions/kuangqu-mine1/?filename=" + out.Slug + ".md&value="
	if !strings.HasPrefix(out.NewFileURL, prefix) {
		t.Fatalf("新建文件的链接：%s", out.NewFileURL)
	}
}

func TestMakeFindsProblems(t *testing.T) {
	fields := func(in Input) []string {
		var out []string
		for _, p := range Make(in).Problems {
			out = append(out, p.Rule+"@"+p.Field)
		}
		return out
	}
	empty := fields(Input{Unit: "kuangqu-mine1", Today: "2026-09-15"})
	for _, want := range []string{"placeholder@title", "schema@category", "schema@completed", "placeholder@summary", "placeholder@body", "placeholder@name"} {
		if !slices.Contains(empty, want) {
			t.Errorf("空表应报告 %s：%v", want, empty)
		}
	}
	for _, c := range []struct {
		change func(*Input)
		want   string
	}{
		{func(in *Input) { in.Summary += "电话 13903530011" }, "pii@summary"},
		{func(in *Input) { in.Completed = "2026-09-12" }, "phase@completed"},
		{func(in *Input) { in.Submitted = "2026-10-01" }, "phase@submitted"},
		{func(in *Input) { in.Body = "<b>太短</b>" }, "markdown@body"},
		{func(in *Input) { in.Body = "太短" }, "schema@body"},
		{func(in *Input) { in.Category = "小发名" }, "schema@category"},
		{func(in *Input) { in.Title = "短" }, "schema@title"},
		{func(in *Input) { in.Authors[0].Name = "王建国 13903530011" }, "pii@name"},
		{func(in *Input) { in.ContactName = "" }, "placeholder@name"}, // a phone without a name
	} {
		in := filled()
		c.change(&in)
		if got := fields(in); !slices.Contains(got, c.want) {
			t.Errorf("应报告 %s，得到 %v", c.want, got)
		}
	}
}

// TestMakeNeverPanics feeds the form odd answers.
func TestMakeNeverPanics(t *testing.T) {
	for _, in := range []Input{
		{},
		{Title: "a: b\n- c", Summary: "\"'{}[]|>", Body: "---\n---\n", Tags: ",,，", Economic: "NaN", Started: "昨天"},
		{Authors: make([]Author, 20), Unit: "../x", Year: -1},
	} {
		out := Make(in)
		if out.Text == "" {
			t.Errorf("%+v：没有文本", in)
		}
	}
}

// TestRulesChosenByReach: the form runs exactly the rules that need no other file than
// the submission (and, for phase, its competition), chosen by what they declare.
func TestRulesChosenByReach(t *testing.T) {
	var names []string
	for _, r := range Rules() {
		names = append(names, r.Name)
	}
	names = slices.Compact(names) // a rule id may have several checks
	if got, want := strings.Join(names, " "), "schema phase pii markdown placeholder"; got != want {
		t.Errorf("form rules %q, want %q", got, want)
	}
}
