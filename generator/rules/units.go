package rules

import (
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/dedup"
	"wuxiao/generator/diag"
)

// checkUnits keeps the organisation tree sound: one city root, parents of the right type,
// unique ids and names [四].
func checkUnits(ctx *Context, out *diag.List) {
	t := ctx.Tree
	if t.UnitsFile == "" || t.Broken[t.UnitsFile] {
		return // an unreadable units.yaml is its own one error
	}
	ids, names := map[string]bool{}, map[string]bool{}
	cities := 0
	for _, u := range t.Units {
		if u.ID != "" {
			if ids[u.ID] {
				out.Errorf(u.Pos.At("id"), "units", "单位代码 %q 重复", u.ID)
			}
			ids[u.ID] = true
		}
		oneLine := OneLineName(u, out)
		if name := dedup.FoldName(u.Name); oneLine && name != "" {
			if names[name] {
				out.Errorf(u.Pos.At("name"), "units", "单位名称 %q 重复", u.Name)
			}
			names[name] = true
		}
		parent := ctx.Units[u.Parent]
		switch u.Type {
		case "city":
			cities++
			if u.Parent != "" {
				out.Errorf(u.Pos.At("parent"), "units", "市总工会（city）不能有上级单位")
			}
		case "county", "industry", "direct":
			if u.Parent == "" {
				out.Errorf(u.Pos.Start, "units", "%s 缺少上级单位 parent（应为市总工会）", u.Name)
			} else if parent == nil {
				out.Errorf(u.Pos.At("parent"), "units", "上级单位 %q 不在单位名录中", u.Parent)
			} else if parent.Type != "city" {
				out.Errorf(u.Pos.At("parent"), "units", "%s 类型的单位，上级应为市总工会（city），而 %s 是 %s", u.Type, parent.ID, parent.Type)
			}
		case "grassroots":
			if u.Parent == "" {
				out.Errorf(u.Pos.Start, "units", "基层单位 %s 缺少上级单位 parent（县区、产业或市直工会）", u.Name)
			} else if parent == nil {
				out.Errorf(u.Pos.At("parent"), "units", "上级单位 %q 不在单位名录中", u.Parent)
			} else if parent.Type != "county" && parent.Type != "industry" && parent.Type != "direct" {
				out.Errorf(u.Pos.At("parent"), "units", "基层单位的上级应为县区（county）、产业（industry）或市直（direct）工会，而 %s 是 %s", parent.ID, parent.Type)
			}
			if u.Sector == "" {
				out.Errorf(u.Pos.Start, "units", "基层单位 %s 缺少 sector（enterprise、institution、school 或 agriculture）", u.Name)
			}
		}
		if u.Type != "grassroots" && KnownUnitType(u.Type) && u.Sector != "" {
			out.Errorf(u.Pos.At("sector"), "units", "只有基层单位（grassroots）填写 sector")
		}
		if u.Parent != "" && u.Parent == u.ID {
			out.Errorf(u.Pos.At("parent"), "units", "单位不能以自己为上级")
		} else if u.Parent != "" && inCycle(ctx, u.ID) {
			out.Errorf(u.Pos.At("parent"), "units", "上级关系形成了循环")
		}
	}
	if cities != 1 {
		pos := diag.FileStart(t.UnitsFile)
		if cities == 0 {
			out.Errorf(pos, "units", "单位名录中应有且仅有一个市总工会（type: city），现在一个也没有")
		} else {
			out.Errorf(pos, "units", "单位名录中应有且仅有一个市总工会（type: city），现在有 %d 个", cities)
		}
	}
}

// OneLineName reports a unit name holding a line break (a quoted "\n" or "\r", a literal
// block) at the name and tells whether it has none: wuxiao codeowners writes the name into
// a comment line of CODEOWNERS, where the rest of it would be a line of its own (a name
// ending in "\n* @someone" made someone the owner of every file no later line matches).
func OneLineName(u *content.Unit, out *diag.List) bool {
	if !strings.ContainsAny(u.Name, "\n\r") {
		return true
	}
	out.Errorf(u.Pos.At("name"), "units", "单位名称 %q 含有换行；单位名称只能写成一行（它会逐行写进 CODEOWNERS 等文件，换行后的文字会成为单独的一行）", u.Name)
	return false
}

// inCycle tells whether following parents from id comes back to id.
func inCycle(ctx *Context, id string) bool {
	seen := map[string]bool{}
	for cur := id; cur != ""; {
		if seen[cur] {
			return cur == id
		}
		seen[cur] = true
		u := ctx.Units[cur]
		if u == nil {
			return false
		}
		cur = u.Parent
	}
	return false
}

// KnownUnitType tells whether t is one of units.yaml's types; an unknown one already has its
// schema error, and the rules that read types stay quiet about that unit.
func KnownUnitType(t string) bool {
	switch t {
	case "city", "county", "industry", "direct", "grassroots":
		return true
	}
	return false
}
