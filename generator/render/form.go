package render

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/scaffold"
	"wuxiao/generator/urls"
)

// The submission form (申报表, submit/) is a light form: its fields carry HTML constraint
// validation drawn from the contract (required, lengths, the id pattern, the organize
// phase's dates), a small script (static/submit.js) writes the submission file from the
// answers and opens the repository's "new file" page (its address from package link).
// The page checks the form's shape only; the full check runs on the pull request. When
// the current competition's organize phase is not open on the build's day, it offers no
// submission at all.

// SubmitForm is what the form offers.
type SubmitForm struct {
	Years       []*Year // competitions, newest first
	Current     *Year
	Categories  []string
	Innovations []string
	Groups      []string
	Bodies      []SubmitBody // the bodies (county, industry, direct) with their grassroots units
	SchemaURL   string       // the submission schema, for the file's first line
	Open        bool         // the current competition's organize phase holds the build's day
	State       string       // why not Open: 申报已截止, 申报尚未开始 or 暂无评选
	From, To    string       // the organize phase, YYYY-MM-DD: the dates' min and max
	IDPattern   string       // the file name's pattern, as HTML's pattern attribute reads it
	NewFile     string       // the new-file page with placeholders WXUNIT, WXNAME, WXVALUE
	NewFileBare string       // the same with an empty value, for a file too long for an address
}

// The placeholders of SubmitForm.NewFile, replaced by the page's script.
const (
	newFileUnit  = "WXUNIT"
	newFileName  = "WXNAME"
	newFileValue = "WXVALUE"
)

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
	p := r.newPage("submit", "submit", urls.Submit, "申报表")
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
	f.IDPattern = strings.TrimSuffix(strings.TrimPrefix(content.IDPattern.String(), "^"), "$")
	switch y := f.Current; {
	case y == nil:
		f.State = "暂无评选"
	case s.Now.After(y.Phases.Organize.To.Time):
		f.State = "申报已截止"
	case y.Phases.Organize.From.After(s.Now.Time):
		f.State = "申报尚未开始"
	default:
		f.Open = true
	}
	if y := f.Current; y != nil {
		f.From, f.To = y.Phases.Organize.From.String(), y.Phases.Organize.To.String()
		dir := path.Join("content", strconv.Itoa(y.Year), "submissions", newFileUnit)
		f.NewFile = s.Repo.NewFile(dir, newFileName+".md", newFileValue)
		f.NewFileBare = s.Repo.NewFile(dir, newFileName+".md", "")
	}
	tree := &content.Tree{Site: &content.Site{BaseURL: s.BaseURL}}
	f.SchemaURL = scaffold.SchemaURL(tree, "submission")
	byBody := map[*Unit]*SubmitBody{}
	var other SubmitBody
	for _, u := range s.Units {
		if u.Type != "grassroots" {
			continue
		}
		su := SubmitUnit{ID: u.ID, Name: u.Name, Sector: u.Sector, Group: content.GroupOf(u.Sector)}
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
