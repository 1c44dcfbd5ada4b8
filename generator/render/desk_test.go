package render

import (
	"strings"
	"testing"
)

// TestDeskURLLeadsThe申报Links: with site.yaml's desk_url every page's 申报 link goes to the
// desk, and the 申报表 page sends people there first; a desk_url that is not http(s) is ignored.
func TestDeskURLLeadsThe申报Links(t *testing.T) {
	for _, c := range []struct {
		desk string
		want bool
	}{{"https://desk.yq.cn/", true}, {"javascript:alert(1)", false}, {"", false}} {
		tree := loadTree(t, minimalRoot)
		site := *tree.Site
		site.DeskURL = c.desk
		tree.Site = &site
		out, _ := renderTree(t, tree, "2023-12-20")
		home := string(out.files["index.html"])
		submit := string(out.files["submit/index.html"])
		has := strings.Contains(home, `<li><a href="https://desk.yq.cn/">申报</a>`) && strings.Contains(submit, `<p class="desk-link"><a href="https://desk.yq.cn/">`)
		if has != c.want {
			t.Errorf("desk_url %q: links to the desk %v, want %v", c.desk, has, c.want)
		}
		if !c.want && (strings.Contains(home, "javascript:") || !strings.Contains(home, `submit/">申报表</a>`)) {
			t.Errorf("desk_url %q: the 申报表 link is not the site's own", c.desk)
		}
	}
}
