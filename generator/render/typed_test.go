package render

import (
	"bytes"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"wuxiao/generator/content"
	"wuxiao/layouts"
)

// TestTypedResultMatchesTemplate: typed.go writes every result page byte for byte as
// result.html does: the demo content (final with a revoked award, and in 公示), the
// contract's minimal example, and that example with the characters html/template escapes
// in a title, a summary, names and a social benefit.
func TestTypedResultMatchesTemplate(t *testing.T) {
	special := func(s string) string {
		s = strings.Replace(s, "title: 供热管网漏点快速定位方法", `title: "供热<管网> & 'A+B' \"漏点\""`, 1)
		s = strings.Replace(s, "name: 张丽,", `name: "张<丽>&+",`, 1)
		s = strings.Replace(s, "job: 管网巡线工}", `job: "巡线'工\""}`, 1)
		s = strings.Replace(s, "summary: 利用", "summary: <i>&利用'+", 1)
		return strings.Replace(s, "social: 缩短", "social: <b>&缩短+", 1)
	}
	long := func(s string) string { // a certificate in the smaller type (certFit)
		s = strings.Replace(s, "title: 供热管网漏点快速定位方法", "title: "+strings.Repeat("供热管网漏点快速定位方法", 5), 1)
		return strings.Replace(s, "authors:\n", "authors:\n"+strings.Repeat("  - {name: 欧阳建国明欧阳建国明欧阳建国明}\n", 4), 1)
	}
	trees := map[string]fs.FS{"demo": os.DirFS("../../content/.."), "minimal": os.DirFS(minimalRoot), "escaped": edited(t, minimalRoot, special), "long": edited(t, minimalRoot, long)}
	for name, fsys := range trees {
		t.Run(name, func(t *testing.T) {
			tree, _, err := content.Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			both := renderBothWays(t, tree)
			results := 0
			for f, want := range both[1].files {
				if got := string(both[0].files[f]); got != string(want) {
					t.Errorf("%s differs from the template's:\n%s", f, firstDiff(string(want), got))
				}
				if strings.Contains(f, "/results/") && strings.HasSuffix(f, "/index.html") {
					results++
				}
			}
			if results == 0 || len(both[0].files) != len(both[1].files) {
				t.Errorf("%d result pages, %d and %d files", results, len(both[0].files), len(both[1].files))
			}
			page := string(both[0].files["2023/results/chengqu-heating/guanwang-loushui/index.html"])
			if name == "escaped" && (!strings.Contains(page, "&lt;b&gt;&amp;缩短&#43;") || !strings.Contains(page, "评审专家")) {
				t.Error("the edit did not reach the page")
			}
			if name == "long" && !strings.Contains(page, `<article class="certificate cert-long"`) {
				t.Error("the long certificate is not set in the smaller type")
			}
		})
	}
}

