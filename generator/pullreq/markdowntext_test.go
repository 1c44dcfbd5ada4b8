package pullreq

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// TestMarkdownTextIsInert: a typed value written into a pull request's body through
// MarkdownText reads as the same text and does nothing else on the forge: no image
// loaded from another host (Gitea loads it straight from the reader's browser), no
// link, no emphasis, no raw HTML, no @mention (a notification to whoever is named) and
// no #123 reference. The forges render GitHub-flavoured Markdown and find mentions in
// the text it gives (a backslash before @ does not stop them), which the test mirrors.
func TestMarkdownTextIsInert(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	mention := regexp.MustCompile(`(^|[^\w])[@#][\w-]`)
	for _, typed := range []string{
		"矿工发〔2025〕1号",
		"![x](http://evil.example/p.png)",
		"<img src=http://evil.example/p.png>",
		"@mallory 请看",
		"抄送@mallory",
		"[点这里](javascript:alert(1))",
		"&#64;mallory &amp; <b>粗</b>",
		"**粗** _斜_ `码` ~~删~~ #12 issue",
		"http://evil.example/autolink www.evil.example",
		"> 引用\n- 列表",
		"1. 第一",
		"\\@mallory",
		"- 列表", "+ 列表", "= 标题", "12) 第二",
		"kuangqu-mine1/jing-xia 2026-09-18 a.b:c", "2026-09-18",
	} {
		var out bytes.Buffer
		if err := md.Convert([]byte("推荐，文号 "+MarkdownText(typed)+"。"), &out); err != nil {
			t.Fatal(err)
		}
		var alone bytes.Buffer // a value that begins a line
		if err := md.Convert([]byte(MarkdownText(typed)), &alone); err != nil {
			t.Fatal(err)
		}
		if a := alone.String(); !strings.HasPrefix(a, "<p>") || strings.Count(a, "<") != 2 {
			t.Errorf("%q at a line's start renders as %q", typed, a)
		}
		got := out.String()
		if strings.Contains(got, "<img") || strings.Contains(got, "<a ") || strings.Contains(got, "<strong") ||
			strings.Contains(got, "<em") || strings.Contains(got, "<code") || strings.Contains(got, "<del") || strings.Contains(got, "<b>") ||
			strings.Contains(got, "<blockquote") || strings.Contains(got, "<li") {
			t.Errorf("%q renders as %q", typed, got)
		}
		text := html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(got, ""))
		if mention.MatchString(text) {
			t.Errorf("%q renders as text %q, where the forge finds a mention or a reference", typed, text)
		}
		if (strings.Contains(typed, "kuangqu") || strings.HasPrefix(typed, "2026")) && MarkdownText(typed) != typed {
			t.Errorf("%q is written %q: a file name or a date needs no escape", typed, MarkdownText(typed))
		}
		if want := "推荐，文号 " + OneLine(typed) + "。"; strings.ReplaceAll(strings.TrimSpace(text), "\u200b", "") != want {
			t.Errorf("%q reads %q, want %q", typed, strings.TrimSpace(text), want)
		}
	}
}
