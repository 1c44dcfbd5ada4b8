package scope

import (
	"fmt"
	"regexp"
	"strings"

	"wuxiao/generator/content"
)

// CodeownersFile is where GitHub reads the code owners, relative to the root.
const CodeownersFile = ".github/CODEOWNERS"

// loginPattern is a GitHub login, or an organisation team written org/team.
var loginPattern = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?$`)

// Codeowners returns .github/CODEOWNERS for the registry: the city's admins own every
// file; a unit's submissions, attachments and commendation documents are owned by
// the admins of the bodies above it (nearest first, the city last), so the body that
// reviews and forwards a result [五(二)] approves it, and the city may always step in.
// A unit's own admins are authors, not reviewers. Logins that GitHub would reject are
// left out and returned in skipped. The output depends only on units, in their order.
func Codeowners(units []*content.Unit) (text string, skipped []string) {
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
				out = append(out, "@"+a)
			}
		}
		return out
	}
	var b strings.Builder
	b.WriteString(`# 此文件由 wuxiao codeowners 根据 content/units.yaml 的 admins 生成，请勿手工修改。
# 修改 admins 后运行：go run ./cmd/wuxiao codeowners --write
#
# 规则：市总工会的管理员负责全部文件；各单位的申报成果、证明材料和表彰文件
# 由其上级工会（县区总工会、产业工会或市直单位工会）的管理员审核，
# 市总工会的管理员也可审核。后面的行优先于前面的行。
`)
	var city *content.Unit
	for _, u := range units {
		if u != nil && u.Type == "city" {
			city = u
			break
		}
	}
	if city != nil {
		if o := owners(city); len(o) > 0 {
			fmt.Fprintf(&b, "\n# %s（%s）\n* %s\n", city.Name, city.ID, strings.Join(o, " "))
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
		fmt.Fprintf(&b, "\n# %s（%s）\n", u.Name, u.ID)
		folders := []string{"commendations"}
		if u.Type == "grassroots" {
			folders = []string{"submissions", "attachments", "commendations"}
		}
		for _, f := range folders {
			fmt.Fprintf(&b, "/content/*/%s/%s/ %s\n", f, u.ID, strings.Join(list, " "))
		}
	}
	return b.String(), dedupe(skipped)
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
