package rules

import (
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// reportProofReuse is the second half of rule duplicate (v2): a proof attachment whose
// sha256 equals one in another unit's submission, of any year, is reported on the later
// submission as 疑似冒用证明材料 [六(三)], unless cleared.yaml holds the pair.
func reportProofReuse(ctx *Context, out *diag.List) {
	var subs []*content.Submission
	for _, y := range ctx.Tree.Years {
		subs = append(subs, y.Submissions...)
	}
	sortByAge(subs)
	cleared := map[[2]string]bool{}
	for _, c := range ctx.Tree.Cleared {
		cleared[[2]string{c.A, c.B}], cleared[[2]string{c.B, c.A}] = true, true
	}
	type first struct {
		sub  *content.Submission
		file string
	}
	seen := map[string][]first{}
	for _, s := range subs {
		for _, a := range s.Attachments {
			sum := strings.ToLower(strings.TrimSpace(a.SHA256))
			if len(sum) != 64 {
				continue
			}
			for _, f := range seen[sum] {
				if f.sub.Unit == s.Unit || cleared[[2]string{f.sub.GlobalID(), s.GlobalID()}] {
					continue
				}
				out.Errorf(a.Pos.At("sha256"), "duplicate", "疑似冒用证明材料：%s 与 %s 的证明材料 %s 完全相同（SHA-256 一致）；如确属两个单位共用的材料，须经市总工会核查后登记在 content/cleared.yaml",
					a.File, f.sub.File, f.file)
				break
			}
			seen[sum] = append(seen[sum], first{s, a.File})
		}
	}
}
