package main

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

// ladderYear is a 2027 competition asking for the notice's whole ladder [五(三)].
const ladderYear = `year: 2027
title: 2027年阳泉市职工“五小”竞赛
phases:
  organize: {from: 2027-03-01, to: 2027-09-30}
  review: {from: 2027-10-01, to: 2027-11-30}
  award: {from: 2027-12-01, to: 2027-12-31}
prior_commendation: [grassroots, county]
quotas: {一等奖: 1, 二等奖: 2}
rubric:
  - {key: innovation, name: 创新性, max: 50}
  - {key: benefit, name: 效益, max: 50}
min_reviews: 1
`

// ladderSubmission is a valid declaration of a unit's result, with one proof attachment.
func ladderSubmission(title, author, submitted, sum, body string) string {
	return "---\ntitle: " + title + "\ncategory: 小革新\ninnovation: 装备创新\ngroup: 职工\nauthors:\n  - {name: " + author + "}\nsubmitted: " + submitted +
		"\ncompleted: 2027-05-01\nsummary: " + title + "，已在本单位投入使用。\nbenefit:\n  economic: 3.5\nattachments:\n  - {file: yingyong.pdf, title: 应用证明, sha256: " + sum + "}\n---\n" + body + "\n"
}

// TestLadderPullRequests plays the 申报 of [五(二)] and [五(三)] as the contract's v2 reads it,
// in a real Git repository: two grassroots units each declare a result in their own pull
// request (submission, proof, their own commendation), which passes `check` with only a
// warning naming the county and its deadline and passes `scope` for the unit's admin; once
// both are merged, the county recommends both results in a pull request of its own, which
// passes `check --strict` and `scope` for the county's admin. Without that recommendation
// the pending results become errors after organize.to.
func TestLadderPullRequests(t *testing.T) {
	files := testtree.Files(t, testtree.Base())
	files["content/units.yaml"] += "- {id: kuangqu-mine2, name: 矿区第二煤矿工会, type: grassroots, sector: enterprise, parent: kuangqu, admins: [mine2-admin]}\n"
	files["content/2027/competition.yaml"] = ladderYear
	r := newTestRepo(t, files)

	check := func(now string, extra ...string) ciResult {
		t.Helper()
		return runCI(t, "go run ./cmd/wuxiao check --root "+r.dir+" --now "+now+" "+strings.Join(extra, " "), nil)
	}
	units := []struct{ unit, admin, slug, title, author, submitted, body string }{
		{"kuangqu-mine1", "mine1-admin", "jiaoche-runhua", "绞车钢丝绳自动润滑装置", "赵铁柱", "2027-06-10",
			"井下绞车钢丝绳过去靠人工定期涂抹润滑脂，涂抹不均、耗油多，还要停车作业。班组利用废旧油泵和定量阀制作了自动润滑装置，钢丝绳运行时按设定的间隔喷出适量油雾，覆盖均匀。装置投入使用以来，钢丝绳锈蚀明显减少，润滑脂用量下降四成，岗位工人不再靠近运行中的滚筒作业。"},
		{"kuangqu-mine2", "mine2-admin", "fengmen-bisuo", "井下风门自动闭锁改造", "钱进", "2027-07-02",
			"矿井主要通风巷道的两道风门常因行人同时打开而造成风流短路。通风区职工在风门上加装行程开关和电磁锁，一道门开启时另一道自动锁闭，并在两侧装了声光提示。改造后再未发生风流短路，通风设施检查的扣分项全部消除，每班还节省了专职看门的人员。"},
	}
	for i, u := range units {
		t.Run("unit "+u.unit, func(t *testing.T) {
			r.git("checkout", "-q", "-B", "pr", "main")
			pdf := "%PDF-1.4\n% " + u.title + "的应用证明\n"
			sum := sha256.Sum256([]byte(pdf))
			r.write("content/2027/submissions/"+u.unit+"/"+u.slug+".md", ladderSubmission(u.title, u.author, u.submitted, hex.EncodeToString(sum[:]), u.body))
			r.write("content/2027/attachments/"+u.unit+"/yingyong.pdf", pdf)
			r.write("content/2027/commendations/"+u.unit+"/2027-wuxiao.yaml", "doc: 工会发〔2027〕"+string(rune('1'+i))+"号\ndate: 2027-06-01\nawards:\n  - {submission: "+u.unit+"/"+u.slug+", award: 一等奖}\n")
			r.commit("申报 " + u.title)
			res := check("2027-07-15")
			want := "content/2027/submissions/" + u.unit + "/" + u.slug + ".md:2:1: prior-commendation: warning: 矿区总工会尚未推荐（表彰）本成果：须在 2027-09-30（组织推进阶段截止日）前"
			if res.code != ExitOK || !strings.Contains(res.stdout, want) || strings.Count(res.stdout, "\n") != i+1 || strings.Count(res.stdout, ": warning: ") != i+1 {
				t.Errorf("check of the unit's pull request: exit %d\n%s%s\nwant exit 0, only warnings of pending results, one of them %s", res.code, res.stdout, res.stderr, want)
			}
			if res := r.scope(u.admin); res.code != ExitOK || res.stdout != "" {
				t.Errorf("scope of the unit's pull request for %s: exit %d\n%s%s", u.admin, res.code, res.stdout, res.stderr)
			}
			r.git("checkout", "-q", "main")
			r.git("merge", "-q", "--ff-only", "pr")
			r.git("update-ref", "refs/remotes/origin/main", "HEAD")
		})
	}

	t.Run("no recommendation after organize.to", func(t *testing.T) {
		res := check("2027-10-08")
		for _, u := range units {
			want := "content/2027/submissions/" + u.unit + "/" + u.slug + ".md:2:1: prior-commendation: 矿区总工会在组织推进阶段截止日 2027-09-30 前没有推荐（表彰）本成果"
			if res.code != ExitFindings || !strings.Contains(res.stdout, want) {
				t.Errorf("check after organize.to: exit %d\n%s\nwant exit 1 and %s", res.code, res.stdout, want)
			}
		}
	})

	t.Run("county recommends both", func(t *testing.T) {
		r.git("checkout", "-q", "-B", "pr", "main")
		r.write("content/2027/commendations/kuangqu/2027-tuijian.yaml", "doc: 矿区工发〔2027〕9号\ndate: 2027-09-20\nawards:\n  - {submission: kuangqu-mine1/jiaoche-runhua, award: 一等奖}\n  - {submission: kuangqu-mine2/fengmen-bisuo, award: 二等奖}\n")
		r.commit("矿区总工会推荐两项成果")
		if res := check("2027-09-25", "--strict"); res.code != ExitOK || res.stdout != "" {
			t.Errorf("check --strict of the county's pull request: exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
		if res := check("2027-10-08", "--strict"); res.code != ExitOK || res.stdout != "" {
			t.Errorf("check --strict after organize.to: exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
		if res := r.scope("kuangqu-union"); res.code != ExitOK || res.stdout != "" {
			t.Errorf("scope of the county's pull request: exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
		if res := r.scope("mine1-admin"); res.code != ExitFindings {
			t.Errorf("a unit wrote its county's recommendation, scope passed:\n%s", res.stdout)
		}
	})
}
