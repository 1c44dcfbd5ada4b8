package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

// TestThemeWithoutSearchBody: a site's own page template for a kind the search finds by
// its body (result, case, bulletin, page) that no longer marks the body with
// data-search-body gets a warning at its file, since the search page cannot show such
// pages for a word of their body; the default theme, a copy of it, and a template that
// marks the body through a partial of the site's own get none.
func TestThemeWithoutSearchBody(t *testing.T) {
	def := func(name string) string {
		data, err := os.ReadFile(filepath.Join("..", "layouts", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	unmarked := func(name string) string { return strings.ReplaceAll(def(name), " data-search-body", "") }
	for _, tc := range []struct {
		name   string
		layout map[string]string
		want   []string // files warned about
	}{
		{"default theme", nil, nil},
		{"a copy of the default", map[string]string{"result.html": def("result.html"), "case.html": def("case.html")}, nil},
		{"result without the mark", map[string]string{"result.html": unmarked("result.html")}, []string{"layouts/result.html"}},
		{"case and page without it", map[string]string{"case.html": unmarked("case.html"), "page.html": unmarked("page.html")}, []string{"layouts/case.html", "layouts/page.html"}},
		{"the mark in a partial of the site", map[string]string{
			"bulletin.html":       strings.Replace(unmarked("bulletin.html"), `<div class="prose"><h2 class="vh">正文</h2>{{.Body}}</div>`, `{{template "body" .}}`, 1),
			"_bulletin-body.html": `{{define "body"}}<div class="prose" data-search-body>{{.Body}}</div>{{end}}`,
		}, nil},
		{"a list page without it", map[string]string{"awards.html": unmarked("awards.html")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := testtree.Write(t, nil)
			for name, text := range tc.layout {
				p := filepath.Join(root, "layouts", name)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			diags, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, BuildOptions{Out: filepath.Join(t.TempDir(), "site")})
			if err != nil {
				t.Fatalf("build: %v\n%s", err, diags.Text())
			}
			var got []string
			for _, d := range diags.Sorted() {
				if d.Rule == "theme-search-body" {
					if d.Pos.Line != 1 || d.Pos.Col != 1 || !strings.Contains(d.Msg, "data-search-body") {
						t.Errorf("finding %s", d)
					}
					got = append(got, d.Pos.File)
				}
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("warned about %q, want %q\n%s", got, tc.want, diags.Text())
			}
		})
	}
}
