package generator

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/testtree"
)

// errorSet runs the checker and returns its errors as text.
func errorSet(t *testing.T, root string, now content.Date) map[string]bool {
	t.Helper()
	_, diags, err := Check(Config{Root: root, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, d := range diags.Items() {
		if d.Severity == diag.Error {
			out[d.String()] = true
		}
	}
	return out
}

// fills are what a person would write over each placeholder, by key.
var fills = map[string]string{
	"category":   "小革新",
	"innovation": "技术创新",
	"name":       "张建军",
	"completed":  "2026-07-30",
	"summary":    "在疫苗冷藏库和冷链车上加装温度监测报警装置，超温时自动短信报警，杜绝了疫苗失效。",
	"economic":   "12.5",
	"social":     "保障了全市疫苗储运安全，减轻了值班人员夜间巡查的负担。",
	"doc":        "测试工发〔2026〕1号",
}

var keyLine = regexp.MustCompile(`^(\s*-?\s*)([a-z_]+): 【待填】$`)

// fill replaces every placeholder of a file written by new the way a person would.
func fill(t *testing.T, path string, created bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if !strings.Contains(l, content.Placeholder) || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		switch m := keyLine.FindStringSubmatch(l); {
		case strings.Contains(l, "award: "+content.Placeholder):
			lines[i] = strings.Replace(l, content.Placeholder, "优秀奖", 1)
		case m != nil && m[2] == "date":
			date := "2026-08-20" // a county body's document
			if strings.Contains(path, "shizhi-cdc") {
				date = "2026-08-10" // the unit's own, earlier
			}
			lines[i] = m[1] + "date: " + date
		case m != nil && fills[m[2]] != "":
			lines[i] = m[1] + m[2] + ": " + fills[m[2]]
		case strings.HasPrefix(l, "  - "+content.Placeholder):
			lines[i] = "  - yuxian-walnut/hetao-honggan"
		case strings.HasPrefix(l, content.Placeholder) && strings.Contains(path, "shizhi-cdc"):
			lines[i] = "疾控中心的疫苗冷藏库和冷链车过去靠值班人员每两小时查看一次温度计，夜间和节假日容易漏查，超温发现不及时会使整批疫苗失效。" +
				"我们用通用温度传感器和短信模块做成监测报警装置，温度超出范围时立即向值班人员发短信，并自动记录温度曲线备查。"
		case strings.HasPrefix(l, content.Placeholder):
			lines[i] = "矿井提升绞车的钢丝绳过去每周停车人工涂油一次，油脂涂不匀，停车时间长，钢丝绳锈蚀断丝时有发生。" +
				"维修班利用旧油泵和毛刷做了一套随绳运行的自动润滑器，绞车运行时均匀给油，不再专门停车，钢丝绳寿命延长近一倍。"
		default:
			t.Fatalf("%s：不知道怎样填写这一行：%s", path, l)
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runNewFill runs New, checks the output is refused while placeholders remain,
// fills them and returns the files it wrote.
func runNewFill(t *testing.T, root string, now content.Date, opt NewOptions) []string {
	t.Helper()
	plan, err := New(Config{Root: root, Now: now}, opt)
	if err != nil {
		t.Fatalf("New(%+v)：%v", opt, err)
	}
	var files []string
	for _, f := range plan.Files {
		files = append(files, f.Path)
		data, _ := os.ReadFile(filepath.Join(root, f.Path))
		if f.Created && !strings.Contains(string(data), "yaml-language-server: $schema=https://example.org/wuxiao/static/schemas/") {
			t.Errorf("%s 缺少 schema 声明", f.Path)
		}
		if !strings.Contains(string(data), content.Placeholder) {
			t.Errorf("%s 没有占位符", f.Path)
		}
	}
	found := false
	for e := range errorSet(t, root, now) {
		found = found || strings.Contains(e, ": placeholder: ")
	}
	if !found {
		t.Errorf("未填写的文件竟然通过了检查")
	}
	for _, p := range files {
		fill(t, filepath.Join(root, p), true)
	}
	return files
}

// TestNewThenFillPasses: what new writes passes check once its placeholders are filled.
func TestNewThenFillPasses(t *testing.T) {
	root := testtree.Demo(t)
	now, _ := content.ParseDate("2026-09-15")
	before := errorSet(t, root, now)
	files := runNewFill(t, root, now, NewOptions{Kind: "submission", Unit: "shizhi-cdc", Title: "疫苗冷链温度自动报警装置"})
	want := []string{
		"content/2026/submissions/shizhi-cdc/yi-miao-leng-lian-wen-du-zi-dong-bao.md",
		"content/2026/commendations/shizhi-cdc/2026-wuxiao.yaml",
	}
	if strings.Join(files, " ") != strings.Join(want, " ") {
		t.Errorf("写出 %v，应为 %v（只写本单位的文件夹）", files, want)
	}
	// The county recommends it in a change of its own.
	files = runNewFill(t, root, now, NewOptions{Kind: "commendation", Unit: "shizhi"})
	if len(files) != 1 || !strings.HasPrefix(files[0], "content/2026/commendations/shizhi/2026-tuijian") {
		t.Errorf("new commendation 写出 %v", files)
	}
	runNewFill(t, root, now, NewOptions{Kind: "submission", Unit: "kuangqu-mine1", Title: "绞车钢丝绳自动润滑装置"})
	runNewFill(t, root, now, NewOptions{Kind: "case", Title: "铸造车间里的“土专家”"})
	runNewFill(t, root, now, NewOptions{Kind: "bulletin", Title: "第五期：各县区“五小”竞赛进展"})
	for e := range errorSet(t, root, now) {
		if !before[e] {
			t.Errorf("填好后仍有新的错误：%s", e)
		}
	}
	// The same title again gets the next free slug, listed again in the unit's commendation.
	plan, err := New(Config{Root: root, Now: now}, NewOptions{Kind: "submission", Unit: "shizhi-cdc", Title: "疫苗冷链温度自动报警装置"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range plan.Files {
		got = append(got, f.Path)
	}
	if g := strings.Join(got, " "); !strings.Contains(g, "zi-dong-bao-2.md") || !strings.Contains(g, "commendations/shizhi-cdc/") || strings.Contains(g, "commendations/shizhi/") {
		t.Errorf("再次新建：%s", g)
	}
}

// TestNewSubmissionStaysInItsUnit: wuxiao new submission changes nothing outside the
// declaring unit's own folders, byte for byte, for a unit of every kind of parent.
func TestNewSubmissionStaysInItsUnit(t *testing.T) {
	now, _ := content.ParseDate("2026-09-15")
	for _, unit := range []string{"shizhi-cdc", "kuangqu-mine1", "energy-power"} {
		root := testtree.Demo(t)
		before := snapshotFiles(t, root)
		if _, err := New(Config{Root: root, Now: now}, NewOptions{Kind: "submission", Unit: unit, Title: "冷库门自动闭合装置"}); err != nil {
			t.Fatal(err)
		}
		after := snapshotFiles(t, root)
		for p, data := range after {
			if before[p] == data {
				continue
			}
			own := false
			for _, dir := range []string{"submissions", "attachments", "commendations"} {
				own = own || strings.HasPrefix(p, "content/2026/"+dir+"/"+unit+"/")
			}
			if !own {
				t.Errorf("new submission --unit %s changed %s", unit, p)
			}
		}
	}
}

func snapshotFiles(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNewWritesThroughNoLink: a unit folder that is a symbolic link to elsewhere is not
// written through: new refuses and nothing appears outside the repository.
func TestNewWritesThroughNoLink(t *testing.T) {
	now, _ := content.ParseDate("2026-09-15")
	root := testtree.Demo(t)
	elsewhere := t.TempDir()
	unitDir := filepath.Join(root, "content/2026/submissions/shizhi-cdc")
	if err := os.RemoveAll(unitDir); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, unitDir); err != nil {
		t.Skipf("cannot make a symlink here: %v", err)
	}
	_, err := New(Config{Root: root, Now: now}, NewOptions{Kind: "submission", Unit: "shizhi-cdc", Title: "冷库门自动闭合装置"})
	if err == nil || !strings.Contains(err.Error(), "符号链接") {
		t.Errorf("err = %v, want a refusal naming the symbolic link", err)
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) > 0 {
		t.Errorf("wrote %s outside the repository", entries[0].Name())
	}
}
