// Package pullreq judges a pull request's change set against the unit registry: who may make it, who reviews it, and which public pages it touches.
package pullreq

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"wuxiao/generator/content"
)

// Change is one line of `git diff --name-status`: a file added, modified, deleted, renamed or copied.
type Change struct {
	Status byte   // 'A', 'M', 'D', 'R', 'C' or 'T' (type change, judged as a modification)
	Path   string // root-relative path after the change; for 'D' the deleted file
	From   string // for 'R' and 'C', the path before
}

// State is what a judgement reads. Units and Before come from the base, so that a
// change cannot grant its own author new rights; After is the change's own results.yaml.
type State struct {
	Units   []*content.Unit
	Experts []*content.Expert        // experts.yaml as of the base: a login may change its expert's review (v2)
	Before  map[int]*content.Results // results.yaml per year as of the base; absent when none
	After   map[int]*content.Results // results.yaml per year as of the change's head
	// BulletinsBefore and BulletinsAfter map each changed bulletin's path to its issuer
	// (the front matter's unit, "" for the city's) as of the base and the head; a path
	// absent from a map has no file there.
	BulletinsBefore, BulletinsAfter map[string]string
	// ShownBefore and ShownAfter map each changed bulletin image's path to the issuers of
	// the bulletins whose bodies show it ("" for the city's), as of the base and the head.
	ShownBefore, ShownAfter map[string][]string
}

// Refusal is one file the author may not change, with the reason in Chinese.
type Refusal struct {
	Path   string
	Reason string
}

// Decision is the verdict over a whole change set.
type Decision struct {
	Author  string
	Units   []*content.Unit // the units the author administers, in registry order
	City    bool            // the author administers the city unit
	Files   int             // paths judged (a rename counts twice)
	Refused []Refusal
}

// Decide judges every change for author. The rules, in the order they apply:
//
//   - A year whose results were final at the base is closed for its decision data
//     (submissions, attachments, commendations, reviews, assignments, results): nobody
//     changes them, except a city admin whose change appends an entry to that year's
//     results.yaml corrections (the entries already there stay as they were). Its cases,
//     bulletins and pages stay open.
//   - City admins may change everything else, inside content/ and out (code, workflows).
//   - Submissions and attachments of a unit: that unit's admins, and the admins of the
//     bodies above it (its county, industry or direct union), which review and forward
//     their grassroots units' results to the city [五(二)] and may correct them.
//   - Commendation documents of an issuer: that issuer's admins only, since each level
//     commends on its own authority [五(三)]; a county cannot write a grassroots union's.
//   - A county, industry or direct union's bulletins (front matter unit, v2): that
//     union's admins, as of the base and as of the head [六(二)].
//   - An image beside the bulletins: the admins of the unions whose bulletins show it,
//     as of the base and as of the head (all must be the author's; none is the city's).
//   - An expert's review file: the expert whose login experts.yaml names (v2).
//   - Everything else (registries, competition, assignments, results, cases, the city's
//     bulletins, pages, files outside content/): city admins only.
func Decide(author string, changes []Change, st State) Decision {
	j := newJudge(author, st)
	d := Decision{Author: author, Units: j.units, City: j.city}
	refuse := func(p, op, reason string) {
		d.Refused = append(d.Refused, Refusal{Path: p, Reason: op + "：" + reason})
	}
	for _, c := range changes {
		switch c.Status {
		case 'R':
			d.Files += 2
			if r := j.judge(c.From); r != "" {
				refuse(c.From, "不能把它改名或移动为 "+c.Path, r)
			}
			if r := j.judge(c.Path); r != "" {
				refuse(c.Path, "不能把 "+c.From+" 改名或移动到这里", r)
			}
			continue
		case 'C':
			d.Files++
			if r := j.judge(c.Path); r != "" {
				refuse(c.Path, "不能新增此文件（复制自 "+c.From+"）", r)
			}
			continue
		}
		d.Files++
		if r := j.judge(c.Path); r != "" {
			refuse(c.Path, opName(c.Status), r)
		}
	}
	return d
}

