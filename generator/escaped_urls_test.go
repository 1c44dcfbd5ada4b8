package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
	"wuxiao/generator/urls"
)

// TestNamesInAbsoluteURLsAreEscaped: a case's cover and a public attachment named with
// Chinese, a space, an apostrophe, an ampersand and brackets. The page's <img src> was
// percent-encoded by the template, but og:image (a content attribute, plain text to
// html/template) and the open data's attachment "url" carried the raw name: a space
// ends a URL where a crawler or a reader of the data splits it. Every absolute URL built
// from a file's name must be the percent-encoded one.
func TestNamesInAbsoluteURLsAreEscaped(t *testing.T) {
	root := testtree.Demo(t)
	const cover, proof = "封面 图's&(1).png", "应用 证明&[2].pdf"
	rename := func(dir, from, to, md string) {
		t.Helper()
		if err := os.Rename(filepath.Join(root, dir, from), filepath.Join(root, dir, to)); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(root, md)
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(string(text), from, `"`+to+`"`, 1)
		if edited == string(text) {
			t.Fatalf("%s does not name %s", md, from)
		}
		if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rename("content/2026/cases", "yejian-liuliang.png", cover, "content/2026/cases/yejian-liuliang.md")
	rename("content/2026/attachments/kuangqu-mine1", "yingyong-zhengming.pdf", proof, "content/2026/submissions/kuangqu-mine1/jiwei-qingsao.md")
	out := filepath.Join(t.TempDir(), "public")
	diags, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, BuildOptions{Out: out, BaseURL: "https://example.org/"})
	if err != nil {
		if diags != nil {
			t.Logf("diagnostics:\n%s", diags.Text())
		}
		t.Fatal(err)
	}
	const coverURL = "https://example.org/2026/cases/yejian-liuliang/%e5%b0%81%e9%9d%a2%20%e5%9b%be%27s&%281%29.png"
	page := readOut(t, out, "2026/cases/yejian-liuliang/index.html")
	if want := `<meta property="og:image" content="` + strings.ReplaceAll(coverURL, "&", "&amp;") + `">`; !strings.Contains(page, want) {
		t.Errorf("the case page has no\n%s\nits head:\n%s", want, page[:strings.Index(page, "</head>")])
	}
	const proofURL = "https://example.org/2026/attachments/kuangqu-mine1/%e5%ba%94%e7%94%a8%20%e8%af%81%e6%98%8e&%5b2%5d.pdf"
	data := readOut(t, out, "data/2026.json")
	if want := `"url":"` + proofURL + `"`; !strings.Contains(data, want) {
		i := strings.Index(data, `"attachments"`)
		t.Errorf("data/2026.json has no %s; its attachments:\n%s", want, data[i:min(len(data), i+300)])
	}
	if _, err := os.Stat(filepath.Join(out, "2026/cases/yejian-liuliang", cover)); err != nil {
		t.Errorf("the cover is not published under its own name: %v", err)
	}
}

// TestBaseURLInChineseIsEncoded: a base URL whose path is Chinese (or has a space) passes
// check as a URL; the canonical link was encoded by the template, but og:url, the
// sitemap, the feed and the open data carried the raw characters.
func TestBaseURLInChineseIsEncoded(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	diags, _, err := Build(Config{Root: "..", Now: testDate("2026-11-25")}, BuildOptions{Out: out, BaseURL: "https://example.org/五小 竞赛/"})
	if err != nil {
		if diags != nil {
			t.Logf("diagnostics:\n%s", diags.Text())
		}
		t.Fatal(err)
	}
	const base = "https://example.org/%e4%ba%94%e5%b0%8f%20%e7%ab%9e%e8%b5%9b/"
	for _, c := range []struct{ file, want string }{
		{"index.html", `<meta property="og:url" content="` + base + `">`},
		{"index.html", `<link rel="canonical" href="` + base + `">`},
		{"sitemap.xml", "<loc>" + base + "2026/</loc>"},
		{"feed.xml", `<link href="` + base + urls.Feed + `" rel="self"></link>`},
		{"robots.txt", "Sitemap: " + base + "sitemap.xml"},
		{"data/2026.json", `"url":"` + base + `2026/"`},
	} {
		if text := readOut(t, out, c.file); !strings.Contains(text, c.want) {
			t.Errorf("%s has no %s", c.file, c.want)
		}
	}
}
