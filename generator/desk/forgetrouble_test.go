package desk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

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

// TestSignInSaysWhyTheForgeFailed: a sign-in the forge could not complete says whether
// the forge is down or unreachable (wait, then try again) rather than asking the person
// to sign in again at once, which fails the same way; a refused code still asks him to.
func TestSignInSaysWhyTheForgeFailed(t *testing.T) {
	var apiStatus, tokenStatus int
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if apiStatus != 0 {
			w.WriteHeader(apiStatus)
			fmt.Fprint(w, `{"message":"down"}`)
			return
		}
		switch r.URL.Path {
		case "/api/v3/user":
			fmt.Fprint(w, `{"login":"mine1-admin"}`)
		case "/api/v3/repos/yq-union/wuxiao/git/ref/heads/main":
			fmt.Fprint(w, `{"ref":"refs/heads/main","object":{"sha":"aaa","type":"commit"}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer api.Close()
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if tokenStatus != 0 {
			w.WriteHeader(tokenStatus)
			fmt.Fprint(w, `{"error":"invalid_grant"}`)
			return
		}
		fmt.Fprint(w, `{"access_token":"t","token_type":"bearer"}`)
	}))
	defer tokens.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	f := newFixture(t, "2026-09-15")
	f.opt.Connect = func(_ context.Context, tok *oauth2.Token) Forge {
		g, err := forge.New(forge.GitHub, api.URL, tok.AccessToken, api.Client())
		if err != nil {
			t.Fatal(err)
		}
		return As(g, forge.Repo{Owner: "yq-union", Name: "wuxiao"}, "main")
	}
	f.restart()
	for _, c := range []struct {
		name             string
		tokenURL         string
		token, api, code int
		said, audit      string
	}{
		{"signed in", tokens.URL, 0, 0, http.StatusSeeOther, "", `"result":"ok"`},
		{"code refused", tokens.URL, http.StatusBadRequest, 0, http.StatusBadGateway, "无法从代码托管平台取得授权，请重新登录。", `"detail":"exchange"`},
		{"token endpoint down", tokens.URL, http.StatusBadGateway, 0, http.StatusBadGateway, "代码托管平台暂时出错", `"detail":"exchange: forge: unavailable"`},
		{"token endpoint unreachable", closed.URL, 0, 0, http.StatusBadGateway, "连不上代码托管平台", `"detail":"exchange: forge: unreachable"`},
		{"API down", tokens.URL, 0, http.StatusServiceUnavailable, http.StatusBadGateway, "代码托管平台暂时出错", `"detail":"user: forge: unavailable"`},
	} {
		tokenStatus, apiStatus = c.token, c.api
		f.s.oauth.Endpoint = oauth2.Endpoint{AuthURL: "https://forge.test/login/oauth/authorize", TokenURL: c.tokenURL}
		f.audit.Reset()
		w := f.get("/login?next=/unit/kuangqu-mine1/", nil)
		loc, _ := url.Parse(w.Header().Get("Location"))
		r := httptest.NewRequest("GET", "https://desk.test/oauth/callback?code=c&state="+url.QueryEscape(loc.Query().Get("state")), nil)
		r.AddCookie(w.Result().Cookies()[0])
		w = httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		if w.Code != c.code || !strings.Contains(w.Body.String(), c.said) {
			t.Errorf("%s: %d, want %d saying %q:\n%s", c.name, w.Code, c.code, c.said, flashOf(w.Body.String()))
		}
		if !strings.Contains(f.audit.String(), c.audit) {
			t.Errorf("%s: the audit log lacks %s:\n%s", c.name, c.audit, f.audit)
		}
	}
}

// TestUnlistedPullRequestsSayWhy: when the forge cannot list the open pull requests, the
// unit's page still shows, and its note says why the list may be short.
func TestUnlistedPullRequestsSayWhy(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	for _, c := range []struct {
		err  error
		said string
	}{
		{fmt.Errorf("pull requests: %w (502)", forge.ErrUnavailable), "代码托管平台暂时出错"},
		{fmt.Errorf("pull requests: %w (timeout)", forge.ErrUnreachable), "连不上代码托管平台"},
		{errors.New("other"), "列表可能不全。"},
	} {
		f.forge("mine1-admin").unlisted = c.err
		w := f.get("/unit/kuangqu-mine1/", f.as("mine1-admin"))
		if body := w.Body.String(); w.Code != http.StatusOK || !strings.Contains(body, "暂时无法从代码托管平台读取合并请求，列表可能不全") || !strings.Contains(body, c.said) {
			t.Errorf("%v: %d\n%s", c.err, w.Code, body)
		}
	}
}
