package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// baseFiles is the tree on main before a pull request: a city, a county with two
// grassroots units, a year whose results are final (2023) and an open one (2025).
var baseFiles = map[string]string{
	"content/site.yaml": "title: 阳泉市职工“五小”竞赛成果展示\nbase_url: https://example.org/wuxiao/\norganizers: [阳泉市总工会]\n",
	"content/units.yaml": `- {id: yq, name: 阳泉市总工会, type: city, admins: [city-admin]}
- {id: kuangqu, name: 阳泉市矿区总工会, type: county, parent: yq, admins: [kq-admin]}
- {id: kq-coal, name: 矿区煤业公司工会, type: grassroots, sector: enterprise, parent: kuangqu, admins: [coal-admin]}
- {id: kq-water, name: 矿区供水公司工会, type: grassroots, sector: enterprise, parent: kuangqu, admins: [water-admin]}
`,
	"content/2023/competition.yaml":                 competitionYAML(2023),
	"content/2023/results.yaml":                     "status: final\nnotice: {from: 2023-12-05, to: 2023-12-11}\ndoc: 阳工发〔2023〕68号\nawards: []\n",
	"content/2023/submissions/kq-coal/pidai.md":     "---\ntitle: 旧年的成果\n---\n",
	"content/2023/attachments/kq-coal/a.pdf":        "%PDF-1.4\n",
	"content/2025/competition.yaml":                 competitionYAML(2025),
	"content/2025/submissions/kq-water/shuibeng.md": "---\ntitle: 供水单位的成果\n---\n",
	"content/2025/attachments/kq-water/b.pdf":       "%PDF-1.4\n",
	"content/pages/guide.md":                        "---\ntitle: 申报指南\n---\n按通知申报。\n",
	"content/experts.yaml":                          "- {id: wang, name: 王工, login: wang-expert}\n- {id: li, name: 李工, login: li-expert}\n",
	"content/2025/bulletins/city-01.md":             "---\ntitle: 竞赛启动\ndate: 2025-03-05\nissue: 1\n---\n市总工会启动竞赛。\n\n![启动会现场](qidong.jpg)\n",
	"content/2025/bulletins/qidong.jpg":             "\xff\xd8\xff\xe0 启动会\n",
	"generator/x.go":                                "package generator\n",
}

func competitionYAML(y int) string {
	s := strings.NewReplacer("Y", string(rune('0'+y/1000))+string(rune('0'+y/100%10))+string(rune('0'+y/10%10))+string(rune('0'+y%10))).Replace(`year: Y
title: Y年阳泉市职工“五小”竞赛
phases:
  organize: {from: Y-03-01, to: Y-09-30}
  review: {from: Y-10-01, to: Y-11-30}
  award: {from: Y-12-01, to: Y-12-31}
prior_commendation: [grassroots, county]
quotas: {一等奖: 1}
rubric:
  - {key: innovation, name: 创新性, max: 50}
  - {key: benefit, name: 效益, max: 50}
min_reviews: 1
`)
	return s
}

// testRepo is a Git repository in a temporary folder, with main as origin/main and a
// pull-request branch checked out.
type testRepo struct {
	t   *testing.T
	dir string
}

func newTestRepo(t *testing.T, files map[string]string) *testRepo {
	t.Helper()
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	r := &testRepo{t: t, dir: t.TempDir()}
	made := baseRepos.made(files)
	if made == "" {
		made = t.TempDir()
		base := &testRepo{t: t, dir: made}
		base.git("init", "-q", "-b", "main")
		for p, data := range files {
			base.write(p, data)
		}
		base.commit("base")
		base.git("update-ref", "refs/remotes/origin/main", "HEAD")
		base.git("checkout", "-q", "-b", "pr")
		made = baseRepos.keep(t, files, made)
	}
	if err := os.CopyFS(r.dir, os.DirFS(made)); err != nil {
		t.Fatal(err)
	}
	return r
}

// baseRepos keeps the repository newTestRepo made for each set of files, for the tests
// after it to copy: making one took five git processes (init, add, commit, update-ref,
// checkout), and TestScopeScenarios alone made 26 of the same. A copy is the repository
// as made: the same commit on main and origin/main, pr checked out, a clean work tree.
var baseRepos repoTemplates

// repoTemplates are repositories kept by their files, in a folder of their own that
// TestMain removes.
type repoTemplates struct {
	mu   sync.Mutex
	dir  string
	byID map[string]string
}

// id names a set of files: every path and its content.
func (rt *repoTemplates) id(files map[string]string) string {
	h := sha256.New()
	for _, p := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "%d:%s%d:%s", len(p), p, len(files[p]), files[p])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// made is the kept repository of files, or "" when there is none yet.
