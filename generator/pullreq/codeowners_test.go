package pullreq

import (
	"regexp"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/forge/link"
)

func TestCodeowners(t *testing.T) {
	units := testUnits()
	units[0].Admins = append(units[0].Admins, "@city-two", "city-admin")
	units[4].Admins = nil // an industry union without admins: its units fall back to the city
	units = append(units,
		&content.Unit{ID: "kq-bad", Name: "坏账号单位", Type: "grassroots", Parent: "kuangqu", Admins: []string{"has space"}},
		&content.Unit{ID: "kq-coal", Name: "重复的代码", Type: "grassroots", Parent: "energy"},
	)
	units[1].Admins = append(units[1].Admins, "has space")
	got, skipped := Codeowners(units, link.GitHub)
	want := `# 此文件由 wuxiao codeowners 根据 content/units.yaml 的 admins 生成，请勿手工修改。
# 修改 admins 后运行：go run ./cmd/wuxiao codeowners --write
#
# 规则：市总工会的管理员负责全部文件；各单位的申报成果、证明材料和表彰文件
# 由其上级工会（县区总工会、产业工会或市直单位工会）的管理员审核，
# 市总工会的管理员也可审核。后面的行优先于前面的行。

# 阳泉市总工会（yq）
* @City-Admin @city-two

# 阳泉市矿区总工会（kuangqu）
/content/*/commendations/kuangqu/ @City-Admin @city-two

# 矿区煤业公司工会（kq-coal）
/content/*/submissions/kq-coal/ @kq-admin @City-Admin @city-two
/content/*/attachments/kq-coal/ @kq-admin @City-Admin @city-two
/content/*/commendations/kq-coal/ @kq-admin @City-Admin @city-two

# 矿区供水公司工会（kq-water）
/content/*/submissions/kq-water/ @kq-admin @City-Admin @city-two
/content/*/attachments/kq-water/ @kq-admin @City-Admin @city-two
/content/*/commendations/kq-water/ @kq-admin @City-Admin @city-two

# 阳泉市能源产业工会（energy）
/content/*/commendations/energy/ @City-Admin @city-two

# 阳泉发电公司工会（en-power）
/content/*/submissions/en-power/ @City-Admin @city-two
/content/*/attachments/en-power/ @City-Admin @city-two
/content/*/commendations/en-power/ @City-Admin @city-two

# 坏账号单位（kq-bad）
/content/*/submissions/kq-bad/ @kq-admin @City-Admin @city-two
/content/*/attachments/kq-bad/ @kq-admin @City-Admin @city-two
/content/*/commendations/kq-bad/ @kq-admin @City-Admin @city-two
`
	if got != want {
		t.Errorf("Codeowners:\n%s\nwant:\n%s", got, want)
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0], "阳泉市矿区总工会（kuangqu）的 \"has space\"") {
		t.Errorf("skipped = %q", skipped)
	}
	again, _ := Codeowners(units, link.GitHub)
	if again != got {
		t.Errorf("output not deterministic")
	}
}

func TestCodeownersEmpty(t *testing.T) {
	got, _ := Codeowners(nil, link.GitHub)
	if !strings.HasPrefix(got, "# 此文件由 wuxiao codeowners") || strings.Contains(got, "\n*") {
		t.Errorf("Codeowners(nil) = %q", got)
	}
}

// TestCodeownersGitea: Gitea's file holds Go regular expressions matched against the
// whole path, every matching line requesting its reviewers; each file must get the same
// reviewers as from GitHub's file, where the last matching glob wins.
func TestCodeownersGitea(t *testing.T) {
	units := testUnits()
	got, _ := Codeowners(units, link.Gitea)
	for _, want := range []string{
		"# 阳泉市总工会（yq）\n.* @City-Admin\n",
		"# 矿区煤业公司工会（kq-coal）\ncontent/[0-9]+/submissions/kq-coal/.* @kq-admin @City-Admin\n" +
			"content/[0-9]+/attachments/kq-coal/.* @kq-admin @City-Admin\ncontent/[0-9]+/commendations/kq-coal/.* @kq-admin @City-Admin\n",
		"go run ./cmd/wuxiao codeowners --forge gitea --write",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Gitea CODEOWNERS lacks %q:\n%s", want, got)
		}
	}
	if fj, _ := Codeowners(units, link.Forgejo); strings.ReplaceAll(fj, "forgejo", "gitea") != got {
		t.Errorf("Forgejo's file differs from Gitea's beyond its name")
	}
	// Match as Gitea does (models/issues/pull.go): "^" + pattern + "$", all matching lines.
	type rule struct {
		re     *regexp.Regexp
		owners []string
	}
	var rules []rule
	for _, line := range strings.Split(got, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(line, "#") {
			continue
		}
		re, err := regexp.Compile("^" + strings.TrimPrefix(f[0], "/") + "$")
		if err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		rules = append(rules, rule{re, f[1:]})
	}
	reviewers := func(path string) string {
		seen := map[string]bool{}
		var out []string
		for _, r := range rules {
			if r.re.MatchString(path) {
				for _, o := range r.owners {
					if !seen[o] {
						seen[o] = true
						out = append(out, o)
					}
				}
			}
		}
		return strings.Join(out, " ")
	}
	for path, want := range map[string]string{
		"content/2026/submissions/kq-coal/a.md":        "@City-Admin @kq-admin",
		"content/2026/attachments/kq-coal/a/proof.pdf": "@City-Admin @kq-admin",
		"content/2026/submissions/kq-coal-x/a.md":      "@City-Admin",
		"content/2026/commendations/kuangqu/x.yaml":    "@City-Admin",
		"content/units.yaml":                           "@City-Admin",
		"go.mod":                                       "@City-Admin",
		"content/2026/reviews/e1.yaml":                 "@City-Admin",
	} {
		if got := reviewers(path); got != want {
			t.Errorf("%s: reviewers %q, want %q", path, got, want)
		}
	}
}

func TestCodeownersPath(t *testing.T) {
	if CodeownersPath(link.GitHub) != ".github/CODEOWNERS" || CodeownersPath(link.Gitea) != ".gitea/CODEOWNERS" || CodeownersPath(link.Forgejo) != ".gitea/CODEOWNERS" {
		t.Error("CodeownersPath")
	}
}

// TestCodeownersNameNeverALine: a unit name with line breaks (which the checker refuses,
// rules.OneLineName) still stays inside its comment line, for both forges: no line of the
// file names an owner the admins do not give.
func TestCodeownersNameNeverALine(t *testing.T) {
	for _, name := range []string{"单位\n* @mallory\n#", "单位\r* @mallory", "单位\r\n.* @mallory"} {
		units := testUnits()
		units[0].Name, units[1].Name = name, name
		for _, kind := range []link.Kind{link.GitHub, link.Gitea} {
			got, _ := Codeowners(units, kind)
			for _, line := range strings.FieldsFunc(got, func(r rune) bool { return r == '\n' || r == '\r' }) {
				if strings.Contains(line, "@mallory") && !strings.HasPrefix(line, "# ") {
					t.Errorf("%s, name %q: a rule from the name: %q", kind, name, line)
				}
			}
		}
	}
}