// edited is the tree at root with edit applied to every submission, publishing experts.
func edited(t *testing.T, root string, edit func(string) string) fs.FS {
	t.Helper()
	src := os.DirFS(root)
	m := fstest.MapFS{}
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		if strings.Contains(p, "/submissions/") {
			data = []byte(edit(string(data)))
		}
		if p == "content/site.yaml" {
			data = append(data, "publish_experts: true\n"...) // the experts' section too
		}
		m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTypedMainWrittenInPlace: resultMain writes straight into the page's buffer, where the
// template left its mark, instead of into a buffer of its own copied to a string that the
// template copied again. Rendering the demo's longest result page allocated 40,838 bytes
// besides its body's conversion and one copy of its main part (4,444 bytes), 21,518 since:
// the template's own work; the bound is six times the main part.
func TestTypedMainWrittenInPlace(t *testing.T) {
	tree, _, err := content.Load(os.DirFS("../../content/.."))
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer(NewSite(tree, "https://example.org/wuxiao/", date("2026-11-25")), Options{Theme: layouts.FS(), Src: tree.FS, Workers: 1}, &mapOutput{files: map[string][]byte{}})
	if err != nil {
		t.Fatal(err)
	}
	var res *Result
	for _, y := range r.site.Years {
		for _, x := range y.Results {
			if res == nil || len(x.body) > len(res.body) {
				res = x
			}
		}
	}
	j := r.resultJob(res)
	var buf bytes.Buffer
	if err := r.renderPage(&buf, j); err != nil { // warms the caches (certificate, chrome)
		t.Fatal(err)
	}
	page := buf.String()
	main := page[strings.Index(page, "<article class=\"result\">"):strings.LastIndex(page, "</article>")]
	r.out = &mapOutput{files: map[string][]byte{}}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	buf.Reset()
	if err := r.renderPage(&buf, j); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if buf.String() != page {
		t.Fatal("the page differs when rendered again")
	}
	extra := int(after.TotalAlloc-before.TotalAlloc) - len(main) - len(j.md)*3 // the body's conversion
	if extra > 6*len(main) || testing.Verbose() {
		t.Logf("a result page of %d bytes (main %d): %d bytes allocated besides its body's conversion and one copy of main", len(page), len(main), extra)
	}
	if extra > 6*len(main) {
		t.Error("too much allocated")
	}
}

// TestSiteTemplatesReachResultPages: a site's own layouts/ that changes any template the
// typed twins stand in for (a partial of the result page's main, the base around it, the
// entry of result lists) shows on the pages, as with html/template: the twins step aside
// whenever one of those templates is not the default theme's, not only result.html.
func TestSiteTemplatesReachResultPages(t *testing.T) {
	tree := loadTree(t, minimalRoot)
	for _, tt := range []struct{ file, old, new, page string }{
		{"_partials.html", `<span class="award-{{awardID .Award}}">{{.AwardText}}</span>{{if .Provisional}}`, `<span class="award-{{awardID .Award}}">SITE-AWARD {{.AwardText}}</span>{{if .Provisional}}`, "2023/results/chengqu-heating/guanwang-loushui/index.html"},
		{"_partials.html", `<h3><a href="{{.Root}}{{.URL}}">{{.Title}}</a></h3><p>{{.Unit.Name}}<span>{{authors .Authors}}</span>{{end}}

{{/* award-item`, `<h3><a href="{{.Root}}{{.URL}}">{{.Title}}</a></h3><p>SITE-ITEM {{.Unit.Name}}<span>{{authors .Authors}}</span>{{end}}

{{/* award-item`, "browse/category/invention/index.html"},
		{"_base.html", `<a class="skip" href="#main">`, `SITE-BASE<a class="skip" href="#main">`, "2023/results/chengqu-heating/guanwang-loushui/index.html"},
		{"_partials.html", `{{define "result-list"}}<ol class="results">`, `{{define "result-list"}}<ol class="results SITE-LIST">`, "browse/category/invention/index.html"},
		{"facet.html", `{{template "result-list" .}}`, `<div>{{template "result-list" .}}SITE-PAGE</div>`, "browse/category/invention/index.html"},
		{"awards.html", `<article class="document">`, `<article class="document SITE-ROLL">`, "2023/awards/index.html"},
		{"decision.html", `<article class="document decision">`, `<article class="document decision SITE-DECI">`, "2023/decision/index.html"},
		{"_base.html", `<a class="skip" href="#main">`, `SITE-BASE<a class="skip" href="#main">`, "browse/category/invention/index.html"},
		{"facet.html", `{{define "main"}}`, `{{define "head"}}<meta name="SITE-HEAD">{{end}}{{define "main"}}`, "browse/category/invention/index.html"},
		{"facet.html", `<h2 class="vh">获奖成果</h2>`, `<h2 class="vh">SITE-FACE获奖成果</h2>`, "browse/category/invention/index.html"},
		{"unit.html", `<h2 class="block-title">获奖成果`, `<h2 class="block-title">SITE-UNIT获奖成果`, "units/chengqu/index.html"},
		{"_partials.html", `{{define "result-list"}}<ol class="results">`, `{{define "result-list"}}<ol class="results SITE-UNIT">`, "units/chengqu/index.html"},
	} {
		def, err := fs.ReadFile(layouts.FS(), tt.file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(def, []byte(tt.old)) {
			t.Fatalf("%s no longer holds %q", tt.file, tt.old)
		}
		site := fstest.MapFS{tt.file: {Data: bytes.Replace(def, []byte(tt.old), []byte(tt.new), 1)}}
		out := &mapOutput{files: map[string][]byte{}}
		if _, err := Render(NewSite(tree, "https://example.org/wuxiao/", date("2026-11-25")), Options{Theme: Overlay{Site: site, Default: layouts.FS()}, Src: tree.FS}, out); err != nil {
			t.Fatal(err)
		}
		page, ok := out.files[tt.page]
		if !ok {
			t.Fatalf("no %s among %d files", tt.page, len(out.files))
		}
		mark := strings.Fields(tt.new[strings.Index(tt.new, "SITE-"):])[0][:9]
		if !bytes.Contains(page, []byte(mark)) {
			t.Errorf("%s: the site's %s did not reach the page (no %s)", tt.page, tt.file, mark)
		}
	}
}

// TestTypedPageMatchesTemplate: resultPage writes what _base.html writes around a result
// page's main in the cases the trees of TestTypedResultMatchesTemplate leave out: a page
// image, no description, a site title and base URL html/template escapes, an address it
// normalises, no crumbs, and crumbs html/template escapes.
func TestTypedPageMatchesTemplate(t *testing.T) {
	tree := loadTree(t, minimalRoot)
	site := NewSite(tree, "https://example.org/wu xiao/<&'+>/", date("2026-11-25"))
	site.Title = `"五小" <成果> & 'A+B'`
	r, err := newRenderer(site, Options{Theme: layouts.FS(), Src: tree.FS, Workers: 1}, &mapOutput{files: map[string][]byte{}})
	if err != nil {
		t.Fatal(err)
	}
	if !r.twins.page {
		t.Fatal("the default theme's result pages are not typed")
	}
	for _, n := range []string{"facet.html", "unit.html", "home.html", "case.html"} {
		if r.twins.list[n] == nil || !r.twins.item[n] {
			t.Errorf("the default theme's %s lists results by templates", n)
		}
	}
	if r.twins.list["awards.html"] == nil {
		t.Error("the default theme's roll of honour is written by its template")
	}
	edits := map[string]func(p *PageData){
		"as is":         func(p *PageData) {},
		"image":         func(p *PageData) { p.Image = "2023/cases/a b/封面<1>.jpg?x=1&y='2'" },
		"no summary":    func(p *PageData) { p.Description = "" },
		"no crumbs":     func(p *PageData) { p.Crumbs = nil },
		"odd crumbs":    func(p *PageData) { p.Crumbs = append(p.Crumbs, Crumb{"<b>&'+\"", "x y/%zz/%41/é?q=<1>"}) },
		"unsafe image":  func(p *PageData) { p.Image = "javascript:alert(1)" },
		"no page title": func(p *PageData) { p.Title = "" },
	}
	results := 0
	for _, y := range r.site.Years {
		for _, res := range y.Results {
			for name, edit := range edits {
				j := r.resultJob(res)
				p := j.page
				body, err := r.md.convert(j.md)
				if err != nil {
					t.Fatal(err)
				}
				p.Body = body
				edit(p)
				var want, got bytes.Buffer
				if err := r.tmpl["result.html"].ExecuteTemplate(&want, "base", p); err != nil {
					t.Fatal(err)
				}
				if err := p.resultPage(&got); err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Errorf("%s, %s: differs from the template's:\n%s", res.URL, name, firstDiff(want.String(), got.String()))
				}
			}
			results++
		}
	}
	if results == 0 {
		t.Fatal("no result page")
	}
}

// TestTypedItemMatchesTemplate: resultItem writes what the partial result-item writes, also
// for a result whose fields html/template escapes (the trees' categories and units do not).
func TestTypedItemMatchesTemplate(t *testing.T) {
	tree := loadTree(t, minimalRoot)
	r, err := newRenderer(NewSite(tree, "", date("2026-11-25")), Options{Theme: layouts.FS(), Src: tree.FS, Workers: 1}, &mapOutput{files: map[string][]byte{}})
	if err != nil {
		t.Fatal(err)
	}
	odd := `<b>&'+"`
	for _, y := range r.site.Years {
		for _, res := range y.Results {
			unit := *res.Unit
			unit.Name += odd
			x := *res
			x.Category, x.Title, x.Unit, x.URL = odd+x.Category, odd+x.Title, &unit, "a b/%zz/%41/é?q=<1>"
			x.Authors = append(slices.Clone(x.Authors), content.Author{Name: odd})
			for _, v := range []*Result{res, &x} {
				var want, got bytes.Buffer
				if err := r.tmpl["facet.html"].ExecuteTemplate(&want, "result-item", ItemView{r.rootMark, v}); err != nil {
					t.Fatal(err)
				}
				resultItem(&got, r.rootMark, v)
				if got.String() != want.String() {
					t.Errorf("%s: differs from the template's:\n%s\n%s", v.URL, want.String(), got.String())
				}
			}
		}
	}
}

// TestTypedAwardsMatchesTemplate: TypedAwards writes what awards.html's main writes, for
// the demo's years (final with a revocation and corrections, in 公示) and the same with
// what the trees lack: overrides, no notice span, no winning units, no organizers, and
// fields html/template escapes.
func TestTypedAwardsMatchesTemplate(t *testing.T) {
	tree, _, err := content.Load(os.DirFS("../../content/.."))
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer(NewSite(tree, "https://example.org/wuxiao/", date("2026-11-25")), Options{Theme: layouts.FS(), Src: tree.FS, Workers: 1}, &mapOutput{files: map[string][]byte{}})
	if err != nil {
		t.Fatal(err)
	}
	odd := `<b>&'+"`
	edits := []func(p *PageData){
		func(p *PageData) {},
		func(p *PageData) {
			y := p.Year
			for i, res := range y.Results {
				if i%3 == 0 {
					res.Override = odd + "理由" + strconv.Itoa(i)
				}
				res.Title += odd
			}
			y.Title, y.ResultsDoc = odd+y.Title, odd
			y.Corrections = append(slices.Clone(y.Corrections), content.Correction{Date: date("2026-01-02"), Doc: odd, Reason: odd})
			if len(y.WinningUnits) > 0 {
				u := *y.WinningUnits[0]
				u.Name += odd
				y.WinningUnits = append([]*Unit{&u}, y.WinningUnits[1:]...)
			}
		},
		func(p *PageData) {
			p.Year.Notice, p.Year.WinningUnits, p.Year.Corrections = nil, nil, nil
			site := *p.Site
			site.Organizers = nil
			p.Site = &site
		},
	}
	pages := 0
	for _, j := range r.pageJobs() {
		if j.page.Kind != "awards" {
			continue
		}
		for k, edit := range edits {
			p := j.page
			edit(p)
			var want bytes.Buffer
			if err := r.tmpl["awards.html"].ExecuteTemplate(&want, "main", p); err != nil {
				t.Fatal(err)
			}
			got, err := p.TypedAwards()
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want.String() {
				t.Errorf("%s, edit %d: differs from the template's:\n%s", p.URL, k, firstDiff(want.String(), string(got)))
			}
		}
		pages++
	}
	if pages < 2 {
		t.Fatalf("%d roll pages", pages)
	}
}

// TestTypedDecisionMatchesTemplate: TypedDecision writes what decision.html's main writes,
// for the demo's years (final, and in 公示) and the same with fields html/template escapes
// and without what the document may lack: a 文号, winning units, organizers, a date.
func TestTypedDecisionMatchesTemplate(t *testing.T) {
	tree, _, err := content.Load(os.DirFS("../../content/.."))
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer(NewSite(tree, "https://example.org/wuxiao/", date("2026-11-25")), Options{Theme: layouts.FS(), Src: tree.FS, Workers: 1}, &mapOutput{files: map[string][]byte{}})
	if err != nil {
		t.Fatal(err)
	}
	odd := `<b>&'+"`
	edits := []func(p *PageData){
		func(p *PageData) {},
		func(p *PageData) {
			y := p.Year
			for _, res := range y.Results {
				res.Title += odd
				unit := *res.Unit
				unit.Name += odd
				res.Unit = &unit
				res.Authors = append(slices.Clone(res.Authors), content.Author{Name: odd})
			}
			y.Title, y.ResultsDoc = odd+y.Title, odd
			if len(y.WinningUnits) > 0 {
				u := *y.WinningUnits[0]
				u.Name += odd
				y.WinningUnits = append([]*Unit{&u}, y.WinningUnits[1:]...)
			}
			site := *p.Site
			site.Organizers = append(slices.Clone(site.Organizers), odd)
			p.Site = &site
		},
		func(p *PageData) {
			y := p.Year
			y.Notice, y.WinningUnits, y.ResultsDoc = nil, nil, ""
			y.Phases.Award.To = content.Date{}
			site := *p.Site
			site.Organizers = nil
			p.Site = &site
		},
	}
	pages := 0
	for _, j := range r.pageJobs() {
		if j.page.Kind != "decision" {
			continue
		}
		for k, edit := range edits {
			p := j.page
			edit(p)
			var want bytes.Buffer
			if err := r.tmpl["decision.html"].ExecuteTemplate(&want, "main", p); err != nil {
				t.Fatal(err)
			}
			got, err := p.TypedDecision()
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want.String() {
				t.Errorf("%s, edit %d: differs from the template's:\n%s", p.URL, k, firstDiff(want.String(), string(got)))
			}
		}
		pages++
	}
	if pages < 2 {
		t.Fatalf("%d decision pages", pages)
	}
}

// renderBothWays renders tree with the default theme as a build does (the typed twins
// where the templates allow them) and through the templates alone: [0] and [1].
func renderBothWays(t *testing.T, tree *content.Tree) [2]*mapOutput {
	t.Helper()
	both := [2]*mapOutput{}
	for i, only := range []bool{false, true} {
		both[i] = &mapOutput{files: map[string][]byte{}}
		opt := Options{Theme: layouts.FS(), Src: tree.FS, templatesOnly: only}
		if _, err := Render(NewSite(tree, "https://example.org/wuxiao/", date("2026-11-25")), opt, both[i]); err != nil {
			t.Fatal(err)
		}
	}
	return both
}
