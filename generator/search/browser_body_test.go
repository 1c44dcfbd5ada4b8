package search_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"wuxiao/generator/headless"
	"wuxiao/generator/search"
	"wuxiao/generator/testtree"
)

// markupPage is a case whose body uses what Markdown offers, each piece around a word
// that a query must find (or, split by a line, must not); its image is beside it (the
// markdown rule allows no other).
const markupPage = `---
title: 排版样例
date: 2025-12-20
submissions: [chengqu-heating/huanrezhan-wurenzhishou]
summary: 一页用到 Markdown 的各种写法。
---
段落一的托辊[^1]更换，脚注号不算正文。
软换行的中文
连在一起，English
words apart.

## 小节标题甲

- 列表项乙
- [x] 已办任务丙
- [ ] 待办任务丁
  1. 嵌套戊

> 引用己

| 表头庚 | 表头辛 |
|:---|---:|
| **单元格壬** | ` + "`代码癸`" + ` |

` + "```" + `
代码块 子丑
寅卯
` + "```" + `

![图片说明辰巳](markup.png) 与 <https://example.org/午未> 和 ~~删除申酉~~。

第一行戌亥  
第二行角亢 &amp; 实体&#x4E2D;文 \* 转义。

---

末段氐房心。

[^1]: 脚注正文尾箕。
`

// bodyJS reads the body of the document at a URL through the page's own reader.
const bodyJS = `new Promise(function (done) {
  var S = window.wuxiaoSearch;
  (function wait() {
    if (!S.index) { setTimeout(wait, 10); return; }
    S.index.body(%s, function (err, b) { done(err ? {err: String(err)} : {text: b.text}); });
  })();
})`

var spaces = regexp.MustCompile(` +`)

// collapsed is text folded, with every run of spaces one space, trimmed.
func collapsed(s string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(search.Fold(s), " "))
}

// TestBrowserBodyFromPage: the body the reader takes from a document's page is, folded
// and but for the width of its spaces, the body the index was made of (Plain of its
// Markdown), for every document of the demo and a case using all of Markdown: a term
// is then found in the page exactly when the index has it there. Body-only queries are
// found, a term split across two lines is not.
func TestBrowserBodyFromPage(t *testing.T) {
	t.Parallel() // the package is the last go test runs: its tests fill both cores
	headless.Path(t)
	root := t.TempDir()
	testtree.Copy(t, "../../content", filepath.Join(root, "content"))
	if err := os.WriteFile(filepath.Join(root, "content", "2025", "cases", "markup.md"), []byte(markupPage), 0o644); err != nil {
		t.Fatal(err)
	}
	png, err := os.ReadFile(filepath.Join(root, "content", "2025", "cases", "huanrezhan-wurenzhishou.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content", "2025", "cases", "markup.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	s := buildSite(t, root)
	browser := chromium.Tab(t, 10*time.Minute)
	tab := s.tab(t, browser, "")
	seen := false
	for _, d := range s.docs {
		js, _ := json.Marshal(d.URL)
		got, err := chromedp.Run(tab, chromedp.Evaluate[struct{ Text, Err string }](strings.Replace(bodyJS, "%s", string(js), 1), chromedp.EvalAwaitPromise))
		if err != nil || got.Err != "" {
			t.Fatalf("%s: %v %s", d.URL, err, got.Err)
		}
		if collapsed(got.Text) != collapsed(d.Body) {
			t.Errorf("%s: the page's body differs from the index's:\npage  %q\nindex %q", d.URL, collapsed(got.Text), collapsed(d.Body))
		}
		seen = seen || d.URL == "2025/cases/markup/"
	}
	if !seen {
		t.Fatal("the markup case is not among the documents")
	}
	queries := []string{"托辊更换", "中文连在一起", "列表项乙", "已办任务丙", "嵌套戊", "引用己", "表头辛", "单元格壬", "代码癸", "代码块", "寅卯",
		"图片说明辰巳", "午未", "删除申酉", "戌亥", "角亢", "实体中文", "转义", "氐房心", "脚注正文尾箕", "englishwords", "子丑寅", "戌亥第二"}
	queries = append(queries, bodyOnly(rand.New(rand.NewPCG(3, 3)), s.docs, 40)...)
	s.checkRecall(t, tab, queries)
	// A hit found in its body shows the words around the match, read from its page,
	// which is then in the browser's cache: following the hit fetches nothing.
	var mu sync.Mutex
	var fromNet []string
	hit, cancel := chromedp.NewContext(browser, chromedp.WithListener(func(ev any) {
		if ev, ok := ev.(*network.EventResponseReceived); ok && ev.Type == network.ResourceTypeDocument && !ev.Response.FromDiskCache {
			mu.Lock()
			fromNet = append(fromNet, ev.Response.URL)
			mu.Unlock()
		}
	}))
	defer cancel()
	if err := chromedp.Do(hit, chromedp.Navigate(s.srv.URL+"/search/?q=氐房心")); err != nil {
		t.Fatal(err)
	}
	sc := waitScreen(t, hit)
	snip, _ := chromedp.Run(hit, chromedp.Evaluate[string](`document.querySelector('#search-results .search-snippet').textContent`))
	if len(sc.Links) != 1 || !slices.Equal(sc.Marks, []string{"氐房心"}) || !strings.Contains(snip, "末段氐房心。") {
		t.Fatalf("a body-only hit: %q, marks %q, snippet %q", sc.Links, sc.Marks, snip)
	}
	mu.Lock()
	fromNet = nil
	mu.Unlock()
	if err := chromedp.Do(hit, chromedp.Click(chromedp.CSS("#search-results .ri-title a")),
		chromedp.WaitVisible(chromedp.CSS("[data-search-body]"))); err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(hit, chromedp.Location()); !strings.HasSuffix(loc, "/2025/cases/markup/") {
		t.Errorf("the hit led to %s", loc)
	}
	mu.Lock()
	if len(fromNet) > 0 {
		t.Errorf("following a hit whose page search read fetched it again: %q", fromNet)
	}
	mu.Unlock()
	if len(s.rec.failed) > 0 {
		t.Errorf("failed requests: %q", s.rec.failed)
	}
}

// bodyOnly picks n random substrings of 2 to 6 characters of the docs' bodies that are
// in no doc's other fields: found only by reading pages.
func bodyOnly(r *rand.Rand, docs []search.Doc, n int) []string {
	var out []string
	for tries := 0; len(out) < n && tries < 100000; tries++ {
		d := &docs[r.IntN(len(docs))]
		f := []rune(d.Body)
		l := 2 + r.IntN(5)
		if len(f) < l {
			continue
		}
		i := r.IntN(len(f) - l + 1)
		q := string(f[i : i+l])
		terms := search.Terms(q)
		if len(terms) != 1 || terms[0] != search.Fold(q) || strings.ContainsRune(q, '\n') {
			continue
		}
		elsewhere := false
		for j := range docs {
			f := docs[j].Fields()
			if strings.Contains(search.Fold(f[0]+"\n"+f[1]+"\n"+docs[j].Summary+"\n"+strings.Join(docs[j].Extra, "\n")), terms[0]) {
				elsewhere = true
				break
			}
		}
		if !elsewhere {
			out = append(out, q)
		}
	}
	return out
}
