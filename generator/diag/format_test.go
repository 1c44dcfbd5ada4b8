package diag

import (
	"strings"
	"testing"
)

func sampleMD() *List {
	var l List
	l.Warnf(Pos{"content/a.md", 3, 1}, "pii", "正文中有手机号")
	l.Errorf(Pos{"content/b.md", 9, 12}, "phase", "申报日期 2026-10-10 不在组织推进阶段内")
	l.Errorf(Pos{"content/a.md", 7, 2}, "schema", "缺少 title <必填> *重要*")
	return &l
}

func TestJSONRoundTripMarkdownSample(t *testing.T) {
	var b strings.Builder
	if err := sampleMD().Print(&b, "json"); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Text() != sampleMD().Text() {
		t.Errorf("round trip:\n%s\nwant:\n%s", back.Text(), sampleMD().Text())
	}
	for _, bad := range []string{"", "[]", `{"errors":0}`, `{"diagnostics":[{"file":"a","severity":"fatal"}]}`} {
		if _, err := ReadJSON(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadJSON(%q): no error", bad)
		}
	}
}

func TestMarkdownWorstFirst(t *testing.T) {
	got := sampleMD().Markdown("内容检查")
	want := "### 内容检查：2 个错误，1 个警告\n\n" +
		"- ❌ `content/a.md:7:2` schema：缺少 title &lt;必填&gt; \\*重要\\*\n" +
		"- ❌ `content/b.md:9:12` phase：申报日期 2026-10-10 不在组织推进阶段内\n" +
		"- ⚠️ `content/a.md:3:1` pii：正文中有手机号\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := (&List{}).Markdown("修改权限"); got != "### 修改权限：通过\n\n没有发现问题。\n" {
		t.Errorf("empty: %q", got)
	}
}
