package render

import (
	"slices"

	"wuxiao/generator/content"
	"wuxiao/generator/scaffold"
)

// The submission form (申报表, submit/) turns a unit admin's answers into a submission
// file and opens the repository's "create new file" page with it. The file is written and
// checked in the browser by the checker itself compiled to WebAssembly (package form,
// cmd/wuxiao-wasm), loaded by this page only; the page offers the contract's controlled
// vocabularies as choices and the grassroots units as a picker.

// SubmitForm is what the form offers.
type SubmitForm struct {
	Years       []*Year // competitions, newest first
	Current     *Year
	Categories  []string
	Innovations []string
	Groups      []string
	Bodies      []SubmitBody // the bodies (county, industry, direct) with their grassroots units
	SchemaURL   string       // the submission schema, for the file's first line
}

// SubmitBody is one group of the unit picker.
type SubmitBody struct {
	Name  string
	Units []SubmitUnit
}

// SubmitUnit is one unit that may declare, with what the form needs of it.
type SubmitUnit struct {
	ID, Name, Sector string
	Group            string // the group its sector competes in
	Parent           string // the body whose commendation it needs besides its own
	ParentName       string
}

// submitPage is the form's page.
func (r *renderer) submitPage() *PageData {
	p := r.newPage("submit", "submit", "submit/", "申报表")
	p.Crumbs = []Crumb{{"首页", ""}}
	p.Description = "在线填写“五小”成果申报表，生成申报文件并提交到内容仓库。"
	return p
}

// Form is the data of the submission form.
func (p *PageData) Form() *SubmitForm {
	s := p.Site
	f := &SubmitForm{Current: s.Current(), Categories: content.Categories, Innovations: content.Innovations, Groups: content.Groups}
	f.Years = slices.Clone(s.Years)
	slices.Reverse(f.Years)
	tree := &content.Tree{Site: &content.Site{BaseURL: s.BaseURL}}
	f.SchemaURL = scaffold.SchemaURL(tree, "submission")
	byBody := map[*Unit]*SubmitBody{}
	var other SubmitBody
	for _, u := range s.Units {
		if u.Type != "grassroots" {
			continue
		}
		su := SubmitUnit{ID: u.ID, Name: u.Name, Sector: u.Sector, Group: scaffold.GroupOf(u.Sector)}
		if u.Parent != nil {
			su.Parent, su.ParentName = u.Parent.ID, u.Parent.Name
		}
		b := &other
		if u.Body != nil && u.Body != u {
			if byBody[u.Body] == nil {
				byBody[u.Body] = &SubmitBody{Name: u.Body.Name}
			}
			b = byBody[u.Body]
		}
		b.Units = append(b.Units, su)
	}
	for _, b := range s.Bodies {
		if sb := byBody[b]; sb != nil {
			f.Bodies = append(f.Bodies, *sb)
		}
	}
	if len(other.Units) > 0 {
		other.Name = "其他单位"
		f.Bodies = append(f.Bodies, other)
	}
	return f
}

// HasAsset tells whether the theme has the static file name (the form's checker is
// absent where the site was built without a Go toolchain).
func (p *PageData) HasAsset(name string) bool {
	_, ok := p.r.assets["static/"+name]
	return ok
}
