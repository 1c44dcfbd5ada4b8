package desk

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/oauth2"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

func TestSignInWithStateAndPKCE(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	var gotVerifier string
	token := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		gotVerifier = r.PostForm.Get("code_verifier")
		if r.PostForm.Get("code") != "good-code" {
			http.Error(w, `{"error":"invalid_grant"}`, 400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"mine1-admin","token_type":"bearer"}`))
	}))
	defer token.Close()
	f.s.oauth.Endpoint = oauth2.Endpoint{AuthURL: "https://forge.test/login/oauth/authorize", TokenURL: token.URL}

	w := f.get("/login?next=/unit/kuangqu-mine1/", nil)
	if w.Code != http.StatusFound {
		t.Fatalf("login: %d", w.Code)
	}
	loc, _ := url.Parse(w.Header().Get("Location"))
	q := loc.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("state") == "" || q.Get("redirect_uri") != "https://desk.test/oauth/callback" {
		t.Fatalf("authorize URL lacks PKCE or state: %s", loc)
	}
	flowC := w.Result().Cookies()[0]
	if flowC.Name != f.s.cookieName(flowCookie) || !flowC.HttpOnly || !flowC.Secure || flowC.SameSite != http.SameSiteLaxMode {
		t.Fatalf("flow cookie %+v", flowC)
	}
	r := httptest.NewRequest("GET", "https://desk.test/oauth/callback?code=good-code&state="+url.QueryEscape(q.Get("state")), nil)
	r.AddCookie(flowC)
	w = httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/unit/kuangqu-mine1/" {
		t.Fatalf("callback: %d %s\n%s", w.Code, w.Header().Get("Location"), w.Body)
	}
	sum := sha256.Sum256([]byte(gotVerifier))
	if base64.RawURLEncoding.EncodeToString(sum[:]) != q.Get("code_challenge") {
		t.Errorf("the verifier sent to the token endpoint does not match the challenge")
	}
	var sess *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == f.s.cookieName(sessionCookie) {
			sess = c
		}
	}
	if sess == nil || !sess.HttpOnly || !sess.Secure || sess.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", sess)
	}
	if strings.Contains(sess.Value, "mine1-admin") {
		t.Errorf("the cookie carries the token")
	}
	if body := f.get("/", sess).Body.String(); !strings.Contains(body, "矿区第一煤矿工会") {
		t.Errorf("home after sign-in does not offer the unit:\n%s", body)
	}
	if strings.Contains(f.audit.String(), "good-code") || !strings.Contains(f.audit.String(), `"action":"signin","result":"ok"`) {
		t.Errorf("audit log:\n%s", f.audit)
	}
}

func TestForgedStateRefused(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	w := f.get("/login", nil)
	flowC := w.Result().Cookies()[0]
	for name, c := range map[string]struct {
		state  string
		cookie *http.Cookie
	}{
		"other state":     {"forged", flowC},
		"no cookie":       {"forged", nil},
		"tampered cookie": {"x", &http.Cookie{Name: f.s.cookieName(flowCookie), Value: flowC.Value + "x"}},
	} {
		r := httptest.NewRequest("GET", "https://desk.test/oauth/callback?code=c&state="+c.state, nil)
		if c.cookie != nil {
			r.AddCookie(c.cookie)
		}
		w := httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		if w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d", name, w.Code)
		}
		for _, ck := range w.Result().Cookies() {
			if ck.Name == f.s.cookieName(sessionCookie) {
				t.Errorf("%s: a session was started", name)
			}
		}
	}
}

func TestCrossSitePostRefused(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	r := httptest.NewRequest("POST", "https://desk.test/unit/kuangqu-mine1/declare", strings.NewReader(declaration2026().Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	r.AddCookie(c)
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	if w.Code != http.StatusForbidden {
		t.Fatalf("cross-site post: %d", w.Code)
	}
	r = httptest.NewRequest("POST", "https://desk.test/logout", nil)
	r.Header.Set("Origin", "https://evil.example")
	r.AddCookie(c)
	w = httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	if w.Code != http.StatusForbidden {
		t.Errorf("cross-origin logout: %d", w.Code)
	}
	if len(f.s.drafts.list("mine1-admin", "kuangqu-mine1")) != 0 || len(f.forge("mine1-admin").proposed) != 0 {
		t.Errorf("a refused post changed something")
	}
}

func TestUnitAdminCannotReachAnotherUnit(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	heat := f.as("heating-admin")
	w := f.postMultipart("/unit/chengqu-heating/declare", url.Values{"title": {"热网草稿"}, "action": {"save"}}, nil, heat)
	if w.Code != http.StatusOK {
		t.Fatalf("save: %d", w.Code)
	}
	id := f.s.drafts.list("heating-admin", "chengqu-heating")[0].ID
	mine := f.as("mine1-admin")
	for _, target := range []string{"/unit/chengqu-heating/", "/unit/chengqu-heating/declare", "/unit/chengqu-heating/declare?draft=" + id, "/county/chengqu/", "/city/", "/expert/"} {
		if w := f.get(target, mine); w.Code != http.StatusForbidden {
			t.Errorf("GET %s as another unit's admin: %d", target, w.Code)
		}
	}
	if w := f.postMultipart("/unit/chengqu-heating/declare", url.Values{"draft": {id}, "action": {"save"}}, nil, mine); w.Code != http.StatusForbidden {
		t.Errorf("POST into another unit: %d", w.Code)
	}
	// His own unit, someone else's draft id: not found, and the draft is not shown.
	if w := f.get("/unit/kuangqu-mine1/declare?draft="+id, mine); w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "热网草稿") {
		t.Errorf("another person's draft through one's own unit: %d", w.Code)
	}
	if w := f.get("/unit/kuangqu-mine1/", nil); w.Code != http.StatusSeeOther {
		t.Errorf("signed out: %d", w.Code)
	}
	if !strings.Contains(f.audit.String(), `"action":"forbidden"`) {
		t.Errorf("refusals are not in the audit log")
	}
}

func TestDeclareSubmitOpensCheckedPullRequest(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	proof := pdf("应用证明")
	w := f.postMultipart("/unit/kuangqu-mine1/declare", declaration2026(), []upload{{"proof", "证明.pdf", proof}}, c)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", w.Code, w.Body)
	}
	got := f.forge("mine1-admin").proposed
	if len(got) != 1 {
		t.Fatalf("%d pull requests", len(got))
	}
	sum := sha256.Sum256(proof)
	var sub, att, com string
	for p, data := range got[0].Files {
		switch {
		case strings.HasPrefix(p, "content/2026/submissions/kuangqu-mine1/"):
			sub = string(data)
		case strings.HasPrefix(p, "content/2026/attachments/kuangqu-mine1/") && strings.HasSuffix(p, ".pdf"):
			att = p
			if !bytes.Equal(data, proof) {
				t.Errorf("the proof changed on its way")
			}
		case strings.HasPrefix(p, "content/2026/commendations/kuangqu-mine1/"):
			com = string(data)
		default:
			t.Errorf("unexpected file %s", p)
		}
	}
	if !strings.Contains(sub, "sha256: "+hex.EncodeToString(sum[:])) || att == "" || !strings.Contains(com, "矿一工发〔2026〕3号") {
		t.Errorf("files:\n%s\n%s\n%s", sub, att, com)
	}
	if !strings.HasPrefix(got[0].Branch, "desk/kuangqu-mine1/") {
		t.Errorf("branch %s", got[0].Branch)
	}
	list := f.get("/unit/kuangqu-mine1/", c).Body.String()
	if !strings.Contains(list, "井下皮带自动张紧装置") || !strings.Contains(list, "合并请求 #1") {
		t.Errorf("我的申报 does not show the submitted pull request:\n%s", list)
	}
}

func TestSubmitWithProblemsCommitsNothingAndKeepsDraft(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("title", "短")
	v.Set("submitted", "2026-10-10")
	v.Set("summary", "联系电话 13903530011")
	w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("submit with problems: %d", w.Code)
	}
	if n := len(f.forge("mine1-admin").proposed); n != 0 {
		t.Fatalf("%d pull requests opened", n)
	}
	body := w.Body.String()
	// Each finding stands right after its own field.
	for field, words := range map[string]string{`name="title"`: "项目名称", `name="submitted"`: "2026-10-10", `name="summary"`: "手机"} {
		if !strings.Contains(problemBeside(body, field, 400), words) {
			t.Errorf("no finding beside %s mentioning %s", field, words)
		}
	}
	for _, leak := range []string{"schema:", "phase:", "pii:", "submitted:", "`title`"} {
		if strings.Contains(body, leak) {
			t.Errorf("a finding shows a rule id or key: %q", leak)
		}
	}
	drafts := f.s.drafts.list("mine1-admin", "kuangqu-mine1")
	if len(drafts) != 1 || drafts[0].Form.Summary != "联系电话 13903530011" {
		t.Fatalf("the draft did not survive the refused submit: %+v", drafts)
	}
}

func TestUploadsOversizedOrDisguisedRefused(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	big := append(pdf("大"), bytes.Repeat([]byte("x"), maxProof)...)
	for name, u := range map[string]upload{
		"exe named pdf":  {"proof", "证明.pdf", []byte("MZ\x90\x00 this is a program")},
		"html named png": {"proof", "a.png", []byte("<html><script>alert(1)</script>")},
		"png named pdf":  {"proof", "b.pdf", png},
		"over 20 MiB":    {"proof", "c.pdf", big},
	} {
		w := f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"试验"}, "action": {"save"}}, []upload{u}, c)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `class="problem"`) {
			t.Errorf("%s: %d, no message", name, w.Code)
		}
	}
	for _, d := range f.s.drafts.list("mine1-admin", "kuangqu-mine1") {
		if len(d.Proofs) != 0 {
			t.Errorf("a refused upload was kept: %+v", d.Proofs)
		}
	}
	// A whole post above the request limit is refused before it is read.
	huge := bytes.Repeat([]byte("%PDF-"), (maxRequest/5)+10)
	w := f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"action": {"save"}}, []upload{{"proof", "d.pdf", huge}}, c)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized request: %d", w.Code)
	}
}

func TestExpertSeesOnlyHisOwnScores(t *testing.T) {
	f := newFixture(t, "2023-10-15") // the 2023 review phase of the example
	e2 := f.as("expert2")
	w := f.get("/expert/", e2)
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, "管网漏水") && !strings.Contains(body, "chengqu-heating/guanwang-loushui") {
		t.Fatalf("expert page: %d\n%s", w.Code, body)
	}
	if strings.Contains(body, "结构简单，推广价值高") { // e03's private comment
		t.Errorf("expert e02 sees another expert's comment")
	}
	if !strings.Contains(body, `value="24"`) { // his own score of guanwang-loushui
		t.Errorf("expert e02 does not see his own scores")
	}
	if strings.Contains(body, "peidian-xunjian") { // energy-power: his own affiliation's unit
		t.Errorf("a conflicted result is in e02's packet")
	}
	v := url.Values{"action": {"submit"}, "score_chengqu-heating/guanwang-loushui_innovation": {"24.5"},
		"score_chengqu-heating/guanwang-loushui_practicality": {"22"}, "score_chengqu-heating/guanwang-loushui_benefit": {"25"},
		"score_chengqu-heating/guanwang-loushui_promotion": {"11"}, "comment_chengqu-heating/guanwang-loushui": {"可推广"}}
	f.postForm("/expert/scores", v, e2)
	for _, ch := range f.forge("expert2").proposed {
		for p := range ch.Files {
			if p != "content/2023/reviews/e02.yaml" {
				t.Errorf("the expert's pull request writes %s", p)
			}
		}
	}
	e3 := f.as("expert3")
	if body := f.get("/expert/", e3).Body.String(); !strings.Contains(body, "结构简单，推广价值高") || strings.Contains(body, "可推广") {
		t.Errorf("expert e03 sees the wrong comments")
	}
}

func TestCountyRecommendsPendingResults(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	addPending(t, f.root)
	c := f.as("kuangqu-union")
	page := f.get("/county/kuangqu/", c).Body.String()
	if !strings.Contains(page, "井下皮带自动张紧装置") {
		t.Fatalf("the pending result is not listed:\n%s", page)
	}
	if w := f.get("/county/chengqu/", c); w.Code != http.StatusForbidden {
		t.Errorf("another county's page: %d", w.Code)
	}
	v := url.Values{"pick_kuangqu-mine1/pidai-zhangjin": {"1"}, "award_kuangqu-mine1/pidai-zhangjin": {"一等奖"}, "doc": {"矿区工发〔2026〕8号"}, "date": {"2026-09-18"}}
	w := f.postForm("/county/kuangqu/recommend", v, c)
	if w.Code != http.StatusOK {
		t.Fatalf("recommend: %d\n%s", w.Code, w.Body)
	}
	got := f.forge("kuangqu-union").proposed
	if len(got) != 1 || len(got[0].Files) != 1 {
		t.Fatalf("proposed %+v", got)
	}
	for p, data := range got[0].Files {
		if !strings.HasPrefix(p, "content/2026/commendations/kuangqu/") || !strings.Contains(string(data), "submission: kuangqu-mine1/pidai-zhangjin") {
			t.Errorf("%s:\n%s", p, data)
		}
	}
	v.Set("date", "2026-10-18") // after organize.to
	if w := f.postForm("/county/kuangqu/recommend", v, c); w.Code != http.StatusUnprocessableEntity || len(f.forge("kuangqu-union").proposed) != 1 {
		t.Errorf("a late recommendation: %d", w.Code)
	}
}

func TestCityDashboardLedgerAndAward(t *testing.T) {
	f := newFixture(t, "2023-10-15")
	c := f.as("yq-union")
	body := f.get("/city/", c).Body.String()
	for _, want := range []string{"矿区总工会", "覆盖率", "拟授奖项", "下载工作台帐"} {
		if !strings.Contains(body, want) {
			t.Errorf("city page lacks %s", want)
		}
	}
	// The proposal names each result as the office knows it, its id only beside.
	if !strings.Contains(body, "皮带输送机自动纠偏装置") || !strings.Contains(body, "矿区第一煤矿工会") {
		t.Errorf("the award proposal does not name its results by title and unit:\n%s", body)
	}
	w := f.get("/city/ledger.xlsx", c)
	if w.Code != http.StatusOK || !bytes.HasPrefix(w.Body.Bytes(), []byte("PK")) {
		t.Errorf("ledger: %d", w.Code)
	}
	if w := f.get("/city/ledger.xlsx", f.as("kuangqu-union")); w.Code != http.StatusForbidden {
		t.Errorf("ledger for a county admin: %d", w.Code)
	}
}

func TestRateLimit(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	refused := 0
	for i := 0; i < 15; i++ {
		if f.get("/login", nil).Code == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused == 0 {
		t.Errorf("15 sign-ins in a row were all let through")
	}
}

func TestPagesHaveSecurityHeadersAndNoOtherHost(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	w := f.get("/unit/kuangqu-mine1/declare", f.as("mine1-admin"))
	if w.Code != http.StatusOK {
		t.Fatalf("%d", w.Code)
	}
	h := w.Header()
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe") || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers %v", h)
	}
	// the one script is the desk's own reading settings, from a file of its own (nothing inline)
	body := strings.Replace(w.Body.String(), `<script src="/static/read.js"></script>`, "", 1)
	for _, bad := range []string{"<script", "http://", "https://"} {
		if strings.Contains(body, bad) {
			t.Errorf("the form contains %q", bad)
		}
	}
}

// addPending declares one 2026 result of kuangqu-mine1 with its own commendation: waiting for
// the county's recommendation.
func addPending(t *testing.T, root string) {
	t.Helper()
	write(t, root, "content/2026/submissions/kuangqu-mine1/pidai-zhangjin.md", `---
title: 井下皮带自动张紧装置
category: 小革新
innovation: 装备创新
group: 职工
authors:
  - name: 王建国
submitted: 2026-09-10
completed: 2026-06-30
summary: 皮带运行时自动调整张紧力，不再人工调整。
benefit: {economic: 8.5}
---
井下主运输皮带过去靠人工定期调整张紧力，松紧不一，打滑跑偏时有发生，影响生产和安全。机电队利用旧液压缸和压力传感器做了一套自动张紧装置，皮带运行时按负载自动调整张紧力，打滑现象基本消除。
`)
	write(t, root, "content/2026/commendations/kuangqu-mine1/2026-wuxiao.yaml", "doc: 矿一工发〔2026〕3号\ndate: 2026-09-01\nawards:\n  - {submission: kuangqu-mine1/pidai-zhangjin, award: 一等奖}\n")
}

func TestStatusOfEachStep(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	addPending(t, f.root)
	mine := f.as("mine1-admin")
	if body := f.get("/unit/kuangqu-mine1/", mine).Body.String(); !strings.Contains(body, "获奖</span> 皮带输送机自动纠偏装置") || !strings.Contains(body, "待县区推荐</span> 井下皮带自动张紧装置") {
		t.Errorf("statuses:\n%s", body)
	}
	results, _ := os.ReadFile(filepath.Join(f.root, "content/2023/results.yaml"))
	write(t, f.root, "content/2023/results.yaml", strings.Replace(string(results),
		"{submission: kuangqu-mine1/pidai-jiupian, award: 一等奖}",
		"{submission: kuangqu-mine1/pidai-jiupian, award: 一等奖, revoked: {date: 2024-03-01, doc: 阳工发〔2024〕5号, reason: 经查为他人成果}}", 1))
	f.s.opt.Base = &DirBase{Root: f.root}
	if body := f.get("/unit/kuangqu-mine1/", mine).Body.String(); !strings.Contains(body, "已撤销</span> 皮带输送机自动纠偏装置") {
		t.Errorf("a revoked award:\n%s", body)
	}
}

func TestSignInNeverRedirectsElsewhere(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example"} {
		w := f.get("/login?next="+url.QueryEscape(next), nil)
		flowC := w.Result().Cookies()[0]
		got, ok := f.s.sessions.unpackFlow(flowC.Value)
		if !ok || got.Next != "/" {
			t.Errorf("next=%s is kept as %q", next, got.Next)
		}
	}
}

func TestExpertProofsOnlyOfHisPacket(t *testing.T) {
	f := newFixture(t, "2023-10-15")
	// kuangqu-mine1's proof: e02 (affiliated with energy) may review it, e01 (kuangqu) may not.
	target := "/expert/proof?id=kuangqu-mine1/pidai-jiupian&file=yingyong-zhengming.pdf"
	if w := f.get(target, f.as("expert2")); w.Code != http.StatusOK || !bytes.HasPrefix(w.Body.Bytes(), []byte("%PDF")) {
		t.Errorf("the expert's own packet's proof: %d", w.Code)
	}
	for _, c := range []struct{ login, target string }{
		{"expert2", "/expert/proof?id=energy-power/peidian-xunjian&file=x.pdf"},                 // his conflict
		{"expert2", "/expert/proof?id=kuangqu-mine1/pidai-jiupian&file=../../../../units.yaml"}, // a path
		{"mine1-admin", target}, // not an expert
	} {
		if w := f.get(c.target, f.as(c.login)); w.Code != http.StatusForbidden {
			t.Errorf("%s %s: %d", c.login, c.target, w.Code)
		}
	}
}

func TestMergedDraftGivesWayToItsResult(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	c := f.as("mine1-admin")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", declaration2026(), []upload{{"proof", "证明.pdf", pdf("x")}}, c); w.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d", w.Code)
	}
	if body := f.get("/unit/kuangqu-mine1/", c).Body.String(); !strings.Contains(body, "已提交，等待合并") {
		t.Fatalf("the submitted draft is not shown as waiting:\n%s", body)
	}
	// The pull request is merged: the forge no longer lists it, the base holds the result.
	fk := f.forge("mine1-admin")
	for p, data := range fk.proposed[0].Files {
		write(t, f.root, p, string(data))
	}
	fk.open = nil
	f.s.opt.Base = &DirBase{Root: f.root}
	body := f.get("/unit/kuangqu-mine1/", c).Body.String()
	if strings.Contains(body, "已提交，等待合并") || strings.Count(body, "井下皮带自动张紧装置") != 1 || !strings.Contains(body, "待县区推荐</span> 井下皮带自动张紧装置") {
		t.Errorf("after the merge:\n%s", body)
	}
}

// TestExpertPacketShowsBodyAsItsPage: the packet shows each result's body as its public
// page does (the project's Markdown: headings, emphasis, tables) with the same safety:
// no raw HTML passed through, no dangerous link, and no image fetched from anywhere.
func TestExpertPacketShowsBodyAsItsPage(t *testing.T) {
	f := newFixture(t, "2023-10-15")
	file := filepath.Join(f.root, "content/2023/submissions/chengqu-heating/guanwang-loushui.md")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	extra := "\n\n**查漏表**按分段编排：\n\n| 分段 | 关阀顺序 |\n|---|---|\n| 一段 | 1 |\n\n- 读压力\n- 记时间\n\n" +
		"<script>alert(1)</script>\n\n![现场照片](https://evil.example/x.png)\n\n[说明](javascript:alert(2))\n"
	if err := os.WriteFile(file, append(data, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	body := f.get("/expert/", f.as("expert2")).Body.String()
	for _, want := range []string{"<h3>背景</h3>", "<strong>查漏表</strong>", "<td>一段</td>", "<li>读压力</li>", "张丽", "管网巡线工", "缩短居民停暖时间", "现场照片"} {
		if !strings.Contains(body, want) {
			t.Errorf("the packet lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>alert", "javascript:", "<img", "evil.example/x.png\""} {
		if strings.Contains(body, bad) {
			t.Errorf("the packet has %q", bad)
		}
	}
}

func TestCommendationFindingStandsBesideItsFields(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("commend_date", "2026-09-12") // after the result was declared on 2026-09-10
	w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a commendation dated after the declaration: %d", w.Code)
	}
	body := w.Body.String()
	i := strings.Index(body, `name="commend_award"`)
	j := strings.Index(body[i:], `class="problem`)
	if i < 0 || j < 0 || strings.Contains(body[i:i+j], "<fieldset") {
		t.Fatalf("no finding beside the unit's commendation:\n%s", body)
	}
	if n := len(f.forge("mine1-admin").proposed); n != 0 {
		t.Fatalf("%d pull requests opened", n)
	}
}

// problemBeside is the start (window bytes) of the first finding after field in a form
// page, if it stands before the next field's label; else "".
func problemBeside(body, field string, window int) string {
	i := strings.Index(body, field)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], `class="problem`)
	k := strings.Index(body[i+1:], "<label")
	if j < 0 || j > k {
		return ""
	}
	return body[i+j : min(i+j+window, len(body))]
}

