package pullreq

import (
	"fmt"
	"regexp"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/forge/link"
)

// CodeownersPath is where kind reads the code owners, relative to the root: GitHub's
// .github/CODEOWNERS; Gitea and Forgejo never read .github/, but both read .gitea/CODEOWNERS.
func CodeownersPath(kind link.Kind) string {
	if kind == link.Gitea || kind == link.Forgejo {
		return ".gitea/CODEOWNERS"
	}
	return ".github/CODEOWNERS"
}

// loginPattern is a login on GitHub, Gitea or Forgejo, or an organisation team written org/team.
var loginPattern = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,38})(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?$`)

// Owners is one line of the code owners: the files of a unit (or, with Unit nil, every
// file) and the logins that review them.
type Owners struct {
	Unit    *content.Unit // nil: every file (the city's line)
	Folders []string      // the unit's folders under content/<year>/: submissions, attachments, commendations
	Logins  []string      // without @, in order, no duplicates
}

// CodeownersMap is the one map of units to reviewers that every forge's file is written
// from: the city's admins own every file; a unit's submissions, attachments and
// commendation documents are owned by the admins of the bodies above it (nearest first,
// the city last), so the body that reviews and forwards a result [五(二)] approves it,
// and the city may always step in. A unit's own admins are authors, not reviewers.
// Logins no forge would accept are left out and returned in skipped. The output
// depends only on units, in their order.
func CodeownersMap(units []*content.Unit) (lines []Owners, skipped []string) {
	byID := map[string]*content.Unit{}
	for _, u := range units {
		if u != nil && u.ID != "" && byID[u.ID] == nil {
			byID[u.ID] = u
		}
	}
	owners := func(u *content.Unit) []string {
		var out []string
		seen := map[string]bool{}
		for _, a := range u.Admins {
			a = strings.TrimPrefix(strings.TrimSpace(a), "@")
			if !loginPattern.MatchString(a) {
				skipped = append(skipped, fmt.Sprintf("%s（%s）的 %q", u.Name, u.ID, a))
				continue
			}
			if k := strings.ToLower(a); !seen[k] {
				seen[k] = true
				out = append(out, a)
			}
		}
		return out
	}
	var city *content.Unit
	for _, u := range units {
		if u != nil && u.Type == "city" {
			city = u
			break
		}
	}
	if city != nil {
		if o := owners(city); len(o) > 0 {
			lines = append(lines, Owners{Logins: o})
		}
	}
	for _, u := range units {
		if u == nil || u.ID == "" || u == city || byID[u.ID] != u || !content.ValidID(u.ID) {
			continue
		}
		var list []string
		seen := map[string]bool{}
		for p, steps := byID[u.Parent], 0; p != nil && steps < len(byID); p, steps = byID[p.Parent], steps+1 {
			for _, o := range owners(p) {
				if k := strings.ToLower(o); !seen[k] {
					seen[k] = true
					list = append(list, o)
				}
			}
			if p.Parent == p.ID {
				break
			}
		}
		if len(list) == 0 {
			continue // an empty owner list would leave the files unowned; the city's line applies
		}
		folders := []string{"commendations"}
		if u.Type == "grassroots" {
			folders = []string{"submissions", "attachments", "commendations"}
		}
		lines = append(lines, Owners{Unit: u, Folders: folders, Logins: list})
	}
	return lines, dedupe(skipped)
}

// Codeowners returns the code owners file for kind (see CodeownersPath) written from
// CodeownersMap. GitHub's patterns are globs and the last matching line wins, so each
// unit's line repeats the city's admins; Gitea's and Forgejo's are Go regular
// expressions anchored at both ends, and every matching line requests its reviewers.
// Both give each file the same reviewers.
func Codeowners(units []*content.Unit, kind link.Kind) (text string, skipped []string) {
	lines, skipped := CodeownersMap(units)
	gitea := kind == link.Gitea || kind == link.Forgejo
	var b strings.Builder
	if gitea {
		fmt.Fprintf(&b, `# 此文件由 wuxiao codeowners 根据 content/units.yaml 的 admins 生成，请勿手工修改。
# 修改 admins 后运行：go run ./cmd/wuxiao codeowners --forge %s --write
#
# 规则：市总工会的管理员负责全部文件；各单位的申报成果、证明材料和表彰文件
# 由其上级工会（县区总工会、产业工会或市直单位工会）的管理员审核，
# 市总工会的管理员也可审核。每行是一个 Go 正则表达式，匹配整个路径；
# 所有匹配的行都会请求审核。
`, kind)
	} else {
		b.WriteString(`# 此文件由 wuxiao codeowners 根据 content/units.yaml 的 admins 生成，请勿手工修改。
# 修改 admins 后运行：go run ./cmd/wuxiao codeowners --write
#
# 规则：市总工会的管理员负责全部文件；各单位的申报成果、证明材料和表彰文件
# 由其上级工会（县区总工会、产业工会或市直单位工会）的管理员审核，
# 市总工会的管理员也可审核。后面的行优先于前面的行。
`)
	}
	for _, l := range lines {
		at := make([]string, len(l.Logins))
		for i, o := range l.Logins {
			at[i] = "@" + o
		}
		who := strings.Join(at, " ")
		if l.Unit == nil {
			if city := cityOf(units); city != nil {
				fmt.Fprintf(&b, "\n# %s（%s）\n", OneLine(city.Name), city.ID)
			}
			if gitea {
				fmt.Fprintf(&b, ".* %s\n", who)
			} else {
				fmt.Fprintf(&b, "* %s\n", who)
			}
			continue
		}
		fmt.Fprintf(&b, "\n# %s（%s）\n", OneLine(l.Unit.Name), l.Unit.ID)
		for _, f := range l.Folders {
			if gitea {
				fmt.Fprintf(&b, "content/[0-9]+/%s/%s/.* %s\n", f, regexp.QuoteMeta(l.Unit.ID), who)
			} else {
				fmt.Fprintf(&b, "/content/*/%s/%s/ %s\n", f, l.Unit.ID, who)
			}
		}
	}
	return b.String(), skipped
}

func cityOf(units []*content.Unit) *content.Unit {
	for _, u := range units {
		if u != nil && u.Type == "city" {
			return u
		}
	}
	return nil
}

func dedupe(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
