package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/layouts"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// minimalRoot is the contract's minimal example, as copied into the rules' testdata
// (.ci/run checks the copy against ../shared/examples/minimal).
const minimalRoot = "../rules/testdata/base"

// mapOutput keeps a rendered site in memory.
type mapOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *mapOutput) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[name]; dup {
		return os.ErrExist
	}
	m.files[name] = bytes.Clone(data)
	return nil
}

func loadTree(t testing.TB, root string) *content.Tree {
	t.Helper()
	tree, _, err := content.Load(os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func date(s string) content.Date {
	d, err := content.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// renderTree renders tree with the default theme into memory.
func renderTree(t testing.TB, tree *content.Tree, now string) (*mapOutput, *Report) {
	t.Helper()
	out := &mapOutput{files: map[string][]byte{}}
	site := NewSite(tree, "https://example.org/wuxiao/", date(now))
	rep, err := Render(site, Options{Theme: layouts.FS(), Src: tree.FS}, out)
	if err != nil {
		t.Fatal(err)
	}
	return out, rep
}

// TestGolden compares representative pages of the minimal example with testdata/golden.
// Run go test ./generator/render -update to accept a deliberate change.
func TestGolden(t *testing.T) {
	out, _ := renderTree(t, loadTree(t, minimalRoot), "2026-11-25")
	for _, name := range []string{
		"index.html",
		"2023/index.html",
		"2023/awards/index.html",
		"2023/results/kuangqu-mine1/pidai-jiupian/index.html",
		"2023/stats/index.html",
		"2023/cases/pidai-jiupian/index.html",
		"units/kuangqu/index.html",
		"browse/category/improvement/index.html",
		"data/2023.json",
		"feed.xml",
		"sitemap.xml",
		"404.html",
	} {
		got, ok := out.files[name]
		if !ok {
			t.Errorf("%s was not written", name)
			continue
		}
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(name))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update to accept):\n%s", name, golden, firstDiff(string(want), string(got)))
		}
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\n- " + a + "\n+ " + b
		}
	}
	return ""
}

// TestMinimalSite checks what the minimal example publishes, page by page.
func TestMinimalSite(t *testing.T) {
	out, rep := renderTree(t, loadTree(t, minimalRoot), "2026-11-25")
	for _, name := range []string{
		"2023/attachments/kuangqu-mine1/yingyong-zhengming.pdf",
		"2023/bulletins/2023-01/index.html",
		"pages/guide/index.html",
		"browse/index.html", "units/index.html", "cases/index.html", "bulletins/index.html", "stats/index.html",
		"robots.txt", "static/style.css",
	} {
		if _, ok := out.files[name]; !ok {
			t.Errorf("%s was not written", name)
		}
	}
	if page := string(out.files["2023/notice/index.html"]); !strings.Contains(page, "公示已结束") || strings.Contains(page, "objection.yml") {
		t.Error("a final year keeps its 公示 page as an archive that says 公示已结束, without the objection form")
	}
	if rep.Pages < 30 || rep.Files != len(out.files) {
		t.Errorf("report %+v for %d files", rep, len(out.files))
	}
	home := string(out.files["index.html"])
	for _, want := range []string{"组织推进", "考核评选", "表彰奖励", "皮带输送机自动纠偏装置", "井下“土专家”王建国", "全市“五小”竞赛活动启动"} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	result := string(out.files["2023/results/kuangqu-mine1/pidai-jiupian/index.html"])
	for _, want := range []string{"一矿工会发〔2023〕6号", "矿区工发〔2023〕8号", "阳工发〔2023〕68号", "矿区总工会", "王建国", "李明", "35.6 万元", `property="og:title"`} {
		if !strings.Contains(result, want) {
			t.Errorf("result page lacks %q", want)
		}
	}
}