func (rt *repoTemplates) made(files map[string]string) string {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.byID[rt.id(files)]
}

// keep moves the repository made at dir (which the test's cleanup may remove) into the
// kept folder and returns where it now is.
func (rt *repoTemplates) keep(t *testing.T, files map[string]string, dir string) string {
	t.Helper()
	rt.mu.Lock()
	defer rt.mu.Unlock()
	id := rt.id(files)
	if kept, ok := rt.byID[id]; ok {
		return kept
	}
	if rt.dir == "" {
		d, err := os.MkdirTemp("", "wuxiao-repos-")
		if err != nil {
			t.Fatal(err)
		}
		rt.dir, rt.byID = d, map[string]string{}
	}
	kept := filepath.Join(rt.dir, id)
	if err := os.CopyFS(kept, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	rt.byID[id] = kept
	return kept
}

// remove removes the kept repositories.
func (rt *repoTemplates) remove() {
	if rt.dir != "" {
		os.RemoveAll(rt.dir)
	}
}

// git runs git in the repository as the test's author, without the "git maintenance run
// --auto" that each commit starts afterwards (a process a commit, for a repository that
// lives as long as its test).
func (r *testRepo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir, "-c", "user.name=测试", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "-c", "maintenance.auto=false"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (r *testRepo) write(p, data string) {
	r.t.Helper()
	full := filepath.Join(r.dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// mv renames a tracked file, making the new folder first.
func (r *testRepo) mv(from, to string) {
	r.t.Helper()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(r.dir, filepath.FromSlash(to))), 0o755); err != nil {
		r.t.Fatal(err)
	}
	r.git("mv", from, to)
}

func (r *testRepo) read(p string) string {
	r.t.Helper()
	data, err := os.ReadFile(filepath.Join(r.dir, filepath.FromSlash(p)))
	if err != nil {
		r.t.Fatal(err)
	}
	return string(data)
}

func (r *testRepo) commit(msg string) {
	r.t.Helper()
	r.git("add", "-A")
	r.git("commit", "-q", "--allow-empty", "-m", msg)
}

// scope runs the workflow's scope command as the pull request's author.
func (r *testRepo) scope(author string) ciResult {
	r.t.Helper()
	return runCI(r.t, ciCommands["scope"], map[string]string{"GITHUB_WORKSPACE": r.dir, "GITHUB_BASE_REF": "main", "PR_AUTHOR": author})
}

func TestScopeScenarios(t *testing.T) {
	const newSub = "---\ntitle: 新成果\n---\n"
	tests := []struct {
		name   string
		author string
		change func(r *testRepo)
		want   []string // the refusals, exactly (text format)
	}{
		{"grassroots adds its own submission, attachment and commendation", "coal-admin", func(r *testRepo) {
			r.write("content/2025/submissions/kq-coal/pidai.md", newSub)
			r.write("content/2025/attachments/kq-coal/c.pdf", "%PDF-1.4\n")
			r.write("content/2025/attachments/kq-coal/检测 报告.pdf", "%PDF-1.4\n") // quoted by git without -z
			r.write("content/2025/commendations/kq-coal/biaozhang.yaml", "doc: x\n")
		}, nil},
		{"grassroots changes another unit's submission", "coal-admin", func(r *testRepo) {
			r.write("content/2025/submissions/kq-water/shuibeng.md", newSub)
		}, []string{"content/2025/submissions/kq-water/shuibeng.md:1:1: permission: 不能修改此文件：这是矿区供水公司工会（kq-water）的申报成果，只有该单位、其上级工会或市总工会的管理员可以修改"}},
		{"grassroots renames its file out of its own folder", "water-admin", func(r *testRepo) {
			r.mv("content/2025/submissions/kq-water/shuibeng.md", "content/2025/submissions/kq-coal/shuibeng.md")
		}, []string{"content/2025/submissions/kq-coal/shuibeng.md:1:1: permission: 不能把 content/2025/submissions/kq-water/shuibeng.md 改名或移动到这里：这是矿区煤业公司工会（kq-coal）的申报成果，只有该单位、其上级工会或市总工会的管理员可以修改"}},
		{"grassroots takes another unit's file into its own folder", "coal-admin", func(r *testRepo) {
			r.mv("content/2025/attachments/kq-water/b.pdf", "content/2025/attachments/kq-coal/b.pdf")
		}, []string{"content/2025/attachments/kq-water/b.pdf:1:1: permission: 不能把它改名或移动为 content/2025/attachments/kq-coal/b.pdf：这是矿区供水公司工会（kq-water）的证明材料，只有该单位、其上级工会或市总工会的管理员可以修改"}},
		{"grassroots deletes another unit's attachment", "coal-admin", func(r *testRepo) {
			r.git("rm", "-q", "content/2025/attachments/kq-water/b.pdf")
		}, []string{"content/2025/attachments/kq-water/b.pdf:1:1: permission: 不能删除此文件：这是矿区供水公司工会（kq-water）的证明材料，只有该单位、其上级工会或市总工会的管理员可以修改"}},
		{"grassroots adds a file with a Chinese name to another unit", "coal-admin", func(r *testRepo) {
			r.write("content/2025/attachments/kq-water/检测 报告.pdf", "%PDF-1.4\n")
		}, []string{"content/2025/attachments/kq-water/检测 报告.pdf:1:1: permission: 不能新增此文件：这是矿区供水公司工会（kq-water）的证明材料，只有该单位、其上级工会或市总工会的管理员可以修改"}},
		{"grassroots grants himself rights in the same pull request", "coal-admin", func(r *testRepo) {
			r.write("content/units.yaml", strings.Replace(r.read("content/units.yaml"), "admins: [water-admin]", "admins: [water-admin, coal-admin]", 1))
			r.write("content/2025/submissions/kq-water/shuibeng.md", newSub)
		}, []string{
			"content/2025/submissions/kq-water/shuibeng.md:1:1: permission: 不能修改此文件：这是矿区供水公司工会（kq-water）的申报成果，只有该单位、其上级工会或市总工会的管理员可以修改",
			"content/units.yaml:1:1: permission: 不能修改此文件：单位名录（units.yaml）只有市总工会的管理员可以修改",
		}},
		{"grassroots changes code and workflows", "coal-admin", func(r *testRepo) {
			r.write("generator/x.go", "package generator // changed\n")
			r.write(".github/workflows/check.yml", "on: push\n")
		}, []string{
			".github/workflows/check.yml:1:1: permission: 不能新增此文件：content/ 以外的文件（程序、工作流、CODEOWNERS 等）只有市总工会的管理员可以修改",
			"generator/x.go:1:1: permission: 不能修改此文件：content/ 以外的文件（程序、工作流、CODEOWNERS 等）只有市总工会的管理员可以修改",
		}},
		{"grassroots changes city files", "coal-admin", func(r *testRepo) {
			r.write("content/2025/reviews/wang.yaml", "scores: {}\n")
			r.write("content/2025/results.yaml", "status: draft\nawards: []\n")
			r.write("content/pages/guide.md", "---\ntitle: 改过的指南\n---\n")
		}, []string{
			"content/2025/results.yaml:1:1: permission: 不能新增此文件：评选结果（results.yaml）只有市总工会的管理员可以修改",
			"content/2025/reviews/wang.yaml:1:1: permission: 不能新增此文件：专家评分只有该专家本人（experts.yaml 中的 login）或市总工会的管理员可以修改",
			"content/pages/guide.md:1:1: permission: 不能修改此文件：页面只有市总工会的管理员可以修改",
		}},
		{"county changes its grassroots unit's files and commends", "kq-admin", func(r *testRepo) {
			r.write("content/2025/submissions/kq-water/shuibeng.md", newSub)
			r.write("content/2025/commendations/kuangqu/2025-1.yaml", "doc: x\n")
		}, nil},
		{"county writes a grassroots union's commendation", "kq-admin", func(r *testRepo) {
			r.write("content/2025/commendations/kq-coal/x.yaml", "doc: x\n")
		}, []string{"content/2025/commendations/kq-coal/x.yaml:1:1: permission: 不能新增此文件：这是矿区煤业公司工会（kq-coal）的表彰文件，只有该单位或市总工会的管理员可以修改"}},
		{"city changes registries, reviews, results, pages and code", "city-admin", func(r *testRepo) {
			r.write("content/units.yaml", r.read("content/units.yaml")+"- {id: kq-new, name: 新单位工会, type: grassroots, sector: enterprise, parent: kuangqu}\n")
			r.write("content/2025/reviews/wang.yaml", "scores: {}\n")
			r.write("content/2025/results.yaml", "status: draft\nawards: []\n")
			r.git("rm", "-q", "content/pages/guide.md")
			r.write("generator/x.go", "package generator // changed\n")
		}, nil},
		{"grassroots edits a final year", "coal-admin", func(r *testRepo) {
			r.write("content/2023/submissions/kq-coal/pidai.md", newSub)
		}, []string{"content/2023/submissions/kq-coal/pidai.md:1:1: permission: 不能修改此文件：2023 年的评选结果已经表彰（results.yaml 的 status 为 final），这一年的申报、证明材料、表彰文件、评分和结果不能再修改；确需更正的，由市总工会的管理员在 results.yaml 的 corrections 中记录更正"}},
		{"grassroots renames out of a final year", "coal-admin", func(r *testRepo) {
			r.mv("content/2023/submissions/kq-coal/pidai.md", "content/2025/submissions/kq-coal/pidai.md")
		}, []string{"content/2023/submissions/kq-coal/pidai.md:1:1: permission: 不能把它改名或移动为 content/2025/submissions/kq-coal/pidai.md：2023 年的评选结果已经表彰（results.yaml 的 status 为 final），这一年的申报、证明材料、表彰文件、评分和结果不能再修改；确需更正的，由市总工会的管理员在 results.yaml 的 corrections 中记录更正"}},
		{"city edits a final year without recording a correction", "city-admin", func(r *testRepo) {
			r.git("rm", "-q", "content/2023/attachments/kq-coal/a.pdf")
		}, []string{"content/2023/attachments/kq-coal/a.pdf:1:1: permission: 不能删除此文件：2023 年的评选结果已经表彰（status 为 final）；修改这一年的评选材料，须在同一合并请求中向 content/2023/results.yaml 的 corrections 增加一条更正记录（日期、文号、理由）"}},
		{"city records a correction", "city-admin", func(r *testRepo) {
			r.git("rm", "-q", "content/2023/attachments/kq-coal/a.pdf")
			r.write("content/2023/results.yaml", r.read("content/2023/results.yaml")+"corrections:\n  - {date: 2024-03-01, doc: 阳工发〔2024〕3号, reason: 撤回错误上传的材料}\n")
		}, nil},
		{"county issues and edits its own bulletins", "kq-admin", func(r *testRepo) {
			r.write("content/2025/bulletins/kq-01.md", "---\ntitle: 矿区推进会\ndate: 2025-05-05\nissue: 1\nunit: kuangqu\n---\n矿区总工会召开推进会。\n")
		}, nil},
		{"county edits the city's bulletin or claims it", "kq-admin", func(r *testRepo) {
			r.write("content/2025/bulletins/city-01.md", "---\ntitle: 竞赛启动\ndate: 2025-03-05\nissue: 1\nunit: kuangqu\n---\n改了。\n")
		}, []string{"content/2025/bulletins/city-01.md:1:1: permission: 不能修改此文件：市总工会的工作简报只有市总工会的管理员可以修改"}},
		{"grassroots issues a bulletin in its county's name", "coal-admin", func(r *testRepo) {
			r.write("content/2025/bulletins/kq-02.md", "---\ntitle: 矿区推进会\ndate: 2025-05-05\nissue: 2\nunit: kuangqu\n---\n正文。\n")
		}, []string{"content/2025/bulletins/kq-02.md:1:1: permission: 不能新增此文件：这是阳泉市矿区总工会（kuangqu）的工作简报，只有该单位或市总工会的管理员可以修改"}},
		{"county adds its bulletin with a photo it shows", "kq-admin", func(r *testRepo) {
			r.write("content/2025/bulletins/kq-01.md", "---\ntitle: 矿区推进会\ndate: 2025-05-05\nissue: 1\nunit: kuangqu\n---\n推进会。\n\n![推进会现场](kq-01-huiyi.jpg)\n")
			r.write("content/2025/bulletins/kq-01-huiyi.jpg", "\xff\xd8\xff\xe0 推进会\n")
		}, nil},
		{"county adds a photo no bulletin shows, and replaces the city bulletin's", "kq-admin", func(r *testRepo) {
			r.write("content/2025/bulletins/kq-01.md", "---\ntitle: 矿区推进会\ndate: 2025-05-05\nissue: 1\nunit: kuangqu\n---\n推进会。\n\n![现场](qidong.jpg)\n")
			r.write("content/2025/bulletins/qidong.jpg", "\xff\xd8\xff\xe0 换了\n")
			r.write("content/2025/bulletins/kq-02-huiyi.jpg", "\xff\xd8\xff\xe0 没有显示\n")
		}, []string{
			"content/2025/bulletins/kq-02-huiyi.jpg:1:1: permission: 不能新增此文件：没有工作简报显示这张图片；简报的图片只有显示它的简报的发布单位或市总工会的管理员可以修改（在简报正文中写 ![说明](kq-02-huiyi.jpg) 显示它）",
			"content/2025/bulletins/qidong.jpg:1:1: permission: 不能修改此文件：市总工会的工作简报显示这张图片，只有市总工会的管理员可以修改",
		}},
		{"grassroots replaces its county bulletin's photo", "coal-admin", func(r *testRepo) {
			r.write("content/2025/bulletins/kq-01.md", "---\ntitle: 矿区推进会\ndate: 2025-05-05\nissue: 1\nunit: kuangqu\n---\n推进会。\n\n![推进会现场](kq-01-huiyi.jpg)\n")
			r.write("content/2025/bulletins/kq-01-huiyi.jpg", "\xff\xd8\xff\xe0 推进会\n")
		}, []string{
			"content/2025/bulletins/kq-01-huiyi.jpg:1:1: permission: 不能新增此文件：阳泉市矿区总工会（kuangqu）的工作简报显示这张图片，只有该单位或市总工会的管理员可以修改",
			"content/2025/bulletins/kq-01.md:1:1: permission: 不能新增此文件：这是阳泉市矿区总工会（kuangqu）的工作简报，只有该单位或市总工会的管理员可以修改",
		}},
		{"expert writes his own review, not another's", "Wang-Expert", func(r *testRepo) {
			r.write("content/2025/reviews/wang.yaml", "scores: {}\n")
			r.write("content/2025/reviews/li.yaml", "scores: {}\n")
		}, []string{"content/2025/reviews/li.yaml:1:1: permission: 不能新增此文件：专家评分只有该专家本人（experts.yaml 中的 login）或市总工会的管理员可以修改"}},
		{"county writes the assignments", "kq-admin", func(r *testRepo) {
			r.write("content/2025/assignments.yaml", "wang: []\n")
		}, []string{"content/2025/assignments.yaml:1:1: permission: 不能新增此文件：评审分配（assignments.yaml）只有市总工会的管理员可以修改"}},
		{"county issues a bulletin in a final year; its units' commendation stays closed", "kq-admin", func(r *testRepo) {
			r.write("content/2023/bulletins/kq-2023-09.md", "---\ntitle: 矿区总结\ndate: 2023-12-20\nissue: 9\nunit: kuangqu\n---\n总结。\n")
			r.write("content/2023/commendations/kuangqu/late.yaml", "doc: x\n")
		}, []string{"content/2023/commendations/kuangqu/late.yaml:1:1: permission: 不能新增此文件：2023 年的评选结果已经表彰（results.yaml 的 status 为 final），这一年的申报、证明材料、表彰文件、评分和结果不能再修改；确需更正的，由市总工会的管理员在 results.yaml 的 corrections 中记录更正"}},
		{"city adds a case and a bulletin to a final year without a correction", "city-admin", func(r *testRepo) {
			r.write("content/2023/cases/pidai.md", "---\ntitle: 案例\n---\n")
			r.write("content/2023/bulletins/2023-09.md", "---\ntitle: 总结\n---\n")
		}, nil},
		{"someone who administers nothing", "stranger", func(r *testRepo) {
			r.write("content/2025/submissions/kq-coal/pidai.md", newSub)
		}, []string{"content/2025/submissions/kq-coal/pidai.md:1:1: permission: 不能新增此文件：这是矿区煤业公司工会（kq-coal）的申报成果，只有该单位、其上级工会或市总工会的管理员可以修改"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestRepo(t, baseFiles)
			tt.change(r)
			r.commit("pull request")
			res := r.scope(tt.author)
			wantCode := ExitOK
			if len(tt.want) > 0 {
				wantCode = ExitFindings
			}
			want := ""
			for _, w := range tt.want {
				want += w + "\n"
			}
			if res.code != wantCode || res.stdout != want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", res.code, wantCode, res.stdout, want, res.stderr)
			}
		})
	}
}

func TestScopeUsage(t *testing.T) {
	r := newTestRepo(t, baseFiles)
	r.write("content/2025/submissions/kq-coal/pidai.md", "---\ntitle: 新成果\n---\n")
	r.commit("pull request")
	run := func(args ...string) ciResult {
		var out, errb strings.Builder
		code := (&Main{Stdout: &out, Stderr: &errb, Getenv: os.Getenv}).Run(append([]string{"scope", "--root", r.dir}, args...))
		return ciResult{code, out.String(), errb.String()}
	}
	t.Setenv("GITHUB_ACTOR", "")
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--author", "coal-admin"}, ExitUsage, "缺少 --base"},
		{[]string{"--base", "origin/main"}, ExitUsage, "缺少 --author"},
		{[]string{"--base", "origin/nope", "--author", "coal-admin"}, ExitUsage, "找不到基准版本 origin/nope"},
		{[]string{"--base", "--upload-pack=x", "--author", "coal-admin"}, ExitUsage, "不能以 - 开头"},
		{[]string{"--base", "origin/main", "--author", "coal-admin", "--format", "xml"}, ExitUsage, "未知的输出格式"},
		{[]string{"--base", "origin/main", "--author", "coal-admin"}, ExitOK, "权限检查通过：coal-admin 可以做出这 1 处改动"},
		{[]string{"--base", "origin/main", "--author", "water-admin"}, ExitFindings, "权限检查未通过：1 处改动中有 1 处不允许"},
	} {
		if res := run(tt.args...); res.code != tt.code || !strings.Contains(res.stderr, tt.msg) {
			t.Errorf("scope %q: exit %d, stderr %q; want %d and %q", tt.args, res.code, res.stderr, tt.code, tt.msg)
		}
	}
	t.Setenv("GITHUB_ACTOR", "Coal-Admin")
	if res := run("--base", "origin/main"); res.code != ExitOK || !strings.Contains(res.stderr, "矿区煤业公司工会（kq-coal）") {
		t.Errorf("GITHUB_ACTOR not used: %d %q", res.code, res.stderr)
	}
	notGit := t.TempDir()
	var out, errb strings.Builder
	if code := (&Main{Stdout: &out, Stderr: &errb, Getenv: os.Getenv}).Run([]string{"scope", "--root", notGit, "--base", "main", "--author", "x"}); code != ExitUsage {
		t.Errorf("outside a repository: exit %d, %s", code, errb.String())
	}
}

