package render

import (
	"regexp"
	"runtime"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
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

// TestQuickHTMLMatches: wherever quickHTML answers, it writes what goldmark writes, on the
// demo content's and a synthetic tree's bodies (of which it must answer for nearly all of
// the synthetic ones) and on 100,000 bodies made mostly of text, headings of every level
// and blank lines, with now and then a character or line start Markdown gives a meaning to.
func TestQuickHTMLMatches(t *testing.T) {
	md := newMarkdown()
	same := func(name, src string) bool {
		got, ok := quickHTML(src)
		if !ok {
			return false
		}
		want, err := md.convertParsed(src)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("%s: quickHTML(%q) = %q, goldmark writes %q", name, src, got, want)
		}
		return true
	}
	testtree.QuickPath(t, "quickHTML", 13, same)
}

// FuzzQuickHTML: wherever quickHTML answers, it writes what goldmark writes.
func FuzzQuickHTML(f *testing.F) {
	f.Add("## 情况说明\n\n改进了皮带\n输送机的托辊，节约15.1万元。\nPLC\ncontrol\n\n#### 细节\n\n# 一")
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		if got, ok := quickHTML(src); ok {
			if want, err := md.convertParsed(src); err != nil || got != want {
				t.Fatalf("quickHTML(%q) = %q, goldmark writes %q (%v)", src, got, want, err)
			}
		}
	})
}
