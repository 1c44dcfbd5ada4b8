package render

import (
	"html/template"
	"io/fs"
	"strings"
	"text/template/parse"

	"wuxiao/generator/diag"
)

// searchBodyMark is the attribute by which the search page finds a page's body (search/doc.go).
const searchBodyMark = "data-search-body"

// bodySearched are the page templates of the kinds the search page verifies by their body.
var bodySearched = []string{"bulletin.html", "case.html", "page.html", "result.html"}

// searchBodyWarnings warns about each of the site's own page templates (layouts/) of a kind
// the search verifies by its body that writes no element marked data-search-body, itself
// or through the templates it calls: the search page could then never show such a page
// for a word of its body only.
func searchBodyWarnings(theme fs.FS, tmpl map[string]*template.Template) []diag.Diagnostic {
	o, ok := theme.(Overlay)
	if !ok || o.Site == nil {
		return nil
	}
	var out []diag.Diagnostic
	for _, name := range bodySearched {
		t := tmpl[name]
		if t == nil {
			continue
		}
		if _, err := fs.Stat(o.Site, name); err != nil {
			continue // the default theme's, which marks it
		}
		if !writesText(t, "base", searchBodyMark, map[string]bool{}) {
			out = append(out, diag.Diagnostic{Pos: diag.FileStart("layouts/" + name), Rule: "theme-search-body", Severity: diag.Warning,
				Msg: "这个页面模板没有给正文所在的元素加上 data-search-body：站内搜索按正文里的词找到这类页面时无法显示它们。请像默认主题的 " + name + " 那样在正文的元素上加 data-search-body"})
		}
	}
	return out
}

// writesText tells whether the template name of set, or one it calls, has text holding s.
func writesText(set *template.Template, name, s string, seen map[string]bool) bool {
	if seen[name] {
		return false
	}
	seen[name] = true
	t := set.Lookup(name)
	if t == nil || t.Tree == nil {
		return false
	}
	found := false
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		if found || n == nil {
			return
		}
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.TextNode:
			found = strings.Contains(string(n.Text), s)
		case *parse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			found = writesText(set, n.Name, s, seen)
		}
	}
	walk(t.Tree.Root)
	return found
}
