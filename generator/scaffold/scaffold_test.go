package scaffold

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
)

func TestSlug(t *testing.T) {
	taken := map[string]bool{"pi-dai-jiu-pian": true, "pi-dai-jiu-pian-2": true}
	for _, c := range []struct{ title, want string }{
		{"皮带纠偏", "pi-dai-jiu-pian-3"},
		{"5G+智慧矿山", "5g-zhi-hui-kuang-shan"},
		{"——", "chengguo"},
		{"公交车后门气动防夹感应胶条加装与驾驶员起步联锁改造", "gong-jiao-che-hou-men-qi-dong-fang-jia"},
		{"一号井一采区皮带巡检", "yi-hao-jing-yi-cai-qu-pi-dai-xun-jian"},
		{"PLC控制的DCS系统", "plc-kong-zhi-de-dcs-xi-tong"},
		{"5G智慧矿山", "5g-zhi-hui-kuang-shan"},
		{"一", "yi"},
	} {
		got := Slug(c.title, "chengguo", func(s string) bool { return taken[s] })
		if got != c.want || !content.ValidID(got) {
			t.Errorf("Slug(%q) = %q，应为 %q", c.title, got, c.want)
		}
	}
	for _, title := range []string{strings.Repeat("煤", 40), strings.Repeat("a", 90), "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ一号"} {
		if got := Slug(title, "x", nil); len(got) > MaxSlug || !content.ValidID(got) {
			t.Errorf("Slug(%q) = %q：超过 %d 个字符或不合规", title, got, MaxSlug)
		}
	}
	long := strings.Repeat("煤", 40)
	taken = map[string]bool{Slug(long, "x", nil): true}
	if got := Slug(long, "x", func(s string) bool { return taken[s] }); !content.ValidID(got) || taken[got] {
		t.Errorf("长标题的第二个文件名 %q 不合规或重复", got)
	}
}

// A title that makes a Windows device name (CON, Aux, nul, com1, LPT9, in any case) gets
// a file name Windows can hold: wuxiao new and the desk's forms name the file from the
// title, and con.md is refused by check (a repository holding it cannot be checked out
// on Windows, and wuxiao new run there would write into the console device).
func TestSlugIsNeverAWindowsDevice(t *testing.T) {
	for _, title := range []string{"CON", "Aux", "nul", "prn", "com1", "COM9", "lpt0", "LPT9", "con.", "N.U.L"} {
		got := Slug(title, "chengguo", nil)
		if !content.ValidID(got) || content.WindowsDevice(got) {
			t.Errorf("Slug(%q) = %q：Windows 的设备名（或不合规），应换成其他名称", title, got)
		}
	}
	if got := Slug("CON 控制台", "chengguo", nil); got != "con-kong-zhi-tai" {
		t.Errorf("Slug(%q) = %q，应为 con-kong-zhi-tai（只有整名是设备名时才换）", "CON 控制台", got)
	}
}

// full is a submission with every field set, as the form produces it.
func full() *content.Submission {
	d := func(s string) content.Date { x, _ := content.ParseDate(s); return x }
	return &content.Submission{
		Title: "带式输送机: 自动纠偏 #2", Category: "小革新", Innovation: "装备创新", Group: "职工",
		Authors:   []content.Author{{Name: "王建国", Role: "主要完成人", Job: "机电维修工"}, {Name: "李明"}},
		Submitted: d("2026-09-10"), Started: d("2026-02-15"), Completed: d("2026-06-30"),
		Summary: "在机尾加装纠偏托辊，\"跑偏\"时自动回正。", Benefit: content.Benefit{Economic: 35.6, Social: "减少撒煤"},
		Studio:      "王建国劳模创新工作室",
		Attachments: []content.Attachment{{File: "zhengming.pdf", Title: "应用证明", SHA256: strings.Repeat("ab", 32), Public: true}},
		Contact:     &content.Person{Name: "王建国", Phone: "13903530011"},
		Tags:        []string{"皮带机", "yes"},
		Body:        "## 问题\n\n皮带跑偏。\n",
	}
}

