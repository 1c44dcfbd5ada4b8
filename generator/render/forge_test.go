package render

import (
	"strings"
	"testing"
)

// TestForgeLinksAndFilings: site.yaml's forge decides the objection form's and the
// 申报表's links; icp and police_filing appear in every page's footer.
func TestForgeLinksAndFilings(t *testing.T) {
	tree := loadTree(t, minimalRoot)
	y := tree.Years[len(tree.Years)-1]
	r := *y.Results
	r.Status, r.Doc = "notice", ""
	y.Results = &r
	site := *tree.Site
	site.RepoURL, site.Forge = "https://git.yq.cn/union/wuxiao/", "gitea"
	site.ICP, site.PoliceFiling = "晋ICP备12345678号-1", "晋公网安备 14030002000123号"
	tree.Site = &site
	out, _ := renderTree(t, tree, "2023-12-06")
	notice := string(out.files["2023/notice/index.html"])
	if want := `href="https://git.yq.cn/union/wuxiao/issues/new?template=.github%2fISSUE_TEMPLATE%2fobjection.yml"`; !strings.Contains(strings.ToLower(notice), strings.ToLower(want)) {
		t.Errorf("notice page lacks the Gitea objection form link %s", want)
	}
	if submit := string(out.files["submit/index.html"]); !strings.Contains(submit, "<strong>申报已截止</strong>") || strings.Contains(submit, `<form id="submit-form"`) {
		t.Errorf("after the organize phase the submit page still offers a submission:\n%s", submit)
	}
	open, _ := renderTree(t, tree, "2023-06-01")
	want := `data-new-file="https://git.yq.cn/union/wuxiao/_new/main/content/2023/submissions/WXUNIT/?filename=WXNAME.md&amp;value=WXVALUE"`
	if submit := string(open.files["submit/index.html"]); !strings.Contains(submit, want) || !strings.Contains(submit, `min="2023-03-01" max="2023-09-30"`) {
		t.Errorf("submit page in the organize phase lacks the Gitea new-file page %s or the phase's dates", want)
	}
	pages := 0
	for name, data := range out.files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		page := string(data)
		if !strings.Contains(page, `<a href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">晋ICP备12345678号-1</a>`) ||
			!strings.Contains(page, `<a href="https://beian.mps.gov.cn/#/query/webSearch?code=14030002000123" rel="noopener" target="_blank">晋公网安备 14030002000123号</a>`) {
			t.Errorf("%s: footer lacks the filing numbers", name)
		}
	}
	if pages < 10 {
		t.Fatalf("only %d pages rendered", pages)
	}
}