// TestNoticePage: a year in notice status gets its 公示 page with the window.
func TestNoticePage(t *testing.T) {
	tree := loadTree(t, minimalRoot)
	y := tree.Years[len(tree.Years)-1]
	r := *y.Results
	r.Status, r.Doc = "notice", ""
	y.Results = &r
	site := *tree.Site
	site.RepoURL = "https://github.com/yq-union/wuxiao"
	tree.Site = &site
	out, _ := renderTree(t, tree, "2023-12-06")
	page := string(out.files["2023/notice/index.html"])
	for _, want := range []string{"公示期", "2023年12月5日至2023年12月11日", "书面形式", "阳泉市总工会",
		`href="https://github.com/yq-union/wuxiao/issues/new?template=objection.yml"`} {
		if !strings.Contains(page, want) {
			t.Errorf("notice page lacks %q", want)
		}
	}
	if !strings.Contains(string(out.files["2023/awards/index.html"]), "拟表彰优秀成果名单") {
		t.Error("awards page in notice status should say 拟表彰")
	}
}

// TestRevokedAward: a revoked award (v2) keeps its place; its result page, its certificate
// (and the page its QR code leads to, the result page) and the awards page say 已撤销 with
// date, 文号 and reason; the awards page also publishes corrections and overrides, and no
// other result's award changes.
func TestRevokedAward(t *testing.T) {
	tree := loadTree(t, minimalRoot)
	y := tree.Years[len(tree.Years)-1]
	r := *y.Results
	r.Awards = append([]content.CityAward(nil), r.Awards...)
	var revoked, other string
	for i := range r.Awards {
		a := &r.Awards[i]
		switch {
		case a.Submission == "energy-power/peidian-xunjian":
			a.Revoked = &content.Revocation{Date: date("2024-03-05"), Doc: "阳工发〔2024〕10号", Reason: "经查实冒用他人成果申报"}
			revoked = a.Submission
		case other == "":
			a.Override = "评委会认为推广价值突出：见第3次会议纪要"
			other = a.Submission
		}
	}
	if revoked == "" {
		t.Fatal("the example changed; adapt the test")
	}
	r.Corrections = []content.Correction{{Date: date("2024-03-05"), Doc: "阳工发〔2024〕10号", Reason: "撤销供电公司项目的三等奖"}}
	y.Results = &r
	before, _ := renderTree(t, loadTree(t, minimalRoot), "2024-06-01")
	out, _ := renderTree(t, tree, "2024-06-01")
	says := []string{"已撤销", "2024年3月5日", "阳工发〔2024〕10号", "经查实冒用他人成果申报"}
	for _, page := range []string{"2023/results/" + revoked + "/index.html", "2023/awards/index.html"} {
		for _, want := range says {
			if !strings.Contains(string(out.files[page]), want) {
				t.Errorf("%s lacks %q", page, want)
			}
		}
	}
	if before, after := string(before.files["2023/stats/index.html"]), string(out.files["2023/stats/index.html"]); before == after {
		t.Error("the year's statistics still count the revoked award")
	}
	awards := string(out.files["2023/awards/index.html"])
	for _, want := range []string{"撤销奖项公告", "更正记录", "撤销供电公司项目的三等奖", "评委会调整说明", "评委会认为推广价值突出：见第3次会议纪要"} {
		if !strings.Contains(awards, want) {
			t.Errorf("awards page lacks %q", want)
		}
	}
	for name, data := range before.files {
		if strings.Contains(name, "/results/") && !strings.Contains(name, revoked) && !bytes.Equal(data, out.files[name]) {
			t.Errorf("%s, another result's page, changed:\n%s", name, firstDiff(string(data), string(out.files[name])))
		}
	}
}

