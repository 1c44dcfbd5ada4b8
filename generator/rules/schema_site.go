package rules

import (
	"net/url"
	"strings"

	"wuxiao/generator/diag"
)

// checkSiteURLs keeps site.yaml's addresses to absolute http(s) URLs (v2): they reach every
// page, the sitemap, the feed, the certificates' QR codes and the forms' links, where a
// javascript: or data: address would run in the reader's browser.
func checkSiteURLs(ctx *Context, out *diag.List) {
	s := ctx.Tree.Site
	if s == nil {
		return
	}
	check := func(key, value string, folder bool) {
		if value == "" {
			return
		}
		if problem := siteURLProblem(value, folder); problem != "" {
			out.Errorf(s.Pos.At(key), "schema", "%s %q %s", key, clip(value, 40), problem)
		}
	}
	check("base_url", s.BaseURL, true)
	check("repo_url", s.RepoURL, false)
	check("desk_url", s.DeskURL, false)
}

// siteURLProblem says what is wrong with an address that must be absolute http(s), or "".
func siteURLProblem(v string, folder bool) string {
	u, err := url.Parse(v)
	switch {
	case err != nil || strings.ContainsAny(v, " \t\r\n\\") || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "不是有效的网址"
	case u.Scheme != "http" && u.Scheme != "https":
		return "应以 https:// 或 http:// 开头（不接受其他协议）"
	case u.Host == "" || u.User != nil:
		return "应为含域名的完整网址，如 https://wuxiao.example.cn/"
	case folder && !strings.HasSuffix(u.Path, "/"):
		return "应以 / 结尾"
	case folder && (u.RawQuery != "" || u.Fragment != ""):
		return "不能带 ? 或 # 部分"
	}
	return ""
}
