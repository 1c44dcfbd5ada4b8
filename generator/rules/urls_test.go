package rules_test

import (
	"strings"
	"testing"
)

// TestSiteURLs: base_url, repo_url and desk_url are absolute http(s) addresses (v2).
func TestSiteURLs(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"base_url: javascript:alert(1)//", "content/site.yaml:2:11: schema: "},
		{"base_url: JavaScript:alert(1)//", "content/site.yaml:2:11: schema: "},
		{"base_url: //evil.example/", "content/site.yaml:2:11: schema: "},
		{"base_url: https://example.org/wuxiao", "content/site.yaml:2:11: schema: "},
		{"base_url: https:///x/", "content/site.yaml:2:11: schema: "},
		{"base_url: https://example.org/\nrepo_url: javascript:alert(1)", "content/site.yaml:3:11: schema: "},
		{"base_url: https://example.org/\ndesk_url: data:text/html,x", "content/site.yaml:3:11: schema: "},
	} {
		t.Run(tc.line, func(t *testing.T) {
			fsys := baseTree(t)
			site := string(fsys["content/site.yaml"].Data)
			site = strings.Replace(site, "base_url: https://example.org/wuxiao/", tc.line, 1)
			fsys["content/site.yaml"].Data = []byte(site)
			if out := check(t, fsys, "2024-06-01"); !strings.Contains(out, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, out)
			}
		})
	}
}

// TestMarkdownLinksDecoded: a link's destination is judged after entities and escapes are
// decoded, and protocol-relative links are refused (v2).
func TestMarkdownLinksDecoded(t *testing.T) {
	const page = "content/pages/guide.md"
	for _, link := range []string{
		"[a](&#x6A;avascript:alert(1))", "[a](&#106;avascript:alert(1))", "[a](java&#x09;script:alert(1))",
		"[a](//evil.example/x)", "[a](\\/\\/evil.example)", "[a](/\\evil.example)", "![a](//evil.example/a.png)",
		"[a]: //evil.example\n\n[a]", "[a](&#x2F;&#x2F;evil.example)", "[a](<//evil.example>)", "[a](vbscript:x)",
		"[a](&#X6a;avascript&colon;alert(1))",
	} {
		t.Run(link, func(t *testing.T) {
			fsys := baseTree(t)
			data := string(fsys[page].Data) + "\n" + link + "\n"
			fsys[page].Data = []byte(data)
			if out := check(t, fsys, "2024-06-01"); !strings.Contains(out, page) || !strings.Contains(out, ": markdown: ") {
				t.Errorf("not refused:\n%s", out)
			}
		})
	}
	fsys := baseTree(t)
	fsys[page].Data = []byte(string(fsys[page].Data) + "\n[站内](../guide/) [网站](https://example.org/) [邮件](mailto:a@b.cn) [锚](#x)\n")
	if out := check(t, fsys, "2024-06-01"); strings.Contains(out, ": markdown: ") {
		t.Errorf("good links refused:\n%s", out)
	}
}