func TestScopeFormats(t *testing.T) {
	r := newTestRepo(t, baseFiles)
	r.write("content/units.yaml", r.read("content/units.yaml")+"# 注释\n")
	r.commit("pull request")
	for format, want := range map[string]string{
		"github": "::error file=content/units.yaml,line=1,col=1,title=permission::不能修改此文件：单位名录（units.yaml）只有市总工会的管理员可以修改\n",
		"json":   `"message": "不能修改此文件：单位名录（units.yaml）只有市总工会的管理员可以修改"`,
	} {
		var out, errb strings.Builder
		code := (&Main{Stdout: &out, Stderr: &errb, Getenv: os.Getenv}).Run([]string{"scope", "--root", r.dir, "--base", "origin/main", "--author", "kq-admin", "--format", format})
		if code != ExitFindings || !strings.Contains(out.String(), want) {
			t.Errorf("%s: exit %d\n%s\nwant %s", format, code, out.String(), want)
		}
	}
}

// TestScopeSubfolder keeps content/ below the repository's top: paths are judged
// relative to --root, and files above it are outside content/.
func TestScopeSubfolder(t *testing.T) {
	files := map[string]string{"go.mod": "module x\n"}
	for p, data := range baseFiles {
		files["site/"+p] = data
	}
	r := newTestRepo(t, files)
	r.write("site/content/2025/submissions/kq-coal/pidai.md", "---\ntitle: 新成果\n---\n")
	r.write("go.mod", "module y\n")
	r.commit("pull request")
	res := runCI(t, ciCommands["scope"], map[string]string{"GITHUB_WORKSPACE": filepath.Join(r.dir, "site"), "GITHUB_BASE_REF": "main", "PR_AUTHOR": "coal-admin"})
	want := "../go.mod:1:1: permission: 不能修改此文件：content/ 以外的文件（程序、工作流、CODEOWNERS 等）只有市总工会的管理员可以修改\n"
	if res.code != ExitFindings || res.stdout != want {
		t.Errorf("exit %d\n%s\nwant %s\n%s", res.code, res.stdout, want, res.stderr)
	}
}