// TestDraftYearUnpublished: a year whose results are a draft publishes no result at all.
func TestDraftYearUnpublished(t *testing.T) {
	tree := loadTree(t, minimalRoot)
	y := tree.Years[len(tree.Years)-1]
	r := *y.Results
	r.Status = "draft"
	y.Results = &r
	out, _ := renderTree(t, tree, "2026-11-25")
	for name, data := range out.files {
		if strings.Contains(name, "/results/") || strings.HasPrefix(name, "data/") || strings.Contains(name, "attachments/") {
			t.Errorf("draft year published %s", name)
		}
		if bytes.Contains(data, []byte("皮带输送机自动纠偏装置")) && !strings.Contains(name, "cases/") {
			t.Errorf("%s names a result of a draft year", name)
		}
	}
	if !strings.Contains(string(out.files["2023/index.html"]), "尚未公布") {
		t.Error("year page should say the results are not out yet")
	}
}

func TestOverlay(t *testing.T) {
	tree := loadTree(t, minimalRoot)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "404.html"), []byte(`{{define "main"}}<p>OVERRIDDEN</p>{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := &mapOutput{files: map[string][]byte{}}
	site := NewSite(tree, "", date("2026-11-25"))
	if _, err := Render(site, Options{Theme: Overlay{Site: os.DirFS(dir), Default: layouts.FS()}, Src: tree.FS}, out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out.files["404.html"]), "OVERRIDDEN") {
		t.Error("the site's 404.html did not override the theme's")
	}
	if !strings.Contains(string(out.files["index.html"]), "组织推进") {
		t.Error("pages the site does not override come from the default theme")
	}
}

func TestRootFrom(t *testing.T) {
	for u, want := range map[string]string{"": "./", "404.html": "./", "units/": "../", "2023/results/a/b/": "../../../../", "data/2023.json": "../"} {
		if got := rootFrom(u); got != want {
			t.Errorf("rootFrom(%q) = %q, want %q", u, got, want)
		}
	}
}

// sortedNames lists the files of an output, for stable messages.
func sortedNames(m map[string][]byte) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// TestDataOneResultPerLine: the open data is compact JSON with each result on a line
// of its own, so that it stays small and a change to one result is a one-line diff.
func TestDataOneResultPerLine(t *testing.T) {
	out, _ := renderTree(t, loadTree(t, minimalRoot), "2026-11-25")
	data := out.files["data/2023.json"]
	var whole struct {
		Results []map[string]any `json:"results"`
	}
	if err := json.Unmarshal(data, &whole); err != nil || len(whole.Results) == 0 {
		t.Fatalf("data/2023.json: %v, %d results", err, len(whole.Results))
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != len(whole.Results)+2 {
		t.Fatalf("%d lines for %d results, want one a result and a line before and after:\n%s", len(lines), len(whole.Results), data)
	}
	for i, l := range lines[1 : len(lines)-1] {
		var r map[string]any
		if err := json.Unmarshal([]byte(strings.TrimSuffix(l, ",")), &r); err != nil || r["id"] != whole.Results[i]["id"] {
			t.Errorf("line %d is not result %d: %v\n%s", i+2, i, err, l)
		}
	}
}

// The reading bar (字号, 高对比度) is no use without JavaScript, so read.js builds it and
// no page carries its markup (about 450 bytes a page, 5 MB at 10,000 results).
func TestReadingBarNotInPages(t *testing.T) {
	out, _ := renderTree(t, loadTree(t, minimalRoot), "2026-11-25")
	for _, name := range sortedNames(out.files) {
		if strings.HasSuffix(name, ".html") && bytes.Contains(out.files[name], []byte(`data-fs=`)) {
			t.Errorf("%s carries the reading bar's markup", name)
		}
	}
}

// An entry of a result list (browse/, units/, a case's results) is its text and its link
// with little markup around them: at 10,000 results the lists hold 70,000 entries. The
// Nu Html Checker holds the end tags left out to those HTML allows to leave out.
func TestResultListEntryIsLean(t *testing.T) {
	out, _ := renderTree(t, loadTree(t, minimalRoot), "2026-11-25")
	page := string(out.files["browse/category/improvement/index.html"])
	entry := regexp.MustCompile(`(?s)<ol class="results">\n(<li>.*?)\n</ol>`).FindStringSubmatch(page)
	if entry == nil {
		t.Fatalf("no list of one entry in:\n%s", page)
	}
	li := entry[1]
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(li, "")
	for _, want := range []string{"一等奖", "2023年", "小革新", "皮带输送机自动纠偏装置", "矿区第一煤矿工会", "王建国、李明"} {
		if !strings.Contains(text, want) {
			t.Errorf("the entry lacks %q: %s", want, li)
		}
	}
	const href = `href="../../../2023/results/kuangqu-mine1/pidai-jiupian/"`
	if !strings.Contains(li, href) {
		t.Errorf("the entry does not link its result: %s", li)
	}
	// without the end tags HTML lets go (the paragraphs' and the item's): 13 bytes an entry;
	// its award one class, award-<id> (the style sheet matches [class|=award]): 6 more
	if markup := len(li) - len(text) - len(href); markup > 73 {
		t.Errorf("the entry has %d bytes of markup besides its text and link, want at most 73: %s", markup, li)
	}
}

// A result page's head carries what something reads: the description, once for both its
// readers (name: Baidu, QQ's cards; property: the Open Graph cards of WeChat, DingTalk and
// Feishu; one element, as the guides to those cards write it: a second copy was 1.9 MB at
// 10,000 results), the Open Graph title and address (share cards), the canonical address
// (search engines), format-detection (iOS Safari would make numbers telephone links), its
// style sheet, script and icon; not og:site_name, og:type or og:locale, which no share card
// of its readers uses, nor the feed's link, which the home page and every footer give.
func TestResultPageHead(t *testing.T) {
	out, _ := renderTree(t, loadTree(t, minimalRoot), "2026-11-25")
	page := string(out.files["2023/results/kuangqu-mine1/pidai-jiupian/index.html"])
	head := page[:strings.Index(page, "</head>")]
	var got []string
	for _, m := range regexp.MustCompile(`<(?:meta|link|script)[^>]*?(?:name|property|rel|src)="([^"?]*)`).FindAllStringSubmatch(head, -1) {
		got = append(got, m[1])
	}
	want := "viewport description canonical og:title og:url format-detection ../../../../static/read.js stylesheet icon"
	if strings.Join(got, " ") != want {
		t.Errorf("result page head:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if !regexp.MustCompile(`<meta name="description" property="og:description" content="[^"]+">`).MatchString(head) {
		t.Errorf("the description is not one element for both its readers:\n%s", head)
	}
	if home := string(out.files["index.html"]); !strings.Contains(home, `<link rel="alternate" type="application/atom+xml"`) {
		t.Error("the home page does not name the feed")
	}
}

