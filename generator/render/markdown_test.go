package render

import (
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// A body sits under a second-level heading of its page (a section title or the hidden
// 正文), so its headings start at h2 or h3 and never skip a level: the Nu Html Checker
// counts a skipped level as an error and screen readers lose their place in the outline.
func TestMarkdownHeadingLevels(t *testing.T) {
	reHeading := regexp.MustCompile(`<h([1-6])`)
	md := newMarkdown()
	for _, tc := range []struct{ src, want string }{
		{"# 一\n\n## 二\n\n### 三", "2 3 4"},
		{"## 做法\n\n## 效果", "3 3"},
		{"#### 跳到四级", "3"},
		{"## 二\n\n#### 四\n\n###### 六\n\n## 二", "3 4 5 3"},
		{"# 一\n\n###### 六\n\n##### 五\n\n# 一", "2 3 3 2"},
		{"> ### 引用中的标题\n\n- ##### 列表中的标题", "3 4"},
		{"###### 六", "3"},
		{"标题\n===\n\n小标题\n---", "2 3"},
	} {
		html, err := md.convert(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range reHeading.FindAllStringSubmatch(string(html), -1) {
			got = append(got, m[1])
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%q: heading levels %v, want %s\n%s", tc.src, got, tc.want, html)
		}
	}
}

// TestConvertWritesIntoItsBuffer: goldmark writes a body straight into convert's buffer,
// not through the 4 KB bufio.Writer it makes for a writer of any other kind (40 MB a 10k
// build): converting a short paragraph allocates well under that.
func TestConvertWritesIntoItsBuffer(t *testing.T) {
	md := newMarkdown()
	src := "针对皮带输送机跑偏问题，加装**自动纠偏**装置。"
	want, err := md.convert(src)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 10 {
		if got, err := md.convert(src); err != nil || got != want {
			t.Fatalf("convert = %q, %v; want %q", got, err, want)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / 10; per >= 4096 {
		t.Errorf("converting %d bytes allocated %d bytes", len(src), per)
	}
}
