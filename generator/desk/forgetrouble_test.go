package desk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"wuxiao/generator/forge"
)

// TestForgeTroubleIsSaidForWhatItIs: when the forge does not take a change, the person
// reads what happened and what to do about it (sign in again, ask the city for write
// access, a smaller proof or a larger limit, wait), not one sentence for every cause; the
// draft is kept; the audit log names the cause. The errors are the forge package's, as
// its tests see them made from real answers (TestFailuresAreToldApart).
func TestForgeTroubleIsSaidForWhatItIs(t *testing.T) {
	cases := []struct {
		err   error
		said  []string
		audit string
	}{
		{fmt.Errorf("user: %w (401 Bad credentials)", forge.ErrUnauthorized), []string{"重新登录"}, "forge: token refused"},
		{fmt.Errorf("create blob: %w (403 Resource not accessible)", forge.ErrForbidden), []string{"写入权限", "联系市总工会"}, "forge: no write access"},
		{fmt.Errorf("create file: %w (404)", forge.ErrNotFound), []string{"写入权限"}, "forge: no write access"},
		{fmt.Errorf("create blob: %w (API rate limit exceeded)", forge.ErrRateLimited), []string{"限制了您的账号的请求次数", "一小时"}, "forge: rate limited"},
		{fmt.Errorf("create file: %w (413 Request Entity Too Large)", forge.ErrTooLarge), []string{"client_max_body_size", "较小的证明材料"}, "forge: too large"},
		{fmt.Errorf("pull request: %w (502 Bad Gateway)", forge.ErrUnavailable), []string{"代码托管平台暂时出错", "稍后再试"}, "forge: unavailable"},
		{fmt.Errorf("branch: %w (%w)", forge.ErrUnreachable, context.DeadlineExceeded), []string{"连不上代码托管平台", "稍后再试"}, "forge: unreachable"},
		{fmt.Errorf("user: %w (x509: certificate signed by unknown authority)", forge.ErrCertificate), []string{"证书", "管理员"}, "forge: certificate"},
		{errors.New("something else"), []string{"代码托管平台没有接受这次提交", "联系市总工会"}, "forge"},
	}
	for _, c := range cases {
		// A unit's declaration: the draft stays.
		f := newFixture(t, "2026-09-15")
		f.forge("mine1-admin").refusal = c.err
		w := f.postMultipart("/unit/kuangqu-mine1/declare", declaration2026(), []upload{{"proof", "证明.pdf", pdf("应用证明")}}, f.as("mine1-admin"))
		body := w.Body.String()
		if w.Code != http.StatusBadGateway {
			t.Errorf("%v: declaration answered %d", c.err, w.Code)
		}
		for _, words := range append([]string{"没有提交", "草稿已保存"}, c.said...) {
			if !strings.Contains(body, words) {
				t.Errorf("%v: the declaration's page does not say %q:\n%s", c.err, words, flashOf(body))
			}
		}
		if drafts := f.s.drafts.list("mine1-admin", "kuangqu-mine1"); len(drafts) != 1 || drafts[0].PR != "" {
			t.Errorf("%v: drafts after the failed submit: %+v", c.err, drafts)
		}
		if !strings.Contains(f.audit.String(), `"result":"failed","detail":"`+c.audit+`"`) {
			t.Errorf("%v: the audit log does not name the cause %q:\n%s", c.err, c.audit, f.audit)
		}
		// A county's bulletin, through the desk's other path to the forge.
		f.forge("kuangqu-union").refusal = c.err
		w = f.postForm("/county/kuangqu/bulletin", bulletinValues(), f.as("kuangqu-union"))
		body = w.Body.String()
		for _, words := range append([]string{"没有提交"}, c.said...) {
			if !strings.Contains(body, words) {
				t.Errorf("%v: the bulletin's page does not say %q:\n%s", c.err, words, flashOf(body))
			}
		}
		if strings.Contains(body, "草稿已保存") {
			t.Errorf("%v: the bulletin's page speaks of a draft it has not", c.err)
		}
	}
}

// flashOf is the part of a page around its message, for a test's report.
func flashOf(body string) string {
	if i := strings.Index(body, "没有提交"); i >= 0 {
		return body[max(0, i-200):min(len(body), i+600)]
	}
	return body[:min(len(body), 2000)]
}