// TestSubmissionTextRoundTrip: what the text says is what the checker reads back.
func TestSubmissionTextRoundTrip(t *testing.T) {
	want := full()
	text := SubmissionText(want, SubmissionContext{ID: "kuangqu-mine1/x", Year: 2026, Sector: "enterprise"})
	p := "content/2026/submissions/kuangqu-mine1/x.md"
	tree, diags, err := content.Load(fstest.MapFS{p: {Data: []byte(text)}})
	if err != nil || len(diags.Items()) > 0 {
		t.Fatalf("%v %v\n%s", err, diags.Items(), text)
	}
	got := tree.Years[0].Submissions[0]
	clear := func(s *content.Submission) {
		s.File, s.Year, s.Unit, s.Slug, s.BodyLine, s.Pos, s.Benefit.Pos = "", 0, "", "", 0, content.Positions{}, content.Positions{}
		s.Body = strings.TrimSpace(s.Body)
		for i := range s.Authors {
			s.Authors[i].Pos = content.Positions{}
		}
		for i := range s.Attachments {
			s.Attachments[i].Pos = content.Positions{}
		}
		if s.Contact != nil {
			s.Contact.Pos = content.Positions{}
		}
	}
	clear(got)
	clear(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("读回的成果不同：\n%+v\n%+v", got, want)
	}
}

// TestEveryFieldExplained: each key of a submission is written, commented out or not,
// under a Chinese comment, whether the submission is empty or full.
func TestEveryFieldExplained(t *testing.T) {
	for _, s := range []*content.Submission{{}, full()} {
		text := SubmissionText(s, SubmissionContext{ID: "a/b", Year: 2026})
		for _, typ := range []any{content.Submission{}, content.Author{}, content.Benefit{}, content.Person{}} {
			for _, f := range content.Fields(reflect.TypeOf(typ)) {
				re := regexp.MustCompile(`(?m)^\s*(# |- )?` + f.Key + `:`)
				if !re.MatchString(text) && !strings.Contains(text, f.Key+": ") {
					t.Errorf("没有写出键 %s", f.Key)
				}
				if f.Doc != "" && !strings.Contains(text, f.Doc) {
					t.Errorf("键 %s 没有说明“%s”", f.Key, f.Doc)
				}
			}
		}
	}
}

// TestGroupOf agrees with rule scope for every sector.
func TestGroupOf(t *testing.T) {
	for _, sector := range content.Sectors {
		tree := &content.Tree{Units: []*content.Unit{{ID: "u", Sector: sector, Type: "grassroots"}}}
		tree.Years = []*content.Year{{Year: 2026, Submissions: []*content.Submission{{Unit: "u", Slug: "s", Group: content.GroupOf(sector)}}}}
		var out diag.List
		for _, r := range ruleset.All(nil) {
			if r.Name == "scope" {
				rules.Run(tree, content.Date{}, []rules.Rule{r}, &out)
			}
		}
		if len(out.Items()) > 0 || content.GroupOf(sector) == "" {
			t.Errorf("%s：%v", sector, out.Items())
		}
	}
}

func TestAppendAward(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"doc: a\ndate: 2026-08-01\nawards:\n  - {submission: a/b, award: 一等奖}\n",
			"doc: a\ndate: 2026-08-01\nawards:\n  - {submission: a/b, award: 一等奖}\n  - {submission: u/s, award: 【待填】}\n"},
		{"# 说明\ndoc: a\nawards:\n- submission: a/b\n  award: 一等奖\n\n\n",
			"# 说明\ndoc: a\nawards:\n- submission: a/b\n  award: 一等奖\n- {submission: u/s, award: 【待填】}\n"},
		{"awards: [{submission: a/b, award: 一等奖}]\ndoc: a\n",
			"awards: [{submission: a/b, award: 一等奖}, {submission: u/s, award: 【待填】}]\ndoc: a\n"},
		{"doc: a\nawards:\n", "doc: a\nawards:\n    - {submission: u/s, award: 【待填】}\n"},
	} {
		got, err := appendAward([]byte(c.in), "u/s")
		if err != nil || string(got) != c.want {
			t.Errorf("%q：\n得到 %q\n应为 %q（%v）", c.in, got, c.want, err)
		}
	}
	if _, err := appendAward([]byte("- a\n- b\n"), "u/s"); err == nil {
		t.Errorf("不是映射的文件应报错")
	}
}