// A row of the 表彰名单 and of the decision's annex (20,000 rows at 10,000 results) carries
// no label of its own: on a phone the stacked cells take their labels from the CSS, by place.
func TestRollRowsAreLean(t *testing.T) {
	out, _ := renderTree(t, loadTree(t, minimalRoot), "2026-11-25")
	for _, name := range []string{"2023/awards/index.html", "2023/decision/index.html"} {
		rows := regexp.MustCompile(`<tr(?: class="revoked-row")?><td>\d+</td><td>[^\n]*</td></tr>`).FindAllString(string(out.files[name]), -1)
		if len(rows) != 5 {
			t.Errorf("%s: %d lean rows, want the 5 results", name, len(rows))
		}
	}
	css := string(out.files["static/style.css"])
	for _, label := range []string{"序号", "成果名称", "完成单位", "完成人"} {
		if !strings.Contains(css, `content: "`+label+`："`) {
			t.Errorf("style.css does not label the stacked column %s", label)
		}
	}
}

// The header is on every page (11,000 at 10,000 results): its navigation leaves out the
// </li> HTML lets go, and its search form the attributes that say the defaults (method
// get, a button's type submit): 67 bytes a page.
func TestHeaderIsLean(t *testing.T) {
	out, _ := renderTree(t, loadTree(t, minimalRoot), "2026-11-25")
	page := string(out.files["2023/results/kuangqu-mine1/pidai-jiupian/index.html"])
	header := regexp.MustCompile(`(?s)<header class="site-header">.*?</header>`).FindString(page)
	if header == "" {
		t.Fatalf("no site header in:\n%s", page)
	}
	for _, said := range []string{"</li>", `method="get"`, `type="submit"`} {
		if strings.Contains(header, said) {
			t.Errorf("the header says %s, which HTML lets go:\n%s", said, header)
		}
	}
	for _, want := range []string{`role="search"`, `action="../../../../search/"`, `aria-current="page"`, "<button>搜索</button>"} {
		if !strings.Contains(header, want) {
			t.Errorf("the header lacks %s:\n%s", want, header)
		}
	}
}