// TestExpertPacketLinksItsProofs: in the packet, a body's link or image naming one of the
// result's proofs (public or not: the expert sees both) leads to the proof as the list of
// proofs below does; before, it led to a path under /expert/ that does not exist. An
// image stays a link, never fetched.
func TestExpertPacketLinksItsProofs(t *testing.T) {
	f := newFixture(t, "2023-10-15")
	file := filepath.Join(f.root, "content/2023/submissions/chengqu-heating/guanwang-loushui.md")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "---\n## 背景", "attachments:\n  - {file: cha/loubiao.pdf, title: 查漏表, sha256: "+strings.Repeat("0", 64)+"}\n  - {file: xianchang.png, title: 现场照片, sha256: "+strings.Repeat("0", 64)+", public: true}\n---\n## 背景", 1)
	text += "\n详见[查漏表](./cha/loubiao.pdf#page=2)和![现场照片](xianchang.png)，另见[指南](https://example.org/)。\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	body := f.get("/expert/", f.as("expert2")).Body.String()
	for _, want := range []string{
		`<a href="/expert/proof?id=chengqu-heating%2Fguanwang-loushui&amp;file=cha%2Floubiao.pdf#page=2">查漏表</a>`,
		`<a class="image-text" href="/expert/proof?id=chengqu-heating%2Fguanwang-loushui&amp;file=xianchang.png">〔图片：现场照片〕</a>`,
		`<a href="https://example.org/">指南</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the packet lacks %s", want)
		}
	}
	if strings.Contains(body, "<img") {
		t.Error("the packet fetches an image")
	}
}

// TestCityDashboardChecksTheBaseOnce: the city's dashboard runs the whole checker over the
// base (2.4 s on a tree of 10,000 submissions), once for each base tree and day, not at
// each view: twenty views at once, a tab reloaded, cost one check; a new base, one more.
func TestCityDashboardChecksTheBaseOnce(t *testing.T) {
	f := newFixture(t, "2023-10-15")
	var checks atomic.Int32
	check := f.opt.Check
	f.opt.Check = func(fsys fs.FS, now content.Date) (*content.Tree, *diag.List, error) {
		checks.Add(1)
		return check(fsys, now)
	}
	f.restart()
	c := f.as("yq-union")
	f.forge("yq-union") // made before the views, which read it at once
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if w := f.get("/city/", c); w.Code != http.StatusOK {
				t.Errorf("dashboard: %d", w.Code)
			}
		}()
	}
	wg.Wait()
	if n := checks.Load(); n != 1 {
		t.Errorf("20 views of the dashboard ran the checker %d times, want once", n)
	}
	draftResults(t, f) // a merged pull request: the base is another tree
	f.opt.Base.(*DirBase).Refresh()
	if body := f.get("/city/", c).Body.String(); !strings.Contains(body, "草稿") || checks.Load() != 2 {
		t.Errorf("after the base changed: %d checks in all, want 2", checks.Load())
	}
}

// TestSubmittedDraftKeepsItsLinkAtTheCeiling: a draft that fits its person's ceiling with
// a few bytes to spare keeps the link to the pull request it became (the "pr" line of its
// file, about 60 bytes): refused it, the draft was listed as a draft again, to be
// submitted again as a second pull request of the same.
func TestSubmittedDraftKeepsItsLinkAtTheCeiling(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("action", "save")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", v, []upload{{"proof", "证明.pdf", pdf("应用证明")}}, c); w.Code != http.StatusOK {
		t.Fatalf("save: %d", w.Code)
	}
	dr := f.s.drafts.list("mine1-admin", "kuangqu-mine1")[0]
	dir, _ := f.s.drafts.folder("mine1-admin", "kuangqu-mine1")
	info, err := os.Stat(filepath.Join(dir, dr.ID+".json"))
	if err != nil {
		t.Fatal(err)
	}
	f.s.drafts.text = info.Size() + 30 // the draft fits, 30 bytes to spare
	v.Set("action", "submit")
	v.Set("draft", dr.ID)
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c); w.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", w.Code, w.Body)
	}
	prs := f.forge("mine1-admin").proposed
	after, err := f.s.drafts.load("mine1-admin", "kuangqu-mine1", dr.ID)
	if len(prs) != 1 || err != nil || after.PR != "https://forge.test/pr/"+prs[0].Branch {
		t.Fatalf("%d pull requests; the draft (%d bytes, ceiling %d) keeps the link %q (%v)", len(prs), info.Size(), f.s.drafts.text, after.PR, err)
	}
	if list := f.get("/unit/kuangqu-mine1/", c).Body.String(); !strings.Contains(list, "合并请求 #1") {
		t.Errorf("the submitted draft is not listed with its pull request")
	}

	// An expert's score sheet the same: without its link it was his open sheet again.
	f = newFixture(t, "2023-10-15")
	e2 := f.as("expert2")
	sheet := url.Values{"action": {"save"}, "score_chengqu-heating/guanwang-loushui_innovation": {"24.5"},
		"score_chengqu-heating/guanwang-loushui_practicality": {"22"}, "score_chengqu-heating/guanwang-loushui_benefit": {"25"},
		"score_chengqu-heating/guanwang-loushui_promotion": {"11"}, "comment_chengqu-heating/guanwang-loushui": {"可推广"}}
	if w := f.postForm("/expert/scores", sheet, e2); w.Code != http.StatusOK {
		t.Fatalf("save the sheet: %d", w.Code)
	}
	dr = f.s.drafts.list("expert2", "expert-e02")[0]
	dir, _ = f.s.drafts.folder("expert2", "expert-e02")
	if info, err = os.Stat(filepath.Join(dir, dr.ID+".json")); err != nil {
		t.Fatal(err)
	}
	f.s.drafts.text = info.Size() + 30
	sheet.Set("action", "submit")
	f.postForm("/expert/scores", sheet, e2)
	if after, err := f.s.drafts.load("expert2", "expert-e02", dr.ID); len(f.forge("expert2").proposed) != 1 || err != nil || after.PR == "" {
		t.Errorf("%d pull requests; the sheet (%d bytes, ceiling %d) keeps no link (%v)", len(f.forge("expert2").proposed), info.Size(), f.s.drafts.text, err)
	}
}

// dated escapes a finding's message whole (it may quote what a person typed) and keeps
// only its dates in spans.
func TestDatedEscapesAndKeepsDates(t *testing.T) {
	for in, want := range map[string]string{
		`申报日期 2026-02-20 不在组织推进阶段（2026-03-01 至 2026-09-30）内`: `申报日期 <span class="day">2026-02-20</span> 不在组织推进阶段（<span class="day">2026-03-01</span> 至 <span class="day">2026-09-30</span>）内`,
		`标题 "<script>alert(1)</script>" 2026-09-30`:          `标题 &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34; <span class="day">2026-09-30</span>`,
		`编号 12026-09-301 不是日期`:                               `编号 12026-09-301 不是日期`,
	} {
		if got := string(dated(in)); got != want {
			t.Errorf("dated(%q) = %q, want %q", in, got, want)
		}
	}
}
