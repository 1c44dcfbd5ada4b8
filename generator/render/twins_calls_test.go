package render

import (
	"html/template"
	"maps"
	"slices"
	"testing"

	"wuxiao/layouts"
)

// TestListTwinsWhereCalled: of the default theme's pages, those whose templates call
// "result-list" have a list twin, and only those (with the roll of honour's and the
// decision's twins of their main): a twin of a page that never calls it would write the
// same page, made for nothing by copying all its templates.
func TestListTwinsWhereCalled(t *testing.T) {
	r, err := newRenderer(&Site{}, Options{Theme: layouts.FS(), Workers: 1}, &mapOutput{files: map[string][]byte{}})
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(maps.Keys(r.twins.list))
	want := []string{"awards.html", "case.html", "decision.html", "facet.html", "home.html", "unit.html"}
	if !slices.Equal(got, want) {
		t.Errorf("list twins for %v, want %v", got, want)
	}
}

// TestCallsTemplate: a template set calls a template when any of its templates does, in
// whatever branch or loop, or through another template.
func TestCallsTemplate(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{`{{define "base"}}<p>{{.}}</p>{{end}}`, false},
		{`{{define "base"}}{{template "x" .}}{{end}}`, true},
		{`{{define "base"}}{{if .}}a{{else}}{{template "x" .}}{{end}}{{end}}`, true},
		{`{{define "base"}}{{range .}}{{if .}}{{else if .}}{{with .}}{{template "x" .}}{{end}}{{end}}{{end}}{{end}}`, true},
		{`{{define "base"}}{{range .}}a{{else}}{{template "x" .}}{{end}}{{end}}`, true},
		{`{{define "base"}}{{with .}}a{{else with .}}{{template "x" .}}{{end}}{{end}}`, true},
		{`{{define "base"}}{{block "y" .}}{{template "x" .}}{{end}}{{end}}`, true},
		{`{{define "base"}}{{template "y" .}}{{end}}{{define "y"}}{{template "x" .}}{{end}}`, true},
		{`{{define "base"}}{{template "xx" .}}{{end}}{{define "xx"}}{{"x"}}{{end}}`, false},
		{`{{define "base"}}{{/* {{template "x" .}} */}}{{end}}`, false},
	} {
		set := template.Must(template.New("page").Parse(tt.text))
		if got := callsTemplate(set, "x"); got != tt.want {
			t.Errorf("%s: callsTemplate %v, want %v", tt.text, got, tt.want)
		}
	}
}
