package rules_test

import (
	"strings"
	"testing"
)

// TestPIIAsPublished: personal data disguised by Markdown entities and escapes, full-width
// or invisible characters or an international prefix is found in the text as published.
func TestPIIAsPublished(t *testing.T) {
	const sub = "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
	for _, disguise := range []string{
		"&#49;3903530011", "&#x31;3903530011", "139\\-0353\\-0013", "0086 13903530013", "+86-139-0353-0013",
		"１３９０３５３００１３", "139\u200b0353\u200b0013", "139\u20600353\u20600013", "1３9０3530013",
		"wang&#64;example.com", "li\\@example.com", "wang&commat;example.com", "wang＠example．com",
		"wang&#x40;example&#46;com", "11010519491231002&#88;",
	} {
		t.Run(disguise, func(t *testing.T) {
			fsys := baseTree(t)
			data := string(fsys[sub].Data)
			data = strings.Replace(data, "## 问题\n", "## 问题\n\n联系人电话或邮箱："+disguise+"\n", 1)
			fsys[sub].Data = []byte(data)
			out := check(t, fsys, "2024-06-01")
			if !strings.Contains(out, sub+":26:") || !strings.Contains(out, ": pii: ") {
				t.Errorf("not caught at %s:26:\n%s", sub, out)
			}
		})
	}
}

// TestPIIEveryPublishedField: every field the site publishes is judged (v2 list).
func TestPIIEveryPublishedField(t *testing.T) {
	const phone = "139&#48;3530011"
	for _, tc := range []struct{ file, old, new, want string }{
		{"content/site.yaml", "title: 阳泉市", "title: 阳泉市" + phone, "content/site.yaml:1:8"},
		{"content/site.yaml", "description: 小发明", "description: 小发明" + phone, "content/site.yaml:4:14"},
		{"content/site.yaml", "organizers: [阳泉市总工会", "organizers: [阳泉市总工会" + phone, "content/site.yaml:3:"},
		{"content/units.yaml", "name: 城区总工会", "name: 城区总工会" + phone, "content/units.yaml:6:9"},
		{"content/experts.yaml", "name: 刘工", "name: 刘工" + phone, "content/experts.yaml:2:9"},
		{"content/2023/competition.yaml", "title: 2023年", "title: 2023年" + phone, "content/2023/competition.yaml:2:8"},
		{"content/2023/competition.yaml", "doc: 阳工发", "doc: 阳工发" + phone, "content/2023/competition.yaml:3:6"},
		{"content/2023/competition.yaml", "name: 创新性", "name: 创新性" + phone, "content/2023/competition.yaml:"},
		{"content/2023/commendations/kuangqu/2023-wuxiao.yaml", "doc: 矿区", "doc: 矿区" + phone, "content/2023/commendations/kuangqu/2023-wuxiao.yaml:1:6"},
		{"content/2023/results.yaml", "doc: 阳工发", "doc: 阳工发" + phone, "content/2023/results.yaml:3:6"},
		{"content/2023/submissions/kuangqu-mine1/pidai-jiupian.md", "tags: [皮带机", "tags: [皮带机" + phone, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md:22:"},
		{"content/2023/submissions/kuangqu-mine1/pidai-jiupian.md", "summary: 在主", "summary: 在主" + phone, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md:12:"},
		{"content/2023/submissions/kuangqu-mine1/pidai-jiupian.md", "name: 李明", "name: 李明" + phone, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md:8:"},
		{"content/2023/cases/pidai-jiupian.md", "summary: 一名", "summary: 一名" + phone, "content/2023/cases/pidai-jiupian.md:5:"},
		{"content/pages/guide.md", "title: 申报指南", "title: 申报指南" + phone, "content/pages/guide.md:2:"},
		{"content/pages/guide.md", "1. 成果", "1. 成果" + phone, "content/pages/guide.md:5:"},
		{"content/2023/bulletins/2023-01.md", "联合印发", "联合印发" + phone, "content/2023/bulletins/2023-01.md:6:"},
	} {
		t.Run(tc.file+" "+tc.old, func(t *testing.T) {
			fsys := baseTree(t)
			f := fsys[tc.file]
			if f == nil || !strings.Contains(string(f.Data), tc.old) {
				t.Fatalf("%s has no %q", tc.file, tc.old)
			}
			f.Data = []byte(strings.Replace(string(f.Data), tc.old, tc.new, 1))
			out := check(t, fsys, "2024-06-01")
			found := false
			for _, l := range strings.Split(out, "\n") {
				found = found || (strings.HasPrefix(l, tc.want) && strings.Contains(l, ": pii: "))
			}
			if !found {
				t.Errorf("want a pii error at %s in:\n%s", tc.want, out)
			}
		})
	}
}

// TestPIIWhereTheSiteJoinsOrNamesIt: a number split over a paragraph's lines (the site
// joins them), a submission's file name (the result page's address) and a public proof's
// file name (copied to the site under it) are judged too. Found by an attacker's review:
// each passed check and was published.
func TestPIIWhereTheSiteJoinsOrNamesIt(t *testing.T) {
	const sub = "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
	for _, tc := range []struct{ name, want string }{
		{"split", sub + ":26:17"},
		{"split three ways", sub + ":26:"},
		{"file name", "content/2023/submissions/kuangqu-mine1/wang-13903530011.md:1:1"},
		{"proof's file name", sub + ":17:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := baseTree(t)
			data := string(fsys[sub].Data)
			switch tc.name {
			case "split":
				data = strings.Replace(data, "## 问题\n", "## 问题\n\n如需了解装置，可联系王建国，电话1390353\n0011。\n", 1)
			case "split three ways":
				data = strings.Replace(data, "## 问题\n", "## 问题\n\n电话139\n0353\n0011。\n", 1)
			case "file name":
				fsys["content/2023/submissions/kuangqu-mine1/wang-13903530011.md"] = fsys[sub]
				delete(fsys, sub)
			case "proof's file name":
				const proof = "content/2023/attachments/kuangqu-mine1/"
				data = strings.Replace(data, "file: yingyong-zhengming.pdf", "file: 140302198001010013.pdf", 1)
				fsys[proof+"140302198001010013.pdf"] = fsys[proof+"yingyong-zhengming.pdf"]
			}
			if f := fsys[sub]; f != nil {
				f.Data = []byte(data)
			}
			out := check(t, fsys, "2024-06-01")
			found := false
			for _, l := range strings.Split(out, "\n") {
				found = found || strings.HasPrefix(l, tc.want) && strings.Contains(l, ": pii: ")
			}
			if !found {
				t.Errorf("want a pii error at %s in:\n%s", tc.want, out)
			}
		})
	}
	// Lines of a paragraph that only make a number together with others' digits (a list of
	// years over lines) are no finding.
	fsys := baseTree(t)
	data := strings.Replace(string(fsys[sub].Data), "## 问题\n", "## 问题\n\n2021年开始，\n2022年推广，\n2023年完成。\n", 1)
	fsys[sub].Data = []byte(data)
	if out := check(t, fsys, "2024-06-01"); strings.Contains(out, ": pii: ") {
		t.Errorf("a finding in years over lines:\n%s", out)
	}
}