// TestCheckCommand runs the workflow's check on the base tree (clean) and after a
// pull request that breaks a file (annotated, exit 1).
func TestCheckCommand(t *testing.T) {
	clean := map[string]string{}
	for p, data := range baseFiles {
		if !strings.Contains(p, "/submissions/") && !strings.Contains(p, "/attachments/") {
			clean[p] = data
		}
	}
	r := newTestRepo(t, clean)
	t.Chdir(r.dir)
	if res := runCI(t, ciCommands["check"], nil); res.code != ExitOK || res.stdout != "" {
		t.Fatalf("check on the base: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	r.write("content/2025/competition.yaml", "year: 2025\n")
	res := runCI(t, ciCommands["check"], nil)
	if res.code != ExitFindings || !strings.HasPrefix(res.stdout, "::error file=content/2025/competition.yaml,") {
		t.Errorf("check on a broken file: exit %d\n%s", res.code, res.stdout)
	}
}

func TestCodeownersCommand(t *testing.T) {
	r := newTestRepo(t, baseFiles)
	var out, errb strings.Builder
	if code := (&Main{Stdout: &out, Stderr: &errb, Getenv: os.Getenv}).Run([]string{"codeowners", "--root", r.dir}); code != ExitOK {
		t.Fatalf("codeowners: exit %d, %s", code, errb.String())
	}
	for _, line := range []string{"* @city-admin\n", "/content/*/submissions/kq-coal/ @kq-admin @city-admin\n", "/content/*/commendations/kuangqu/ @city-admin\n"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("CODEOWNERS lacks %q:\n%s", line, out.String())
		}
	}
	// check is silent without the file, quiet once it is written, and warns when it goes stale.
	t.Chdir(r.dir)
	check := func() string { return runCI(t, ciCommands["check"], nil).stdout }
	if got := check(); strings.Contains(got, "codeowners") {
		t.Errorf("check warns without a CODEOWNERS file:\n%s", got)
	}
	if code := (&Main{Stdout: &out, Stderr: &errb, Getenv: os.Getenv}).Run([]string{"codeowners", "--root", r.dir, "--write"}); code != ExitOK {
		t.Fatalf("codeowners --write: exit %d, %s", code, errb.String())
	}
	if got := r.read(".github/CODEOWNERS"); got != out.String() {
		t.Errorf("written file differs from the printed one")
	}
	if got := check(); strings.Contains(got, "codeowners") {
		t.Errorf("check warns on a fresh CODEOWNERS:\n%s", got)
	}
	r.write("content/units.yaml", strings.Replace(r.read("content/units.yaml"), "admins: [kq-admin]", "admins: [kq-admin2]", 1))
	if got := check(); !strings.Contains(got, "::warning file=.github/CODEOWNERS,line=") {
		t.Errorf("check is silent on a stale CODEOWNERS:\n%s", got)
	}
	r.write("content/units.yaml", "- {id: yq, name: [坏]}\n")
	if code := (&Main{Stdout: &out, Stderr: &errb, Getenv: os.Getenv}).Run([]string{"codeowners", "--root", r.dir}); code != ExitFindings {
		t.Errorf("codeowners on a broken units.yaml: exit %d", code)
	}
}

// TestCodeownersRefusesANameOfTwoLines: a unit name holding a line break was written into
// CODEOWNERS' comment line, its rest a line of its own ("* @mallory": mallory the owner of
// units.yaml, the workflows and CODEOWNERS itself). It is refused at the name, for both
// forges, and nothing is written.
func TestCodeownersRefusesANameOfTwoLines(t *testing.T) {
	r := newTestRepo(t, baseFiles)
	units := strings.Split(r.read("content/units.yaml"), "\n")
	at := ""
	for i, l := range units {
		if c := strings.Index(l, "name: 矿区煤业公司工会,"); c >= 0 {
			units[i] = strings.Replace(l, "矿区煤业公司工会", `"矿区煤业公司工会\n* @mallory\n#"`, 1)
			at = fmt.Sprintf("content/units.yaml:%d:%d:", i+1, c+len("name: ")+1)
		}
	}
	if at == "" {
		t.Fatal("no 矿区煤业公司工会 in the base's units.yaml")
	}
	r.write("content/units.yaml", strings.Join(units, "\n"))
	for _, forge := range []string{"github", "gitea"} {
		var out, errb strings.Builder
		code := (&Main{Stdout: &out, Stderr: &errb, Getenv: os.Getenv}).Run([]string{"codeowners", "--root", r.dir, "--forge", forge, "--write"})
		if code != ExitFindings || strings.Contains(out.String(), "mallory") {
			t.Errorf("%s: exit %d, printed:\n%s", forge, code, out.String())
		}
		if !strings.Contains(errb.String(), at) || !strings.Contains(errb.String(), "含有换行") {
			t.Errorf("%s: no error at %s saying the name holds a line break:\n%s", forge, at, errb.String())
		}
	}
	for _, f := range []string{".github/CODEOWNERS", ".gitea/CODEOWNERS"} {
		if _, err := os.Stat(filepath.Join(r.dir, f)); err == nil {
			t.Errorf("%s written", f)
		}
	}
}

// TestCodeownersCommandGitea: --forge gitea writes .gitea/CODEOWNERS in regular
// expressions, never .github/; with site.yaml's forge set, the flag is not needed.
func TestCodeownersCommandGitea(t *testing.T) {
	r := newTestRepo(t, baseFiles)
	var out, errb strings.Builder
	run := func(args ...string) int {
		out.Reset()
		errb.Reset()
		return (&Main{Stdout: &out, Stderr: &errb, Getenv: os.Getenv}).Run(append([]string{"codeowners", "--root", r.dir}, args...))
	}
	if code := run("--forge", "gitea", "--write"); code != ExitOK {
		t.Fatalf("codeowners --forge gitea --write: exit %d, %s", code, errb.String())
	}
	got := r.read(".gitea/CODEOWNERS")
	for _, line := range []string{".* @city-admin\n", "content/[0-9]+/submissions/kq-coal/.* @kq-admin @city-admin\n"} {
		if !strings.Contains(got, line) {
			t.Errorf(".gitea/CODEOWNERS lacks %q:\n%s", line, got)
		}
	}
	if _, err := os.Stat(filepath.Join(r.dir, ".github", "CODEOWNERS")); err == nil {
		t.Error("--forge gitea wrote .github/CODEOWNERS")
	}
	r.write("content/site.yaml", r.read("content/site.yaml")+"forge: forgejo\n")
	if code := run(); code != ExitOK || !strings.Contains(out.String(), "--forge forgejo --write") || !strings.Contains(out.String(), ".* @city-admin") {
		t.Errorf("codeowners with site.yaml forge: forgejo: exit %d\n%s", code, out.String())
	}
	if code := run("--forge", "gitee"); code != ExitUsage || !strings.Contains(errb.String(), "gitee") {
		t.Errorf("--forge gitee: exit %d, %s", code, errb.String())
	}
}

func TestPagesCommand(t *testing.T) {
	r := newTestRepo(t, baseFiles)
	r.write("content/pages/guide.md", "---\ntitle: 新版申报指南\n---\n按通知申报。\n")
	r.write("content/2025/submissions/kq-coal/pidai.md", "---\ntitle: 新成果\n---\n")
	r.write("generator/x.go", "package generator // changed\n")
	r.commit("pull request")
	t.Chdir(r.dir)
	tmp := t.TempDir()
	res := runCI(t, ciCommands["pages"], map[string]string{"GITHUB_BASE_REF": "main", "RUNNER_TEMP": tmp})
	if res.code != ExitOK || res.stdout != "" {
		t.Fatalf("pages: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	data, err := os.ReadFile(filepath.Join(tmp, "pages.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| 修改 | [新版申报指南](https://example.org/wuxiao/pages/guide/) | `content/pages/guide.md` |",
		"- `content/2025/submissions/kq-coal/pidai.md`：申报成果尚未获奖或结果尚未公示",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("pages.md lacks %q:\n%s", want, data)
		}
	}
	if strings.Contains(string(data), "generator/x.go") {
		t.Errorf("pages.md lists a code file:\n%s", data)
	}
	if res := runCI(t, `go run ./cmd/wuxiao pages --base origin/nope`, nil); res.code != ExitUsage {
		t.Errorf("pages with an unknown base: exit %d", res.code)
	}
}

// TestScopeRefusesACrissCross: a pull request whose branch and main have two merge bases
// (each merged the other) is not judged: git diff main...HEAD compares with one of them,
// the one its author dated last, and the merge can take back a city change the diff never
// shows. Found by an attacker's review: a unit admin whom the city had removed from
// units.yaml put himself back by such a merge, scope passing it with "0 处改动".
func TestScopeRefusesACrissCross(t *testing.T) {
	r := newTestRepo(t, baseFiles)
	date := func(d string) { t.Setenv("GIT_COMMITTER_DATE", d); t.Setenv("GIT_AUTHOR_DATE", d) }
	r.git("checkout", "-q", "-b", "earlier", "main") // an earlier pull request of coal-admin, dated late
	r.write("content/2025/submissions/kq-coal/pidai.md", "---\ntitle: 新成果\n---\n")
	date("2030-01-01T00:00:00")
	r.commit("C")
	r.git("checkout", "-q", "main") // meanwhile the city removes coal-admin
	r.write("content/units.yaml", strings.Replace(r.read("content/units.yaml"), "admins: [coal-admin]", "admins: [new-admin]", 1))
	date("2029-01-01T00:00:00")
	r.commit("P'")
	date("2030-01-02T00:00:00")
	r.git("merge", "-q", "--no-ff", "-m", "M1", "earlier")
	r.git("update-ref", "refs/remotes/origin/main", "HEAD")
	r.git("checkout", "-q", "-B", "pr", "earlier") // merges P' keeping the units.yaml of before
	r.git("merge", "-q", "--no-ff", "-m", "merge main", "main^1")
	r.git("checkout", "earlier", "--", "content/units.yaml")
	r.git("commit", "-q", "--amend", "--no-edit")
	res := r.scope("coal-admin")
	if res.code == ExitOK || !strings.Contains(res.stdout+res.stderr, "2 个共同的起点") {
		t.Errorf("exit %d, want a refusal of the criss-cross\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
}