func opName(status byte) string {
	switch status {
	case 'A':
		return "不能新增此文件"
	case 'D':
		return "不能删除此文件"
	}
	return "不能修改此文件"
}

// judge holds the author's roles over the base's registry.
type judge struct {
	author string
	st     State
	byID   map[string]*content.Unit
	mine   map[string]bool
	units  []*content.Unit
	city   bool
}

// SameLogin compares Git-host logins as the host does (content.SameLogin).
func SameLogin(a, b string) bool { return content.SameLogin(a, b) }

func newJudge(author string, st State) *judge {
	j := &judge{author: author, st: st, byID: map[string]*content.Unit{}, mine: map[string]bool{}}
	for _, u := range st.Units {
		if u == nil || u.ID == "" {
			continue
		}
		if j.byID[u.ID] == nil {
			j.byID[u.ID] = u
		}
		for _, a := range u.Admins {
			if SameLogin(a, author) && !j.mine[u.ID] {
				j.mine[u.ID] = true
				j.units = append(j.units, u)
				j.city = j.city || u.Type == "city"
			}
		}
	}
	return j
}

// judge returns why the author may not change the file at p, or "" when he may.
func (j *judge) judge(p string) string {
	if !strings.HasPrefix(p, "content/") {
		if j.city {
			return ""
		}
		return "content/ 以外的文件（程序、工作流、CODEOWNERS 等）只有市总工会的管理员可以修改"
	}
	pl := content.Classify(p)
	if r := j.closedYear(pl); r != "" {
		return r
	}
	if j.city {
		return ""
	}
	ki, known := content.InfoOf(pl.Kind)
	if !known {
		return "这个位置不属于任何单位的文件夹，只有市总工会的管理员可以修改"
	}
	switch ki.Owner {
	case content.OwnedByUnit:
		u := j.byID[pl.Owner]
		if u == nil {
			return fmt.Sprintf("单位 %q 不在（基准版本的）units.yaml 中，只有市总工会的管理员可以为它建立文件", pl.Owner)
		}
		if j.mineOrAbove(u) {
			return ""
		}
		return fmt.Sprintf("这是%s（%s）的%s，只有该单位、其上级工会或市总工会的管理员可以修改", u.Name, u.ID, kindName(pl.Kind))
	case content.OwnedByIssuer:
		if j.mine[pl.Owner] {
			return ""
		}
		if u := j.byID[pl.Owner]; u != nil {
			return fmt.Sprintf("这是%s（%s）的表彰文件，只有该单位或市总工会的管理员可以修改", u.Name, u.ID)
		}
		return fmt.Sprintf("发文单位 %q 不在（基准版本的）units.yaml 中，只有市总工会的管理员可以为它建立文件", pl.Owner)
	case content.OwnedByBulletinUnit:
		return j.bulletin(p)
	case content.OwnedByShowingBulletins:
		return j.bulletinImage(p)
	case content.OwnedByExpert:
		for _, e := range j.st.Experts {
			if e != nil && e.ID == pl.Owner && SameLogin(e.Login, j.author) {
				return ""
			}
		}
		return "专家评分只有该专家本人（experts.yaml 中的 login）或市总工会的管理员可以修改"
	}
	return kindName(pl.Kind) + "只有市总工会的管理员可以修改"
}

// bulletin lets a union's admins change the bulletins it issues, as they stand before and after.
func (j *judge) bulletin(p string) string {
	before, had := j.st.BulletinsBefore[p]
	after, has := j.st.BulletinsAfter[p]
	for _, issuer := range []struct {
		unit string
		ok   bool
	}{{before, had}, {after, has}} {
		if !issuer.ok {
			continue
		}
		if issuer.unit == "" {
			return "市总工会的工作简报只有市总工会的管理员可以修改"
		}
		if !j.mine[issuer.unit] {
			if u := j.byID[issuer.unit]; u != nil {
				return fmt.Sprintf("这是%s（%s）的工作简报，只有该单位或市总工会的管理员可以修改", u.Name, u.ID)
			}
			return fmt.Sprintf("简报的发布单位 %q 不在（基准版本的）units.yaml 中，只有市总工会的管理员可以修改", issuer.unit)
		}
	}
	if !had && !has {
		return "工作简报只有发布它的工会或市总工会的管理员可以修改"
	}
	return ""
}

