package ruleset

import (
	"fmt"
	"strconv"
	"strings"
	"wuxiao/generator/rules"

	"wuxiao/generator/award"
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// checkResults holds the city's decision to the notice [五(三)], [六(四)]: awarded results exist
// and pass every other rule, quotas hold, each has enough reviews, awards follow the score
// order and minimum scores unless an override says why, and a final decision has its
// document number and an ended public-notice window. It runs last: it reads the other rules' errors.
func checkResults(ctx *rules.Context, out *diag.List) {
	failing := ctx.Failing
	for _, y := range ctx.Tree.Years {
		r := y.Results
		if r == nil || y.Competition == nil {
			continue
		}
		checkStatus(ctx, y, r, out)
		checkWinningUnits(ctx, y, r, out)
		checkRevocations(ctx, y, r, out)
		if ctx.Tree.BrokenIn(content.Place{Kind: content.KindReview, Year: y.Year}.Dir()) {
			continue // scores cannot be told while a review file is unreadable: that is the one error
		}
		scores := award.Scores(y, ctx.Conflict)
		// Failing submissions take no place, except awarded ones: each of those gets its own
		// error below, and the others are judged in the order the committee saw.
		skip := award.Ineligible(y, ctx.Failing)
		for _, a := range r.Awards {
			delete(skip, a.Submission)
		}
		proposals := award.Propose(y.Competition, scores, skip)
		proposal := proposalsOf(proposals, r.Awards)
		anyProposed := false
		for i := range proposals {
			anyProposed = anyProposed || proposals[i].Award != ""
		}
		count := map[string]int{}
		seen := make(map[string]bool, len(r.Awards))
		overridden := false
		for _, a := range r.Awards {
			overridden = overridden || a.Override != ""
		}
		for _, a := range r.Awards {
			pos := a.Pos.At("submission")
			s := ctx.Submission(y.Year, a.Submission)
			if s == nil || a.Award == "" {
				continue
			}
			if seen[a.Submission] {
				out.Errorf(pos, "results", "成果 %s 在评选结果中重复出现", a.Submission)
				continue
			}
			seen[a.Submission] = true
			count[a.Award]++
			if q, ok := y.Competition.Quotas[a.Award]; count[a.Award] > q {
				if !ok {
					q = 0
				}
				out.Errorf(a.Pos.At("award"), "results", "%s 的名额为 %d 个，这是第 %d 个，超出名额", a.Award, q, count[a.Award])
			}
			if failing[s.File] && a.Revoked == nil {
				out.Errorf(pos, "results", "获奖成果 %s 未通过其他规则的检查（见 %s 的错误），不能获奖", a.Submission, s.File)
				continue
			}
			p := proposal.get(a.Submission)
			if n := len(p.Sums); n < y.Competition.MinReviews {
				out.Errorf(pos, "results", "成果 %s 只有 %d 位专家的有效评分，至少需要 %d 位才能评奖", a.Submission, n, y.Competition.MinReviews)
				continue
			}
			if a.Override != "" {
				continue
			}
			if m, ok := y.Competition.MinScores[a.Award]; ok && p.Value < m {
				out.Errorf(a.Pos.At("award"), "results", "成果 %s 得分 %.2f，低于%s的最低分 %g；如确需授予，请填写 override 说明理由", a.Submission, p.Value, a.Award, m)
				continue
			}
			if p.Award != a.Award {
				want := p.Award
				if want == "" {
					want = "不获奖"
				}
				out.Errorf(a.Pos.At("award"), "results", "按评分顺序，成果 %s（得分 %.2f，第 %d 名）应为%s，而不是%s；如确需调整，请填写 override 说明理由", a.Submission, p.Value, p.Rank, want, a.Award)
			}
		}
		if !overridden && anyProposed {
			var missing []string
			var id []byte
			for i := range proposals { // in the scores' order
				p := &proposals[i]
				if id = p.Submission.AppendID(id[:0]); p.Award != "" && !seen[string(id)] {
					missing = append(missing, fmt.Sprintf("%s（%.2f 分，应为%s）", p.Submission.ID(), p.Value, p.Award))
				}
			}
			if len(missing) > 0 {
				out.Errorf(r.Pos.At("awards"), "results", "按评分顺序应获奖但未列入评选结果：%s；如确有理由不授奖，请在调整的奖项上填写 override", strings.Join(missing, "、"))
			}
		}
	}
}

// awardedProposals holds the proposals (award.Propose: one a score) of the submissions
// a year's awards name, by ID. It makes no string of a submission's ID (the keys are the
// awards' own): at 100,000 submissions a map of every proposal by an ID made for it was
// 100,000 allocations and 40 MB at each check.
type awardedProposals struct {
	slot map[string]int    // an awarded ID → its place in of
	of   []*award.Proposal // nil for an ID no proposal has
}

func proposalsOf(proposals []award.Proposal, awards []content.CityAward) awardedProposals {
	a := awardedProposals{slot: make(map[string]int, len(awards))}
	for _, aw := range awards {
		if _, ok := a.slot[aw.Submission]; !ok {
			a.slot[aw.Submission] = len(a.slot)
		}
	}
	a.of = make([]*award.Proposal, len(a.slot))
	var id []byte
	for i := range proposals {
		id = proposals[i].Submission.AppendID(id[:0])
		if k, ok := a.slot[string(id)]; ok {
			a.of[k] = &proposals[i] // the last of an ID, as a map by ID would hold
		}
	}
	return a
}

// get is the proposal of awarded submission id, the zero proposal when none is.
func (a awardedProposals) get(id string) award.Proposal {
	if k, ok := a.slot[id]; ok && a.of[k] != nil {
		return *a.of[k]
	}
	return award.Proposal{}
}

// checkStatus enforces what each status needs: a notice window, and for final a document
// number and a window that has ended.
func checkStatus(ctx *rules.Context, y *content.Year, r *content.Results, out *diag.List) {
	if r.Status != "notice" && r.Status != "final" {
		return
	}
	if r.Notice == nil {
		out.Missingf(r.Pos.At("status"), "notice", "results", "状态为 %s 时须填写公示期 notice: {from, to}", r.Status)
	} else {
		checkNoticeWindow(y.Competition, r.Notice, out)
	}
	if r.Status != "final" {
		return
	}
	if strings.TrimSpace(r.Doc) == "" {
		out.Missingf(r.Pos.At("status"), "doc", "results", "状态为 final（表彰）时须填写表彰决定文号 doc")
	}
	if r.Notice != nil && !r.Notice.To.IsZero() && !r.Notice.To.Before(ctx.Now.Time) {
		out.Add(diag.Diagnostic{Pos: r.Pos.At("status"), Rule: "results", Severity: diag.Error, About: "notice",
			Msg: fmt.Sprintf("公示期到 %s 才结束，公示期满之前不能定为 final", r.Notice.To)})
	}
}

// checkNoticeWindow holds the public notice (公示) to the year's steps (v2): it lasts at least
// notice_days calendar days (both ends counted), starts after organize.to and ends by award.to.
func checkNoticeWindow(c *content.Competition, n *content.Span, out *diag.List) {
	if n.From.IsZero() || n.To.IsZero() {
		return
	}
	if n.To.Before(n.From.Time) {
		out.Errorf(n.Pos.At("to"), "results", "公示期结束日期 %s 早于开始日期 %s", n.To, n.From)
		return
	}
	if days := int(n.To.Sub(n.From.Time).Hours()/24) + 1; days < c.MinNoticeDays() {
		out.Errorf(n.Pos.At("to"), "results", "公示期 %s 至 %s 只有 %d 天，至少应为 %d 天（competition.yaml 的 notice_days）", n.From, n.To, days, c.MinNoticeDays())
	}
	p := c.Phases
	if !p.Organize.To.IsZero() && !n.From.After(p.Organize.To.Time) {
		out.Errorf(n.Pos.At("from"), "results", "公示期应在组织推进阶段结束（%s）之后开始，而不是 %s", p.Organize.To, n.From)
	}
	if !p.Award.To.IsZero() && !p.Award.To.Before(p.Award.From.Time) && n.To.After(p.Award.To.Time) {
		out.Errorf(n.Pos.At("to"), "results", "公示期应在表彰奖励阶段结束（%s）之前结束，而不是 %s", p.Award.To, n.To)
	}
}

// checkWinningUnits holds 优胜单位 [六(四)] to registered units other than the city, each with
// a result of this year from itself or a unit under it (v2).
func checkWinningUnits(ctx *rules.Context, y *content.Year, r *content.Results, out *diag.List) {
	seen := map[string]bool{}
	for i, id := range r.WinningUnits {
		pos := r.Pos.At("winning_units")
		u := ctx.Units[id]
		switch {
		case u == nil:
			continue // rule ref names it
		case seen[id]:
			out.Errorf(pos, "results", "优胜单位第 %d 项 %s 重复", i+1, u.Name)
		case u.Type == "city":
			out.Errorf(pos, "results", "优胜单位第 %d 项是%s本身；优胜单位应为参赛的县区、产业、市直工会或基层单位", i+1, u.Name)
		default:
			took := false
			for p := range ctx.Tree.Broken {
				if pl := content.Classify(p); pl.Kind == content.KindSubmission && pl.Year == y.Year && ctx.Within(pl.Owner, id) {
					took = true // its file is broken: that file's error is the one to fix
				}
			}
			for _, s := range y.Submissions {
				if ctx.Within(s.Unit, id) {
					took = true
					break
				}
			}
			if !took {
				out.Errorf(pos, "results", "优胜单位第 %d 项 %s 本年度没有本单位或下属单位申报的成果", i+1, u.Name)
			}
		}
		seen[id] = true
	}
}

// checkRevocations lets revoked (v2) withdraw an award only once it is final, and keeps any
// award off a submission that banned.yaml names, unless that award is revoked [六(三)].
func checkRevocations(ctx *rules.Context, y *content.Year, r *content.Results, out *diag.List) {
	banned := map[string]*content.Ban{}
	for _, b := range ctx.Tree.Banned {
		if b.Submission != "" && banned[b.Submission] == nil {
			banned[b.Submission] = b
		}
	}
	for _, a := range r.Awards {
		if a.Revoked != nil {
			if r.Status != "final" {
				out.Errorf(a.Pos.At("revoked"), "results", "只有已表彰（final）的奖项才能撤销；%s 状态下请直接从 awards 中删除 %s", r.Status, a.Submission)
			}
			if d := a.Revoked.Date; !d.IsZero() && d.After(ctx.Now.Time) {
				out.Errorf(a.Revoked.Pos.At("date"), "results", "撤销日期 %s 晚于今天（%s）", d, ctx.Now)
			}
			continue
		}
		if b := banned[strconv.Itoa(y.Year)+"/"+a.Submission]; b != nil {
			out.Errorf(a.Pos.At("submission"), "results", "成果 %s 因“%s”被列入禁止名单（%s 决定），不能获奖；已表彰的，请在本条加 revoked: {date, doc, reason} 撤销", a.Submission, b.Reason, b.Decided)
		}
	}
}