// A result page (nine pages in ten) leaves out the end tags HTML lets go in its facts,
// benefit, authors' table and ladder (</dt>, </dd>, </th>, </td>, </tr>, </li>): the next
// one or the end of their list ends each, the document tree is the same (the Nu Html
// Checker holds them to the rules), and at 10,000 results they were 1.5 MB.
func TestResultPageLeavesOutEndTags(t *testing.T) {
	out, _ := renderTree(t, loadTree(t, minimalRoot), "2026-11-25")
	page := string(out.files["2023/results/kuangqu-mine1/pidai-jiupian/index.html"])
	main := page[strings.Index(page, `<article class="result">`):strings.Index(page, `<section class="block cert-block"`)]
	for _, tag := range []string{"</dt>", "</dd>", "</th>", "</td>", "</tr>", "</li>"} {
		if strings.Contains(main, tag) {
			t.Errorf("the result page says %s:\n%s", tag, main)
		}
	}
	for _, want := range []string{"<dt>成果类别<dd>", "<th scope=\"col\">姓名<th scope=\"col\">分工", "<ol class=\"ladder\">\n<li>"} {
		if !strings.Contains(main, want) {
			t.Errorf("the result page lacks %q", want)
		}
	}
}

// The certificate on a result page leaves out its paragraphs' </p> (the next paragraph,
// <div> or <article>, or the end of its <div>, ends each): 40 bytes on each of 10,000 pages.
func TestCertificateLeavesOutEndTags(t *testing.T) {
	out, _ := renderTree(t, loadTree(t, minimalRoot), "2026-11-25")
	page := string(out.files["2023/results/kuangqu-mine1/pidai-jiupian/index.html"])
	i := strings.Index(page, `<section class="block cert-block"`)
	if i < 0 {
		t.Fatal("no certificate")
	}
	cert := page[i : i+strings.Index(page[i:], "</section>")]
	if strings.Contains(cert, "</p>") {
		t.Errorf("the certificate says </p>:\n%s", cert)
	}
	if !strings.Contains(cert, `<p class="cert-award">一等奖`) {
		t.Errorf("the certificate lacks its award:\n%s", cert)
	}
}

// A result page's section headings carry no class (the style sheet finds them as the
// first child of a .block in .result: 20 bytes a heading, seven a page) but the one of the
// section search reads the body from, which search leaves out by its class.
func TestResultPageHeadingsBare(t *testing.T) {
	out, _ := renderTree(t, loadTree(t, minimalRoot), "2026-11-25")
	page := string(out.files["2023/results/kuangqu-mine1/pidai-jiupian/index.html"])
	if n := strings.Count(page, `class="block-title"`); n != 1 || !strings.Contains(page, "data-search-body>\n<h2 class=\"block-title\">情况说明</h2>") {
		t.Errorf("%d headings with class block-title, want the search body's alone", n)
	}
	if !strings.Contains(page, "<h2>成果简介</h2>") || !strings.Contains(page, `<h2 id="cert-h">荣誉证书</h2>`) {
		t.Error("the result page lacks its bare section headings")
	}
}