// bulletinImage lets a union's admins change an image beside the bulletins when only its
// own bulletins show it, before and after: a photo belongs to the bulletin it illustrates.
func (j *judge) bulletinImage(p string) string {
	issuers := append(slices.Clone(j.st.ShownBefore[p]), j.st.ShownAfter[p]...)
	if len(issuers) == 0 {
		return fmt.Sprintf("没有工作简报显示这张图片；简报的图片只有显示它的简报的发布单位或市总工会的管理员可以修改（在简报正文中写 ![说明](%s) 显示它）", path.Base(p))
	}
	for _, issuer := range issuers {
		if issuer == "" {
			return "市总工会的工作简报显示这张图片，只有市总工会的管理员可以修改"
		}
		if !j.mine[issuer] {
			if u := j.byID[issuer]; u != nil {
				return fmt.Sprintf("%s（%s）的工作简报显示这张图片，只有该单位或市总工会的管理员可以修改", u.Name, u.ID)
			}
			return fmt.Sprintf("显示这张图片的简报的发布单位 %q 不在（基准版本的）units.yaml 中，只有市总工会的管理员可以修改", issuer)
		}
	}
	return ""
}

// mineOrAbove tells whether the author administers u or a body above it.
func (j *judge) mineOrAbove(u *content.Unit) bool {
	for steps := 0; u != nil && steps <= len(j.byID); steps++ {
		if j.mine[u.ID] {
			return true
		}
		if u.Parent == "" || u.Parent == u.ID {
			return false
		}
		u = j.byID[u.Parent]
	}
	return false
}

// closedYear refuses changes to a year whose results were final at the base, unless a
// city admin records a correction in the same change.
func (j *judge) closedYear(pl content.Place) string {
	before := j.st.Before[pl.Year]
	if pl.Year == 0 || before == nil || before.Status != "final" || !IsDecisionData(pl.Kind) {
		return ""
	}
	if !j.city {
		return fmt.Sprintf("%d 年的评选结果已经表彰（results.yaml 的 status 为 final），这一年的申报、证明材料、表彰文件、评分和结果不能再修改；确需更正的，由市总工会的管理员在 results.yaml 的 corrections 中记录更正", pl.Year)
	}
	after := j.st.After[pl.Year]
	if after == nil || len(after.Corrections) <= len(before.Corrections) {
		return fmt.Sprintf("%d 年的评选结果已经表彰（status 为 final）；修改这一年的评选材料，须在同一合并请求中向 content/%d/results.yaml 的 corrections 增加一条更正记录（日期、文号、理由）", pl.Year, pl.Year)
	}
	for i, c := range before.Corrections {
		a := after.Corrections[i]
		if a.Date.String() != c.Date.String() || a.Doc != c.Doc || a.Reason != c.Reason {
			return fmt.Sprintf("%d 年已有的更正记录（第 %d 条）不能修改或删除，只能在后面增加新的记录", pl.Year, i+1)
		}
	}
	return ""
}

// IsDecisionData tells whether a kind of file is a year's decision data, which final closes:
// submissions, attachments, commendations, reviews, assignments, results and the competition
// settings they were decided under. Cases,
// bulletins and pages stay open after final.
func IsDecisionData(k content.Kind) bool {
	ki, _ := content.InfoOf(k)
	return ki.Decision
}

// kindName names a kind of content file in Chinese.
func kindName(k content.Kind) string {
	if ki, ok := content.InfoOf(k); ok {
		return ki.Noun
	}
	return "这个文件"
}
