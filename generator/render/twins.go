package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"slices"
	"text/template/parse"

	"wuxiao/layouts"
)

// The typed twins write in Go what templates of the default theme write (typed.go: the
// result page's main; typed_page.go: the base around it and an entry of a result list).
// Each stands in only while every template it writes is the default theme's, compared by
// its parsed form, so that a site's own layouts/ that changes one of them, in whatever
// file, decides its pages.
var (
	mainTemplates  = []string{"main", "result-award", "award", "revoked-notice"}
	pageTemplates  = append([]string{"base", "head"}, mainTemplates...)
	itemTemplates  = []string{"result-item", "result-award", "award"}
	frameTemplates = []string{"base", "head"}
)

// twins says which typed twins a renderer's templates allow.
type twins struct {
	main *template.Template            // the result page's template with resultMain as its "main"; nil: result.html decides
	page bool                          // the whole result page by resultPage
	item map[string]bool               // by page template file: result list entries by resultItem
	list map[string]*template.Template // by page template file: the template with TypedList as its "result-list" (awards.html: TypedAwards as its "main", decision.html: TypedDecision)
	// frame, by page template file: its base and head are the default result page's (an
	// empty head), so that typedFrame writes all but its "main"
	frame map[string]bool
	// mains, by page template file whose templates are all the default theme's: its "main"
	// written in Go (typed_list.go)
	mains map[string]func(*PageData, *bytes.Buffer) error
}

// typedMains are the page files whose "main" has a typed twin.
var typedMains = map[string]func(*PageData, *bytes.Buffer) error{
	"unit.html":  (*PageData).unitMain,
	"facet.html": (*PageData).facetMain,
}

// findTwins is the twins that tmpl, theme's templates by file, allows.
func findTwins(theme fs.FS, tmpl map[string]*template.Template, funcs template.FuncMap) (*twins, error) {
	defs := tmpl // a theme of the default theme's files: its templates are the default ones
	if !sameFiles(theme, layouts.FS()) {
		var err error
		if defs, err = loadTemplates(layouts.FS(), funcs); err != nil { // 10 ms
			return nil, err
		}
	}
	def := defs["result.html"]
	tw := &twins{item: map[string]bool{}, list: map[string]*template.Template{}, frame: map[string]bool{}, mains: map[string]func(*PageData, *bytes.Buffer) error{}}
	for n, t := range tmpl {
		tw.item[n] = sameTemplates(t, def, itemTemplates)
		tw.frame[n] = sameTemplates(t, def, frameTemplates)
		// A result list is called from the page's own templates, in whatever context they
		// call it: its twin stands in only where the whole page is the default theme's, as
		// does the twin of the roll of honour's main.
		d := defs[n]
		if d == nil || !sameSet(t, d) {
			continue
		}
		if m := typedMains[n]; m != nil {
			tw.mains[n] = m
		}
		var twin string
		switch {
		case n == "awards.html":
			twin = `{{define "main"}}{{.TypedAwards}}{{end}}`
		case n == "decision.html":
			twin = `{{define "main"}}{{.TypedDecision}}{{end}}`
		case d.Lookup("result-list") != nil && callsTemplate(d, "result-list"):
			// every page of the default theme has the partial and four call it: a twin of
			// another would be its page again, all its templates copied (15 pages: the
			// templates took 23 ms of a build's processor time, 19 without; the demo
			// site's whole build takes about 170)
			twin = `{{define "result-list"}}{{.TypedList}}{{end}}`
		default:
			continue
		}
		c, err := t.Clone()
		if err != nil {
			return nil, err
		}
		if tw.list[n], err = c.Parse(twin); err != nil {
			return nil, err
		}
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

// callsTemplate reports whether a template of set calls the template name.
func callsTemplate(set *template.Template, name string) bool {
	for _, t := range set.Templates() {
		if t.Tree != nil && callsIn(t.Tree.Root, name) {
			return true
		}
	}
	return false
}

// callsIn reports whether the parse tree under n calls the template name.
func callsIn(n parse.Node, name string) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if callsIn(c, name) {
				return true
			}
		}
	case *parse.TemplateNode:
		return n.Name == name
	case *parse.IfNode:
		return callsIn(n.List, name) || callsIn(n.ElseList, name)
	case *parse.RangeNode:
		return callsIn(n.List, name) || callsIn(n.ElseList, name)
	case *parse.WithNode:
		return callsIn(n.List, name) || callsIn(n.ElseList, name)
	}
	return false
}

// sameTemplates reports whether t defines each of names as def does.
func sameTemplates(t, def *template.Template, names []string) bool {
	if t == nil {
		return false
	}
	for _, n := range names {
		a, b := t.Lookup(n), def.Lookup(n)
		if a == nil || b == nil || (a.Tree == nil) != (b.Tree == nil) {
			return false
		}
		if a != b && a.Tree != nil && a.Tree.Root.String() != b.Tree.Root.String() {
			return false
		}
	}
	return true
}

// sameSet reports whether t and def define the same templates alike.
func sameSet(t, def *template.Template) bool {
	ds := def.Templates()
	if len(t.Templates()) != len(ds) {
		return false
	}
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Name()
	}
	return sameTemplates(t, def, names)
}

// sameFiles reports whether themes a and b hold the same templates (*.html) byte for byte.
func sameFiles(a, b fs.FS) bool {
	na, errA := fs.Glob(a, "*.html")
	nb, errB := fs.Glob(b, "*.html")
	if errA != nil || errB != nil || !slices.Equal(na, nb) {
		return false
	}
	for _, n := range na {
		x, errA := fs.ReadFile(a, n)
		y, errB := fs.ReadFile(b, n)
		if errA != nil || errB != nil || !bytes.Equal(x, y) {
			return false
		}
	}
	return true
}
