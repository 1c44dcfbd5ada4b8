package render

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// GitHub Flavored Markdown as GitHub shows it: footnotes, strikethrough, autolinks, task
// lists and tables in testdata/gfm/*.md are rendered by the site's converter and by
// cmark-gfm, GitHub's own implementation (0.29.0.gfm.6, Debian's cmark-gfm package, with
// -e table -e strikethrough -e autolink -e tasklist -e footnotes). Its output is kept
// beside each input (*.cmark-gfm.html) so the test runs without it; when cmark-gfm is
// installed the test also checks that those files are still what it writes.
//
// What is compared is the document after normalising what legitimately differs between
// the two: ids, classes, ARIA and data- attributes, the footnotes' anchor names (fn:1 or
// fn-label) and container (<div><hr> or <section>), the back-reference arrow's variation
// selector, the space before it (goldmark writes &#160;), attribute order and whitespace
// between tags. Elements, their nesting, text,
// link targets and checkbox states must be the same.

var (
	reFootDiv  = regexp.MustCompile(`<div class="footnotes" role="doc-endnotes">\s*<hr>`)
	reFootSec  = regexp.MustCompile(`<section class="footnotes" data-footnotes>`)
	reNoise    = regexp.MustCompile(`\s(?:id|class|role|aria-[a-z-]+|data-[a-z-]+)(?:="[^"]*")?`)
	reFootHref = regexp.MustCompile(`href="#(fnref|fn)\d*[:-][^"]*"`)
	reInput    = regexp.MustCompile(`<input([^>]*?)\s*/?>`)
	reAttr     = regexp.MustCompile(`[a-z]+(?:="[^"]*")?`)
	reBetween  = regexp.MustCompile(`>\s+<`)
)

func normalizeHTML(s string, goldmark bool) string {
	if goldmark && reFootDiv.MatchString(s) {
		s = reFootDiv.ReplaceAllString(s, "<footnotes>")
		if i := strings.LastIndex(s, "</div>"); i >= 0 {
			s = s[:i] + "</footnotes>" + s[i+len("</div>"):]
		}
	}
	s = reFootSec.ReplaceAllString(s, "<footnotes>")
	s = strings.ReplaceAll(s, "</section>", "</footnotes>")
	s = reNoise.ReplaceAllString(s, "")
	s = reFootHref.ReplaceAllString(s, `href="#$1"`)
	s = reInput.ReplaceAllStringFunc(s, func(m string) string {
		attrs := reAttr.FindAllString(reInput.FindStringSubmatch(m)[1], -1)
		sort.Strings(attrs)
		return "<input " + strings.Join(attrs, " ") + ">"
	})
	s = strings.NewReplacer("↩\ufe0e", "↩", "&#x21a9;&#xfe0e;", "↩", "&#160;<a", " <a").Replace(s)
	s = reBetween.ReplaceAllString(s, "><")
	s = regexp.MustCompile(`\s+(</(?:p|li)>)`).ReplaceAllString(s, "$1")
	return strings.TrimSpace(s)
}

func TestMarkdownAsGitHub(t *testing.T) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "gfm", "*.md"))
	if len(inputs) < 5 {
		t.Fatalf("only %d GFM inputs", len(inputs))
	}
	cmark, err := exec.LookPath("cmark-gfm")
	if err != nil {
		t.Log("cmark-gfm is not installed (apt-get install cmark-gfm): comparing with its saved output only")
	}
	md := newMarkdown()
	for _, in := range inputs {
		src, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		saved := strings.TrimSuffix(in, ".md") + ".cmark-gfm.html"
		want, err := os.ReadFile(saved)
		if err != nil {
			t.Fatal(err)
		}
		if cmark != "" {
			live, err := exec.Command(cmark, "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tasklist", "-e", "footnotes", in).Output()
			if err != nil {
				t.Fatalf("cmark-gfm %s: %v", in, err)
			}
			if !bytes.Equal(live, want) {
				t.Errorf("%s is no longer what cmark-gfm writes:\n%s", saved, live)
			}
		}
		got, err := md.convert(string(src))
		if err != nil {
			t.Fatal(err)
		}
		// every in-page link (a footnote and its way back) has its target
		for _, m := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(string(got), -1) {
			if !strings.Contains(string(got), `id="`+m[1]+`"`) {
				t.Errorf("%s: link to #%s has no target", in, m[1])
			}
		}
		g, w := normalizeHTML(string(got), true), normalizeHTML(string(want), false)
		if g != w {
			t.Errorf("%s renders unlike GitHub:\n site: %s\n cmark-gfm: %s", in, g, w)
		}
	}
}
