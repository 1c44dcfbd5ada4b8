package ruleset_test

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/forge/link"
	"wuxiao/generator/pullreq"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
)

func TestCodeownersRule(t *testing.T) {
	const units = "- {id: yq, name: 阳泉市总工会, type: city, admins: [city-admin]}\n" +
		"- {id: kuangqu, name: 矿区总工会, type: county, parent: yq, admins: [kq-admin]}\n"
	current, _ := pullreq.Codeowners([]*content.Unit{
		{ID: "yq", Name: "阳泉市总工会", Type: "city", Admins: []string{"city-admin"}},
		{ID: "kuangqu", Name: "矿区总工会", Type: "county", Parent: "yq", Admins: []string{"kq-admin"}},
	}, link.GitHub)
	giteaCurrent, _ := pullreq.Codeowners([]*content.Unit{
		{ID: "yq", Name: "阳泉市总工会", Type: "city", Admins: []string{"city-admin"}},
		{ID: "kuangqu", Name: "矿区总工会", Type: "county", Parent: "yq", Admins: []string{"kq-admin"}},
	}, link.Gitea)
	tests := []struct {
		name, forge, codeowners, gitea, want string
	}{
		{"no CODEOWNERS file", "", "", "", ""},
		{"up to date", "", current, "", ""},
		{"up to date with CRLF", "", crlf(current), "", ""},
		{"stale", "", current[:len(current)-len("@city-admin\n")] + "@old-admin\n", "",
			".github/CODEOWNERS:12:1: codeowners: warning: 与 content/units.yaml 的 admins 不一致（从这一行起），合并请求会找错审核人；请运行 go run ./cmd/wuxiao codeowners --write 重新生成并提交\n"},
		{"a line too many, in CRLF", "", crlf(current + strings.Repeat("/content/ @extra\n", 200)), "",
			".github/CODEOWNERS:" + strconv.Itoa(strings.Count(current, "\n")+1) + ":1: codeowners: warning: 与 content/units.yaml 的 admins 不一致（从这一行起），合并请求会找错审核人；请运行 go run ./cmd/wuxiao codeowners --write 重新生成并提交\n"},
		{"gitea up to date", "gitea", "", giteaCurrent, ""},
		{"gitea and a GitHub mirror, both up to date", "gitea", current, giteaCurrent, ""},
		{"gitea stale", "gitea", "", strings.Replace(giteaCurrent, ".* @city-admin", ".* @old-admin", 1),
			".gitea/CODEOWNERS:10:1: codeowners: warning: 与 content/units.yaml 的 admins 不一致（从这一行起），合并请求会找错审核人；请运行 go run ./cmd/wuxiao codeowners --forge gitea --write 重新生成并提交\n"},
		{"gitea in GitHub syntax", "gitea", "", current,
			".gitea/CODEOWNERS:2:1: codeowners: warning: 与 content/units.yaml 的 admins 不一致（从这一行起），合并请求会找错审核人；请运行 go run ./cmd/wuxiao codeowners --forge gitea --write 重新生成并提交\n"},
		{"forgejo reading only .github/", "forgejo", current, "",
			".github/CODEOWNERS:1:1: codeowners: warning: site.yaml 的 forge 是 forgejo，它不读 .github/CODEOWNERS，合并请求不会自动请求审核；请运行 go run ./cmd/wuxiao codeowners --forge forgejo --write 生成 .gitea/CODEOWNERS 并提交\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/units.yaml": {Data: []byte(units)}}
			if tt.forge != "" {
				fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: t\nbase_url: https://x/\norganizers: [x]\nforge: " + tt.forge + "\n")}
			}
			if tt.codeowners != "" {
				fsys[".github/CODEOWNERS"] = &fstest.MapFile{Data: []byte(tt.codeowners)}
			}
			if tt.gitea != "" {
				fsys[".gitea/CODEOWNERS"] = &fstest.MapFile{Data: []byte(tt.gitea)}
			}
			tree, _, err := content.Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			var out diag.List
			rules.Run(tree, content.Date{}, codeownersRule(t), &out)
			if got := out.Text(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// codeownersRule is rule codeowners alone, of ruleset.All.
func codeownersRule(t *testing.T) []rules.Rule {
	t.Helper()
	var only []rules.Rule
	for _, r := range ruleset.All(nil) {
		if r.Name == "codeowners" {
			only = append(only, r)
		}
	}
	if len(only) != 1 {
		t.Fatalf("rule codeowners not in ruleset.All()")
	}
	return only
}

func crlf(s string) string {
	out := make([]byte, 0, len(s)+20)
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, '\r')
		}
		out = append(out, s[i])
	}
	return string(out)
}
