package link

import "testing"

func TestShapes(t *testing.T) {
	gh := New("https://github.com/yq-union/wuxiao/", "")
	gt := New("https://git.yq.cn/union/wuxiao", "gitea")
	fj := New("https://code.yq.cn/union/wuxiao", "Forgejo")
	for _, c := range []struct{ got, want string }{
		{gh.Home(), "https://github.com/yq-union/wuxiao"},
		{gh.File("content/units.yaml"), "https://github.com/yq-union/wuxiao/blob/main/content/units.yaml"},
		{gt.File("content/units.yaml"), "https://git.yq.cn/union/wuxiao/src/branch/main/content/units.yaml"},
		{gh.Edit("content/2026/submissions/u/a b.md"), "https://github.com/yq-union/wuxiao/edit/main/content/2026/submissions/u/a%20b.md"},
		{gt.Edit("content/pages/指南.md"), "https://git.yq.cn/union/wuxiao/_edit/main/content/pages/%E6%8C%87%E5%8D%97.md"},
		{gh.NewFile("content/2026/submissions/u/", "a.md", "标题: x\n"),
			"https://github.com/yq-union/wuxiao/new/main/content/2026/submissions/u/?filename=a.md&value=%E6%A0%87%E9%A2%98%3A%20x%0A"},
		{gt.NewFile("content/2026/submissions/u", "a.md", "x y"),
			"https://git.yq.cn/union/wuxiao/_new/main/content/2026/submissions/u/?filename=a.md&value=x%20y"},
		{fj.NewFile("", "a.md", ""), "https://code.yq.cn/union/wuxiao/_new/main/?filename=a.md&value="},
		{gh.IssueForm("objection.yml"), "https://github.com/yq-union/wuxiao/issues/new?template=objection.yml"},
		{gt.IssueForm("objection.yml"), "https://git.yq.cn/union/wuxiao/issues/new?template=.github%2FISSUE_TEMPLATE%2Fobjection.yml"},
		{gh.PullRequest("sub-1", "new-submission.md"), "https://github.com/yq-union/wuxiao/compare/main...sub-1?quick_pull=1&template=new-submission.md"},
		{fj.PullRequest("sub-1", "reviews.md"), "https://code.yq.cn/union/wuxiao/compare/main...sub-1?template=.github%2FPULL_REQUEST_TEMPLATE%2Freviews.md"},
		{gt.PullRequest("sub-1", ""), "https://git.yq.cn/union/wuxiao/compare/main...sub-1"},
		{Repo{}.Edit("x"), ""},
		{Repo{}.IssueForm("objection.yml"), ""},
		{New("https://x/y", "gitee").Edit("a"), "https://x/y/edit/main/a"},
	} {
		if c.got != c.want {
			t.Errorf("got  %s\nwant %s", c.got, c.want)
		}
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]Kind{"": GitHub, "Gitea": Gitea, " forgejo ": Forgejo, "github": GitHub} {
		if k, err := ParseKind(in); err != nil || k != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, k, err)
		}
	}
	if _, err := ParseKind("gitee"); err == nil {
		t.Error("ParseKind(gitee): no error")
	}
}
