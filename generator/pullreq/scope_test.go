package pullreq

import (
	"strings"
	"testing"

	"wuxiao/generator/content"
)

// testUnits is a small organisation: the city, a county with two grassroots units,
// and an industry union with one.
func testUnits() []*content.Unit {
	return []*content.Unit{
		{ID: "yq", Name: "阳泉市总工会", Type: "city", Admins: []string{"City-Admin"}},
		{ID: "kuangqu", Name: "阳泉市矿区总工会", Type: "county", Parent: "yq", Admins: []string{"kq-admin"}},
		{ID: "kq-coal", Name: "矿区煤业公司工会", Type: "grassroots", Parent: "kuangqu", Admins: []string{"coal-admin"}},
		{ID: "kq-water", Name: "矿区供水公司工会", Type: "grassroots", Parent: "kuangqu", Admins: []string{"water-admin"}},
		{ID: "energy", Name: "阳泉市能源产业工会", Type: "industry", Parent: "yq", Admins: []string{"energy-admin"}},
		{ID: "en-power", Name: "阳泉发电公司工会", Type: "grassroots", Parent: "energy", Admins: []string{"power-admin", "coal-admin"}},
	}
}

func date(s string) content.Date {
	d, err := content.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func finalState() State {
	fix := content.Correction{Date: date("2024-03-01"), Doc: "阳工发〔2024〕3号", Reason: "更正完成人姓名"}
	return State{
		Units: testUnits(),
		Before: map[int]*content.Results{
			2023: {Status: "final"},
			2024: {Status: "final", Corrections: []content.Correction{fix}},
			2025: {Status: "notice"},
		},
		After: map[int]*content.Results{
			2023: {Status: "final", Corrections: []content.Correction{{Date: date("2024-05-01"), Doc: "阳工发〔2024〕9号", Reason: "撤销重复申报的奖项"}}},
			2024: {Status: "final", Corrections: []content.Correction{{Date: date("2024-03-02"), Doc: "x", Reason: "改了旧记录"}, fix}},
			2025: {Status: "notice"},
		},
	}
}

func TestDecide(t *testing.T) {
	sub := func(unit string) string { return "content/2025/submissions/" + unit + "/pidai.md" }
	tests := []struct {
		name    string
		author  string
		changes []Change
		state   State
		refused []string // "path: substring of the reason"
	}{
		{name: "grassroots adds its own submission and attachment", author: "coal-admin",
			changes: []Change{{Status: 'A', Path: sub("kq-coal")}, {Status: 'A', Path: "content/2025/attachments/kq-coal/zhengming.pdf"}}},
		{name: "login compared without case and @", author: "@Coal-Admin",
			changes: []Change{{Status: 'M', Path: sub("kq-coal")}}},
		{name: "grassroots own commendation", author: "coal-admin",
			changes: []Change{{Status: 'A', Path: "content/2025/commendations/kq-coal/biaozhang.yaml"}}},
		{name: "admin of two units may change both", author: "coal-admin",
			changes: []Change{{Status: 'A', Path: sub("en-power")}}},
		{name: "grassroots another unit's submission", author: "water-admin",
			changes: []Change{{Status: 'M', Path: sub("kq-coal")}},
			refused: []string{sub("kq-coal") + ": 不能修改此文件：这是矿区煤业公司工会（kq-coal）的申报成果"}},
		{name: "grassroots the county's commendation", author: "coal-admin",
			changes: []Change{{Status: 'A', Path: "content/2025/commendations/kuangqu/biaozhang.yaml"}},
			refused: []string{"content/2025/commendations/kuangqu/biaozhang.yaml: 不能新增此文件：这是阳泉市矿区总工会（kuangqu）的表彰文件"}},
		{name: "grassroots renames out of its own folder", author: "coal-admin",
			changes: []Change{{Status: 'R', From: sub("kq-coal"), Path: sub("kq-water")}},
			refused: []string{sub("kq-water") + ": 不能把 " + sub("kq-coal") + " 改名或移动到这里"}},
		{name: "grassroots renames another unit's file into its own folder", author: "coal-admin",
			changes: []Change{{Status: 'R', From: sub("kq-water"), Path: sub("kq-coal")}},
			refused: []string{sub("kq-water") + ": 不能把它改名或移动为 " + sub("kq-coal")}},
		{name: "grassroots renames inside its own folder", author: "coal-admin",
			changes: []Change{{Status: 'R', From: sub("kq-coal"), Path: "content/2025/submissions/kq-coal/xin.md"}}},
		{name: "grassroots deletes another unit's attachment", author: "coal-admin",
			changes: []Change{{Status: 'D', Path: "content/2025/attachments/kq-water/a.pdf"}},
			refused: []string{"content/2025/attachments/kq-water/a.pdf: 不能删除此文件：这是矿区供水公司工会（kq-water）的证明材料"}},
		{name: "grassroots copies into another folder", author: "coal-admin",
			changes: []Change{{Status: 'C', From: sub("kq-coal"), Path: sub("kq-water")}},
			refused: []string{sub("kq-water") + ": 不能新增此文件（复制自"}},
		{name: "grassroots city files", author: "coal-admin",
			changes: []Change{{Status: 'M', Path: "content/units.yaml"}, {Status: 'A', Path: "content/2025/reviews/wang.yaml"}, {Status: 'M', Path: "content/2025/results.yaml"}},
			refused: []string{
				"content/units.yaml: 单位名录（units.yaml）只有市总工会的管理员可以修改",
				"content/2025/reviews/wang.yaml: 专家评分只有该专家本人（experts.yaml 中的 login）或市总工会的管理员可以修改",
				"content/2025/results.yaml: 评选结果（results.yaml）只有市总工会的管理员可以修改",
			}},
		{name: "grassroots code and workflows", author: "coal-admin",
			changes: []Change{{Status: 'M', Path: ".github/workflows/check.yml"}, {Status: 'M', Path: "generator/scope/scope.go"}},
			refused: []string{
				".github/workflows/check.yml: 不能修改此文件：content/ 以外的文件",
				"generator/scope/scope.go: 不能修改此文件：content/ 以外的文件",
			}},
		{name: "grassroots file of an unregistered unit", author: "coal-admin",
			changes: []Change{{Status: 'A', Path: sub("nobody")}},
			refused: []string{sub("nobody") + ": 不能新增此文件：单位 \"nobody\" 不在"}},
		{name: "grassroots misplaced file", author: "coal-admin",
			changes: []Change{{Status: 'A', Path: "content/2025/kq-coal.md"}, {Status: 'A', Path: "content/README.md"}},
			refused: []string{
				"content/2025/kq-coal.md: 不能新增此文件：这个位置不属于任何单位的文件夹",
				"content/README.md: 不能新增此文件：这个位置不属于任何单位的文件夹",
			}},
		{name: "county changes its grassroots unit's submission and its own commendation", author: "kq-admin",
			changes: []Change{{Status: 'M', Path: sub("kq-water")}, {Status: 'A', Path: "content/2025/attachments/kq-coal/b.pdf"}, {Status: 'A', Path: "content/2025/commendations/kuangqu/x.yaml"}}},
		{name: "county may not write its grassroots unit's commendation", author: "kq-admin",
			changes: []Change{{Status: 'A', Path: "content/2025/commendations/kq-coal/x.yaml"}},
			refused: []string{"content/2025/commendations/kq-coal/x.yaml: 不能新增此文件：这是矿区煤业公司工会（kq-coal）的表彰文件"}},
		{name: "county outside its own tree", author: "kq-admin",
			changes: []Change{{Status: 'M', Path: sub("en-power")}},
			refused: []string{sub("en-power") + ": 不能修改此文件：这是阳泉发电公司工会（en-power）的申报成果"}},
		{name: "industry body its grassroots unit", author: "energy-admin",
			changes: []Change{{Status: 'M', Path: sub("en-power")}}},
		{name: "city changes everything", author: "city-admin",
			changes: []Change{{Status: 'M', Path: "content/units.yaml"}, {Status: 'M', Path: "content/2025/results.yaml"}, {Status: 'A', Path: "content/2025/reviews/wang.yaml"},
				{Status: 'A', Path: "content/2025/cases/a.md"}, {Status: 'A', Path: "content/2025/bulletins/b.md"}, {Status: 'A', Path: "content/pages/guide.md"},
				{Status: 'M', Path: "content/2025/competition.yaml"}, {Status: 'M', Path: ".github/workflows/pages.yml"}, {Status: 'M', Path: "layouts/base.html"},
				{Status: 'M', Path: sub("kq-coal")}, {Status: 'A', Path: "content/2025/commendations/kq-coal/x.yaml"}}},
		{name: "county changes the photos its own bulletins show, not the city's or none's", author: "kq-admin",
			changes: []Change{{Status: 'A', Path: "content/2025/bulletins/kq-1.jpg"}, {Status: 'D', Path: "content/2025/bulletins/kq-old.png"},
				{Status: 'M', Path: "content/2025/bulletins/city.jpg"}, {Status: 'A', Path: "content/2025/bulletins/none.jpg"}, {Status: 'M', Path: "content/2025/bulletins/both.jpg"}},
			state: State{Units: testUnits(),
				ShownBefore: map[string][]string{"content/2025/bulletins/kq-old.png": {"kuangqu"}, "content/2025/bulletins/city.jpg": {""}, "content/2025/bulletins/both.jpg": {"kuangqu", "energy"}},
				ShownAfter:  map[string][]string{"content/2025/bulletins/kq-1.jpg": {"kuangqu"}, "content/2025/bulletins/city.jpg": {"kuangqu"}, "content/2025/bulletins/both.jpg": {"kuangqu"}}},
			refused: []string{
				"content/2025/bulletins/city.jpg: 不能修改此文件：市总工会的工作简报显示这张图片",
				"content/2025/bulletins/none.jpg: 不能新增此文件：没有工作简报显示这张图片",
				"content/2025/bulletins/both.jpg: 不能修改此文件：阳泉市能源产业工会（energy）的工作简报显示这张图片",
			}},
		{name: "nobody's login", author: "stranger",
			changes: []Change{{Status: 'A', Path: sub("kq-coal")}},
			refused: []string{sub("kq-coal") + ": 不能新增此文件：这是矿区煤业公司工会"}},
		{name: "grassroots edits a final year", author: "coal-admin",
			changes: []Change{{Status: 'M', Path: "content/2023/submissions/kq-coal/pidai.md"}},
			state:   finalState(),
			refused: []string{"content/2023/submissions/kq-coal/pidai.md: 不能修改此文件：2023 年的评选结果已经表彰"}},
		{name: "city edits a final year without a correction", author: "city-admin",
			changes: []Change{{Status: 'M', Path: "content/2023/results.yaml"}},
			state:   State{Units: testUnits(), Before: finalState().Before, After: finalState().Before},
			refused: []string{"content/2023/results.yaml: 不能修改此文件：2023 年的评选结果已经表彰（status 为 final）；修改这一年的评选材料，须在同一合并请求中向 content/2023/results.yaml 的 corrections 增加一条更正记录"}},
		{name: "city records a correction", author: "city-admin",
			changes: []Change{{Status: 'M', Path: "content/2023/results.yaml"}, {Status: 'D', Path: "content/2023/attachments/kq-coal/a.pdf"}},
			state:   finalState()},
		{name: "city rewrites an old correction", author: "city-admin",
			changes: []Change{{Status: 'M', Path: "content/2024/results.yaml"}},
			state:   finalState(),
			refused: []string{"content/2024/results.yaml: 不能修改此文件：2024 年已有的更正记录（第 1 条）不能修改或删除"}},
		{name: "rename out of a final year", author: "coal-admin",
			changes: []Change{{Status: 'R', From: "content/2023/submissions/kq-coal/pidai.md", Path: sub("kq-coal")}},
			state:   finalState(),
			refused: []string{"content/2023/submissions/kq-coal/pidai.md: 不能把它改名或移动为 " + sub("kq-coal") + "：2023 年的评选结果已经表彰"}},
		{name: "a year in notice is open", author: "coal-admin",
			changes: []Change{{Status: 'M', Path: sub("kq-coal")}},
			state:   finalState()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.state
			if st.Units == nil {
				st.Units = testUnits()
			}
			d := Decide(tt.author, tt.changes, st)
			if len(d.Refused) != len(tt.refused) {
				t.Fatalf("refused %d, want %d: %v", len(d.Refused), len(tt.refused), d.Refused)
			}
			for i, want := range tt.refused {
				got := d.Refused[i].Path + ": " + d.Refused[i].Reason
				if !strings.HasPrefix(want, d.Refused[i].Path+": ") || !strings.Contains(got, strings.TrimPrefix(want, d.Refused[i].Path+": ")) {
					t.Errorf("refusal %d:\n got %s\nwant %s", i, got, want)
				}
			}
		})
	}
}

func TestDecideRoles(t *testing.T) {
	d := Decide("coal-admin", nil, State{Units: testUnits()})
	if len(d.Units) != 2 || d.Units[0].ID != "kq-coal" || d.Units[1].ID != "en-power" || d.City {
		t.Errorf("roles = %v, city %v", d.Units, d.City)
	}
	if d := Decide("CITY-ADMIN", nil, State{Units: testUnits()}); !d.City {
		t.Errorf("city admin not recognised")
	}
	if d := Decide("", []Change{{Status: 'A', Path: "content/x"}}, State{Units: []*content.Unit{{ID: "a", Admins: []string{""}}}}); len(d.Refused) != 1 {
		t.Errorf("an empty login matched an empty admin")
	}
}

// Logins fold ASCII case only: K (Kelvin) and ſ (long s) are not k and s.
func TestSameLoginFoldsOnlyASCII(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Alice", "alice", true}, {"@bob", "BOB", true}, {" carol ", "carol", true},
		{"\u212Aate", "kate", false}, {"ſam", "sam", false}, {"ſam", "ſam", false}, {"", "", false}, {"ab", "abc", false},
	} {
		if got := SameLogin(c.a, c.b); got != c.same {
			t.Errorf("SameLogin(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
