package pullreq

import (
	"strings"
	"testing"
	"testing/fstest"

	"wuxiao/generator/content"
)

func pagesTree(t *testing.T) *content.Tree {
	t.Helper()
	sub := func(title, attachments string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n" + attachments + "---\n正文。\n")}
	}
	fsys := fstest.MapFS{
		"content/site.yaml":                         {Data: []byte("title: 站点\nbase_url: https://example.org/wuxiao/\norganizers: [市总工会]\n")},
		"content/2025/results.yaml":                 {Data: []byte("status: notice\nawards:\n  - {submission: kq-coal/pidai, award: 一等奖}\n")},
		"content/2025/submissions/kq-coal/pidai.md": sub("皮带纠偏装置", "attachments:\n  - {file: a.pdf, title: 检测报告, sha256: x, public: true}\n  - {file: b.pdf, title: 内部材料, sha256: x}\n"),
		"content/2025/submissions/kq-coal/other.md": sub("未获奖的成果", ""),
		"content/2025/commendations/kuangqu/d.yaml": {Data: []byte("doc: 矿区工发〔2025〕1号\ndate: 2025-05-01\nawards:\n  - {submission: kq-coal/pidai, award: 一等奖}\n")},
		"content/2025/cases/pidai.md":               {Data: []byte("---\ntitle: 一条皮带的故事\ncover: pidai.jpg\n---\n")},
		"content/2025/cases/xian.md":                {Data: []byte("---\ntitle: 现场的故事\n---\n改造后：\n\n![现场](xianchang.png)\n")},
		"content/2024/results.yaml":                 {Data: []byte("status: draft\nawards: []\n")},
		"content/2025/bulletins/di-1-qi.md":         {Data: []byte("---\ntitle: 第一期\n---\n![会场](huichang.jpg)\n")},
		"content/pages/guide.md":                    {Data: []byte("---\ntitle: 申报指南\n---\n")},
		"content/pages/about.md":                    {Data: []byte("---\ntitle: 关于\n---\n![申报流程](liucheng.png)\n")},
	}
	tree, _, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func TestPages(t *testing.T) {
	changes := []Change{
		{Status: 'M', Path: "content/2025/submissions/kq-coal/pidai.md"},
		{Status: 'A', Path: "content/2025/submissions/kq-coal/other.md"},
		{Status: 'A', Path: "content/2025/attachments/kq-coal/a.pdf"},
		{Status: 'A', Path: "content/2025/attachments/kq-coal/b.pdf"},
		{Status: 'M', Path: "content/2025/commendations/kuangqu/d.yaml"},
		{Status: 'M', Path: "content/2025/results.yaml"},
		{Status: 'M', Path: "content/2024/results.yaml"},
		{Status: 'A', Path: "content/2025/cases/pidai.jpg"},
		{Status: 'M', Path: "content/2025/cases/xianchang.png"},
		{Status: 'M', Path: "content/pages/liucheng.png"},
		{Status: 'A', Path: "content/2025/bulletins/huichang.jpg"},
		{Status: 'R', From: "content/pages/old.md", Path: "content/pages/guide.md"},
		{Status: 'A', Path: "content/2025/reviews/wang.yaml"},
		{Status: 'M', Path: "content/units.yaml"},
		{Status: 'M', Path: "generator/main.go"},
	}
	pages, hidden := Pages(changes, pagesTree(t))
	var got strings.Builder
	if err := FormatPages(&got, "text", "", pages, hidden); err != nil {
		t.Fatal(err)
	}
	want := `修改	2025/	2025 年竞赛	content/2025/results.yaml
新增	2025/attachments/kq-coal/a.pdf	检测报告	content/2025/attachments/kq-coal/a.pdf
修改	2025/awards/	2025 年表彰名单	content/2025/results.yaml
新增	2025/bulletins/di-1-qi/	第一期	content/2025/bulletins/huichang.jpg
新增	2025/cases/pidai/	一条皮带的故事	content/2025/cases/pidai.jpg
修改	2025/cases/xian/	现场的故事	content/2025/cases/xianchang.png
修改	2025/notice/	2025 年公示	content/2025/results.yaml
修改	2025/results/kq-coal/pidai/	皮带纠偏装置	content/2025/submissions/kq-coal/pidai.md
修改	pages/about/	关于	content/pages/liucheng.png
新增	pages/guide/	申报指南	content/pages/guide.md
删除	pages/old/	old	content/pages/old.md
修改	units/	组织体系	content/units.yaml
不公开	-	申报成果尚未获奖或结果尚未公示，网站不单独公开（只计入统计）	content/2025/submissions/kq-coal/other.md
不公开	-	证明材料不公开（所属成果尚未公开，或 public 不为 true）	content/2025/attachments/kq-coal/b.pdf
不公开	-	评选结果尚未公示（status 为 draft），网站不公开	content/2024/results.yaml
不公开	-	专家评分不公开（只用于计算名次）	content/2025/reviews/wang.yaml
`
	if got.String() != want {
		t.Errorf("pages:\n%s\nwant:\n%s", got.String(), want)
	}
}

func TestPagesMarkdown(t *testing.T) {
	pages := []Page{{URL: "2025/results/a/b/", Title: "带|竖线的[标题]", Change: "新增", File: "content/2025/submissions/a/b.md"}}
	hidden := []Hidden{{File: "content/2025/reviews/w.yaml", Why: "专家评分不公开"}}
	var b strings.Builder
	if err := FormatPages(&b, "markdown", "https://example.org/w", pages, hidden); err != nil {
		t.Fatal(err)
	}
	want := PagesMarker + `
### 本合并请求涉及的网站页面

合并并发布后，以下页面会新增、变化或删除：

| 变化 | 页面 | 来自 |
|---|---|---|
| 新增 | [带\|竖线的\[标题\]](https://example.org/w/2025/results/a/b/) | ` + "`content/2025/submissions/a/b.md`" + ` |

以下改动不单独出现在公开网站上：

- ` + "`content/2025/reviews/w.yaml`" + `：专家评分不公开
`
	if b.String() != want {
		t.Errorf("markdown:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := FormatPages(&b, "markdown", "", nil, nil); err != nil || !strings.Contains(b.String(), "没有公开页面新增或变化") {
		t.Errorf("empty markdown = %q, %v", b.String(), err)
	}
	if err := FormatPages(&b, "yaml", "", nil, nil); err == nil {
		t.Errorf("unknown format accepted")
	}
}

// TestPagesOfEveryKind: a deleted file names the page it was the source of, by its path
// alone (package urls), whatever its kind; a file the contract keeps private says why
// (the kinds table), assignments.yaml included.
func TestPagesOfEveryKind(t *testing.T) {
	changes := []Change{
		{Status: 'D', Path: "content/units.yaml"},
		{Status: 'D', Path: "content/site.yaml"},
		{Status: 'D', Path: "content/2025/cases/pidai.md"},
		{Status: 'D', Path: "content/2025/results.yaml"},
		{Status: 'D', Path: "content/2025/submissions/kq-coal/gone.md"},
		{Status: 'M', Path: "content/2025/assignments.yaml"},
		{Status: 'M', Path: "content/experts.yaml"},
		{Status: 'M', Path: "content/cleared.yaml"},
	}
	pages, hidden := Pages(changes, pagesTree(t))
	var got strings.Builder
	if err := FormatPages(&got, "text", "", pages, hidden); err != nil {
		t.Fatal(err)
	}
	want := "删除\t\t首页（站点设置影响每一页）\tcontent/site.yaml\n" +
		"删除\t2025/\t2025 年竞赛\tcontent/2025/results.yaml\n" +
		"删除\t2025/cases/pidai/\tpidai\tcontent/2025/cases/pidai.md\n" +
		"删除\t2025/results/kq-coal/gone/\t（如曾公开）kq-coal/gone\tcontent/2025/submissions/kq-coal/gone.md\n" +
		"删除\tunits/\t组织体系\tcontent/units.yaml\n" +
		"不公开\t-\t评审分配不公开（只用于安排评审）\tcontent/2025/assignments.yaml\n" +
		"不公开\t-\t专家名录不单独公开（site.yaml 的 publish_experts 为 true 时，专家姓名显示在结果页上）\tcontent/experts.yaml\n" +
		"不公开\t-\t名单不公开\tcontent/cleared.yaml\n"
	if got.String() != want {
		t.Errorf("pages:\n%s\nwant:\n%s", got.String(), want)
	}
}
