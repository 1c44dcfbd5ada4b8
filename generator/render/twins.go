package render

import (
	"html/template"
	"io/fs"

	"wuxiao/layouts"
)

// The typed twins write in Go what templates of the default theme write (typed.go: the
// result page's main; typed_page.go: the base around it and an entry of a result list).
// Each stands in only while every template it writes is the default theme's, compared by
// its parsed form, so that a site's own layouts/ that changes one of them, in whatever
// file, decides its pages.
var (
	mainTemplates = []string{"main", "result-award", "award", "revoked-notice"}
	pageTemplates = append([]string{"base", "head"}, mainTemplates...)
	itemTemplates = []string{"result-item", "result-award", "award"}
)

// twins says which typed twins a renderer's templates allow.
type twins struct {
	main *template.Template // the result page's template with resultMain as its "main"; nil: result.html decides
	page bool               // the whole result page by resultPage
	item map[string]bool    // by page template file: result list entries by resultItem
}

// findTwins is the twins that tmpl, a theme's templates by file, allows.
func findTwins(tmpl map[string]*template.Template, funcs template.FuncMap) (*twins, error) {
	def, err := defaultResultTemplates(funcs)
	if err != nil {
		return nil, err
	}
	tw := &twins{item: map[string]bool{}}
	for n, t := range tmpl {
		tw.item[n] = sameTemplates(t, def, itemTemplates)
	}
	t := tmpl["result.html"]
	if !sameTemplates(t, def, mainTemplates) {
		return tw, nil
	}
	c, err := t.Clone()
	if err != nil {
		return nil, err
	}
	if tw.main, err = c.Parse(`{{define "main"}}{{.TypedMark}}{{end}}`); err != nil {
		return nil, err
	}
	tw.page = sameTemplates(t, def, pageTemplates)
	return tw, nil
}

// defaultResultTemplates is the default theme's result.html with its partials.
func defaultResultTemplates(funcs template.FuncMap) (*template.Template, error) {
	theme := layouts.FS()
	names, err := fs.Glob(theme, "_*.html")
	if err != nil {
		return nil, err
	}
	partials, err := loadPartials(theme, names, funcs)
	if err != nil {
		return nil, err
	}
	return loadPage(theme, partials, "result.html")
}

// sameTemplates reports whether t defines each of names as def does.
func sameTemplates(t, def *template.Template, names []string) bool {
	if t == nil {
		return false
	}
	for _, n := range names {
		a, b := t.Lookup(n), def.Lookup(n)
		if a == nil || b == nil || a.Tree == nil || b.Tree == nil || a.Tree.Root.String() != b.Tree.Root.String() {
			return false
		}
	}
	return true
}
