package desk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"wuxiao/generator/content"
	"wuxiao/generator/forge"
)

// A browser drops tabs and line breaks from a Location before it resolves it, so "/\t/evil"
// leads to //evil, another host: such a next is not kept.
func TestSignInNextWithControlCharactersStaysHome(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	for _, next := range []string{"/\t/evil.example/x", "/\n/evil.example", "/\x0b/evil.example", "/\x00/evil.example", "/\x7f/evil.example"} {
		w := f.get("/login?next="+url.QueryEscape(next), nil)
		got, ok := f.s.sessions.unpackFlow(w.Result().Cookies()[0].Value)
		if !ok || got.Next != "/" {
			t.Errorf("next=%q is kept as %q", next, got.Next)
		}
	}
	// An ordinary path of the desk, with its query, is kept.
	w := f.get("/login?next="+url.QueryEscape("/unit/kuangqu-mine1/declare?draft=abc"), nil)
	if got, _ := f.s.sessions.unpackFlow(w.Result().Cookies()[0].Value); got.Next != "/unit/kuangqu-mine1/declare?draft=abc" {
		t.Errorf("a desk path is kept as %q", got.Next)
	}
}

// A login in units.yaml or experts.yaml matches the forge's login only ignoring ASCII case
// (GitHub and Gitea logins are ASCII): the Kelvin sign K or the long s ſ, which Unicode
// folds onto k and s, do not make another person an admin or an expert.
func TestRolesFoldOnlyASCIICase(t *testing.T) {
	tree := &content.Tree{
		Units:   []*content.Unit{{ID: "u1", Type: "grassroots", Admins: []string{"\u212Aate"}}, {ID: "u2", Type: "grassroots", Admins: []string{"Bob"}}},
		Experts: []*content.Expert{{ID: "e1", Login: "ſam"}},
	}
	if r := rolesOf(tree, "kate"); len(r.Units) != 0 {
		t.Errorf("kate is an admin of %s", r.Units[0].ID)
	}
	if r := rolesOf(tree, "sam"); r.Expert != nil {
		t.Errorf("sam is expert %s", r.Expert.ID)
	}
	if r := rolesOf(tree, "bob"); len(r.Units) != 1 || r.Units[0].ID != "u2" {
		t.Errorf("bob is not the admin of u2 (logins ignore case): %+v", r)
	}
}

// Behind a proxy every request comes from the proxy's address: with the proxy's header
// configured, each person's address has its own sign-in limit (one cannot lock the city
// out), and the audit log says who; without it, the header is ignored (no one escapes his
// limit by sending it).
func TestRateLimitPerAddressBehindAProxy(t *testing.T) {
	signIns := func(f *fixture, ip string) (refused int) {
		for i := 0; i < 15; i++ {
			r := httptest.NewRequest("GET", "https://desk.test/login", nil)
			r.RemoteAddr = "127.0.0.1:40000"
			r.Header.Set("X-Real-IP", ip)
			w := httptest.NewRecorder()
			f.s.ServeHTTP(w, r)
			if w.Code == http.StatusTooManyRequests {
				refused++
			}
		}
		return refused
	}
	f := newFixture(t, "2026-09-15")
	f.opt.ClientIPHeader = "X-Real-IP"
	f.restart()
	if signIns(f, "203.0.113.7") == 0 {
		t.Errorf("15 sign-ins from one address were all let through")
	}
	if n := signIns(f, "198.51.100.9"); n != 5 {
		t.Errorf("another address behind the proxy: %d of 15 refused, want 5 (its own 10 first)", n)
	}
	if !strings.Contains(f.audit.String(), `"ip":"203.0.113.7"`) {
		t.Errorf("the audit log does not name the person's address:\n%s", f.audit)
	}
	g := newFixture(t, "2026-09-15")
	signIns(g, "203.0.113.7")
	if signIns(g, "198.51.100.9") != 15 {
		t.Errorf("without ClientIPHeader, a header let a request past the proxy's limit")
	}
}

// A proof in an expert's packet is served only as what its bytes are (PDF, JPEG, PNG),
// sandboxed; anything else (an SVG, an HTML page under any name) is a download, never a
// page of the desk's origin.
func TestExpertProofServedOnlyAsItsSniffedType(t *testing.T) {
	f := newFixture(t, "2023-10-15")
	sub := filepath.Join(f.root, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md")
	text, _ := os.ReadFile(sub)
	write(t, f.root, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md", strings.Replace(string(text), "yingyong-zhengming.pdf", "tu.svg", 1)+"\n")
	write(t, f.root, "content/2023/attachments/kuangqu-mine1/tu.svg", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`)
	for _, file := range []string{"tu.svg"} {
		w := f.get("/expert/proof?id=kuangqu-mine1/pidai-jiupian&file="+file, f.as("expert2"))
		if w.Code != http.StatusOK {
			t.Fatalf("%s: %d", file, w.Code)
		}
		ct, cd, csp := w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"), w.Header().Get("Content-Security-Policy")
		if ct != "application/octet-stream" || !strings.HasPrefix(cd, "attachment") || !strings.Contains(csp, "sandbox") {
			t.Errorf("%s served as %q, %q, CSP %q", file, ct, cd, csp)
		}
	}
}

// A proof's title taken from the file's name keeps no control or bidirectional formatting
// characters (which could show "exe.pdf" as "fdp.exe") and is not longer than a title.
func TestProofTitleFromNameIsPlain(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	for _, name := range []string{"证明\u202Efdp.exe.pdf", "a\u200bb\u2066c\u2028d.pdf", strings.Repeat("长", 3000) + ".pdf", "../../etc/证明.pdf"} {
		w := f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"试验"}, "action": {"save"}}, []upload{{"proof", name, pdf("x")}}, c)
		if w.Code != http.StatusOK {
			t.Fatalf("%q: %d", name, w.Code)
		}
	}
	// A name with a NUL does not even make a readable form.
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"action": {"save"}}, []upload{{"proof", "a\x00b\x1b.pdf", pdf("x")}}, c); w.Code != http.StatusBadRequest {
		t.Errorf("a NUL in a file name: %d", w.Code)
	}
	n := 0
	for _, d := range f.s.drafts.list("mine1-admin", "kuangqu-mine1") {
		for _, p := range d.Proofs {
			n++
			if strings.ContainsFunc(p.Title, func(r rune) bool { return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) }) ||
				len([]rune(p.Title)) > 100 || strings.ContainsAny(p.Title, "/\\") || strings.Contains(p.File, "..") {
				t.Errorf("proof title %q, file %q", p.Title, p.File)
			}
		}
	}
	if n != 4 {
		t.Errorf("%d proofs kept, want 4", n)
	}
}

// A unit's and a county's lists of open pull requests leave out an expert's score sheet,
// even when the expert is also one of the unit's admins: only he and the city see scores.
func TestPullRequestListsLeaveOutScores(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	scores := PullRequest{Number: 7, Title: "评分：专家 e02（2026 年）", URL: "https://forge.test/pr/7", Author: "mine1-admin", Branch: "desk/reviews/e02-abcdef"}
	own := PullRequest{Number: 8, Title: "申报：皮带", URL: "https://forge.test/pr/8", Author: "mine1-admin", Branch: "desk/kuangqu-mine1/pidai-abcdef"}
	for _, login := range []string{"mine1-admin", "kuangqu-union"} {
		f.forge(login).open = []PullRequest{scores, own}
	}
	for _, page := range []struct{ login, path string }{{"mine1-admin", "/unit/kuangqu-mine1/"}, {"kuangqu-union", "/county/kuangqu/"}} {
		body := f.get(page.path, f.as(page.login)).Body.String()
		if strings.Contains(body, "pr/7") || strings.Contains(body, "评分：专家") {
			t.Errorf("%s lists an expert's score sheet", page.path)
		}
		if !strings.Contains(body, "pr/8") {
			t.Errorf("%s does not list the unit's own pull request", page.path)
		}
	}
}

// The audit log is one JSON object a line whatever a request carries: a line break in a
// path or in the forge's error cannot start a forged line, and the forge's error is kept
// only as one of OAuth's codes.
func TestAuditLogCannotBeForged(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	w := f.get("/login", nil)
	flowC := w.Result().Cookies()[0]
	fl, _ := f.s.sessions.unpackFlow(flowC.Value)
	forged := "x\n{\"time\":\"2026-01-01T00:00:00Z\",\"login\":\"yq-union\",\"action\":\"signin\",\"result\":\"ok\"}"
	r := httptest.NewRequest("GET", "https://desk.test/oauth/callback?state="+url.QueryEscape(fl.State)+"&error="+url.QueryEscape(forged+strings.Repeat("y", 5000)), nil)
	r.AddCookie(flowC)
	f.s.ServeHTTP(httptest.NewRecorder(), r)
	r = httptest.NewRequest("POST", "https://desk.test/unit/a%0A%7B%22login%22:%22x%22%7D/declare", nil)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	f.s.ServeHTTP(httptest.NewRecorder(), r)
	lines := strings.Split(strings.TrimSpace(f.audit.String()), "\n")
	for _, l := range lines {
		var e event
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Errorf("not one JSON object: %q", l)
		}
		if e.Login == "yq-union" || len(l) > 1000 {
			t.Errorf("forged or unbounded line: %q", l)
		}
	}
	if !strings.Contains(f.audit.String(), `"detail":"forge: other"`) {
		t.Errorf("the forge's free text is kept:\n%s", f.audit)
	}
}

// A date or a number the desk cannot read is refused at its field, never dropped: a phone
// without a date picker lets one type 2026/1/5, and 8万元 is what people write.
func TestUnreadableDateOrNumberRefusedAtItsField(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("started", "2026/1/5")
	v.Set("economic", "8万元")
	w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c)
	if w.Code != http.StatusUnprocessableEntity || len(f.forge("mine1-admin").proposed) != 0 {
		t.Fatalf("submit with an unreadable date and number: %d, %d pull requests", w.Code, len(f.forge("mine1-admin").proposed))
	}
	body := w.Body.String()
	for field, words := range map[string]string{`name="started"`: "2026/1/5", `name="economic"`: "8万元"} {
		if !strings.Contains(problemBeside(body, field, 400), words) {
			t.Errorf("no finding beside %s mentioning %s", field, words)
		}
	}
	if d := f.s.drafts.list("mine1-admin", "kuangqu-mine1"); len(d) != 1 || d[0].Form.Economic != "8万元" {
		t.Errorf("the draft does not keep what was typed")
	}
}

// A score is written as the number typed or, if it is not a plain decimal number, as the
// text typed, which the checker refuses: 0x1A is not read as 26, nor 1e1 as 10.
func TestScoreWrittenAsTyped(t *testing.T) {
	for _, typed := range []string{"0x1A", "1e1", "+5", "012"} {
		f := newFixture(t, "2023-10-15")
		e2 := f.as("expert2")
		v := url.Values{"action": {"submit"}, "score_chengqu-heating/guanwang-loushui_innovation": {typed},
			"score_chengqu-heating/guanwang-loushui_practicality": {"22"}, "score_chengqu-heating/guanwang-loushui_benefit": {"25"},
			"score_chengqu-heating/guanwang-loushui_promotion": {"11"}}
		w := f.postForm("/expert/scores", v, e2)
		if n := len(f.forge("expert2").proposed); n != 0 || w.Code != http.StatusUnprocessableEntity {
			t.Errorf("score %q: %d, %d pull requests:\n%v", typed, w.Code, n, f.forge("expert2").proposed)
		}
	}
}

// A field longer than the desk keeps is refused at the field, never cut short silently (nor
// in the middle of a character).
func TestOverlongFieldRefusedAtItsField(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("body", v.Get("body")+strings.Repeat("很长的正文。", formLimit/12))
	w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c)
	if w.Code != http.StatusUnprocessableEntity || len(f.forge("mine1-admin").proposed) != 0 {
		t.Fatalf("an overlong body: %d, %d pull requests", w.Code, len(f.forge("mine1-admin").proposed))
	}
	body := w.Body.String()
	if !strings.Contains(problemBeside(body, `name="body"`, 300), "太长") {
		t.Errorf("no finding beside the body saying it is too long")
	}
	if d := f.s.drafts.list("mine1-admin", "kuangqu-mine1"); len(d) != 1 || !utf8.ValidString(d[0].Form.Body) {
		t.Errorf("the draft's body is cut inside a character")
	}
}

// A session signed out stays signed out after the desk restarts: someone who kept a copy of
// the cookie cannot use it again within its eight hours.
func TestSignOutSurvivesARestart(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusOK {
		t.Fatalf("signed in: %d", w.Code)
	}
	if w := f.do(http.MethodPost, "/logout", nil, "", c); w.Code != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", w.Code)
	}
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusSeeOther {
		t.Errorf("the signed-out cookie replayed: %d", w.Code)
	}
	f.restart()
	if w := f.get("/unit/kuangqu-mine1/", c); w.Code != http.StatusSeeOther {
		t.Errorf("the signed-out cookie replayed after a restart: %d", w.Code)
	}
	other := f.as("heating-admin")
	f.restart()
	if w := f.get("/unit/chengqu-heating/", other); w.Code != http.StatusOK {
		t.Errorf("a session not signed out is lost in a restart: %d", w.Code)
	}
}

// Served over https, the desk tells browsers to come back only over https (a first visit
// by http:// or a link someone planted cannot be read or changed on the way); served over
// plain http (a test, a LAN) it says nothing of the kind.
func TestHTTPSDeskSetsStrictTransportSecurity(t *testing.T) {
	if h := newFixture(t, "2026-09-15").get("/", nil).Header().Get("Strict-Transport-Security"); !strings.HasPrefix(h, "max-age=") {
		t.Errorf("https desk: Strict-Transport-Security %q", h)
	}
	if h := newFixtureAt(t, "2026-09-15", "http://desk.test/").get("/", nil).Header().Get("Strict-Transport-Security"); h != "" {
		t.Errorf("http desk: Strict-Transport-Security %q", h)
	}
}

// A body's raw HTML and dangerous links are never passed through to a desk page.
func TestMarkdownBodyPassesNoHTML(t *testing.T) {
	md := newMarkdown()
	got := string(markdownHTML(md, "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1)) [图](vbscript:x) <a href=\"javascript:alert(1)\">a</a>\n\n![x](https://evil.example/t.png)"))
	for _, bad := range []string{"<script", "<img", "onerror=", "javascript:", "vbscript:", "<a href=\"javascript", "src=\"https://evil"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q passed through:\n%s", bad, got)
		}
	}
}

// One person's proofs waiting in drafts have a ceiling, so that an admin cannot fill the
// desk's disk by uploading again and again; a proof removed from every draft is deleted.
func TestProofsInDraftsHaveACeiling(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	f.s.drafts.quota, f.s.drafts.grace = 3000, 0
	c := f.as("mine1-admin")
	big := append(pdf("一"), make([]byte, 2000)...)
	w := f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"试验"}, "action": {"save"}}, []upload{{"proof", "a.pdf", big}}, c)
	d := f.s.drafts.list("mine1-admin", "kuangqu-mine1")
	if w.Code != http.StatusOK || len(d) != 1 || len(d[0].Proofs) != 1 {
		t.Fatalf("first proof: %d", w.Code)
	}
	other := append(pdf("二"), make([]byte, 2000)...)
	w = f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"试验"}, "action": {"save"}, "draft": {d[0].ID}}, []upload{{"proof", "b.pdf", other}}, c)
	d = f.s.drafts.list("mine1-admin", "kuangqu-mine1")
	if !strings.Contains(w.Body.String(), "上限") || len(d[0].Proofs) != 1 {
		t.Errorf("a proof over the person's ceiling was kept (%d proofs)", len(d[0].Proofs))
	}
	// Removing the first one makes room, and its bytes leave the disk.
	f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"试验"}, "action": {"save"}, "draft": {d[0].ID}, "proof_title_" + d[0].Proofs[0].File: {d[0].Proofs[0].Title}, "proof_remove_" + d[0].Proofs[0].File: {"1"}}, nil, c)
	w = f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"试验"}, "action": {"save"}, "draft": {d[0].ID}}, []upload{{"proof", "b.pdf", other}}, c)
	d = f.s.drafts.list("mine1-admin", "kuangqu-mine1")
	if len(d[0].Proofs) != 1 || strings.Contains(w.Body.String(), "上限") {
		t.Errorf("removing a proof made no room: %+v", d[0].Proofs)
	}
	sum := sha256.Sum256(big)
	if _, err := f.s.drafts.readProof("mine1-admin", "kuangqu-mine1", hex.EncodeToString(sum[:])); err == nil {
		t.Errorf("a removed proof is still on the disk")
	}
}

// On an https desk that is a whole host, its cookies carry the __Host- prefix, which a
// browser accepts only from that very host, Secure, for path /: another host of the same
// domain cannot plant its own session (the same sealed value under the plain name is not
// read). Under a path or over http the names stay plain.
func TestCookiesAreHostOnly(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	w := f.get("/login", nil)
	fc := w.Result().Cookies()[0]
	if fc.Name != "__Host-"+flowCookie || !fc.Secure || fc.Path != "/" || fc.Domain != "" {
		t.Errorf("sign-in cookie %+v", fc)
	}
	planted := &http.Cookie{Name: sessionCookie, Value: startSession(f.s.sessions, "mine1-admin", nil)}
	if w := f.get("/unit/kuangqu-mine1/", planted); w.Code != http.StatusSeeOther {
		t.Errorf("a session under the plain name is taken: %d", w.Code)
	}
	if w := f.get("/unit/kuangqu-mine1/", f.as("mine1-admin")); w.Code != http.StatusOK {
		t.Errorf("the desk's own session: %d", w.Code)
	}
	for _, base := range []string{"http://desk.test/", "https://union.test/desk/"} {
		g := newFixtureAt(t, "2026-09-15", base)
		if n := g.s.cookieName(sessionCookie); n != sessionCookie {
			t.Errorf("%s: session cookie named %s", base, n)
		}
	}
}

// Bytes that are not UTF-8 text (no browser sends them, a script may) are refused at their
// field, in words, rather than written into the file.
func TestNonUTF8FieldRefusedAtItsField(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("summary", "皮带运行时自动调整张紧力，不再人工调整\xff\xfe，减少打滑和跑偏。")
	w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c)
	if w.Code != http.StatusUnprocessableEntity || len(f.forge("mine1-admin").proposed) != 0 {
		t.Fatalf("a summary that is not UTF-8: %d, %d pull requests", w.Code, len(f.forge("mine1-admin").proposed))
	}
	body := w.Body.String()
	if !strings.Contains(problemBeside(body, `name="summary"`, 300), "无法识别的字符") {
		t.Errorf("no finding beside the summary")
	}
}

// A byte that is not UTF-8 in a quoted value is written as U+FFFD, not as \xff, which YAML
// reads as the letter ÿ.
func TestYAMLStringMarksBytesThatAreNotText(t *testing.T) {
	if got := yamlString("文号\xff"); got != `"文号\ufffd"` && got != "\"文号\uFFFD\"" {
		t.Errorf("written %s", got)
	}
}

// A bulletin's issue is written bare only as the plain number typed: +1 and 01 are not read
// as the first issue but refused by the checker.
func TestBulletinIssueWrittenAsTyped(t *testing.T) {
	for _, typed := range []string{"+1", "01", "1_0"} {
		f := newFixture(t, "2026-09-15")
		v := bulletinValues()
		v.Set("issue", typed)
		w := f.postForm("/county/kuangqu/bulletin", v, f.as("kuangqu-union"))
		if n := len(f.forge("kuangqu-union").proposed); n != 0 || w.Code != http.StatusUnprocessableEntity {
			t.Errorf("issue %q: %d, %d pull requests", typed, w.Code, n)
		}
	}
}

// A person's drafts not yet submitted have a ceiling too: a post without a draft makes a
// new one, so that a loop could otherwise fill the disk with them.
func TestOpenDraftsHaveACeiling(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	f.s.drafts.maxOpen = 2
	c := f.as("mine1-admin")
	var last *httptest.ResponseRecorder
	for i := 0; i < 3; i++ {
		last = f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"试验"}, "action": {"save"}}, nil, c)
	}
	if n := len(f.s.drafts.list("mine1-admin", "kuangqu-mine1")); n != 2 || !strings.Contains(last.Body.String(), "草稿") || last.Code == http.StatusOK {
		t.Errorf("%d drafts kept, the third post answered %d", n, last.Code)
	}
	// An existing draft is still saved.
	id := f.s.drafts.list("mine1-admin", "kuangqu-mine1")[0].ID
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"改过的"}, "action": {"save"}, "draft": {id}}, nil, c); w.Code != http.StatusOK {
		t.Errorf("saving an existing draft at the ceiling: %d", w.Code)
	}
}

// An IPv6 client has a whole /64 to send from: its limits are per /64, not per address.
func TestRateLimitPerIPv6Network(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	refused := 0
	for i := 0; i < 15; i++ {
		r := httptest.NewRequest("GET", "https://desk.test/login", nil)
		r.RemoteAddr = fmt.Sprintf("[2001:db8:1:2::%x]:40000", i+1)
		w := httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		if w.Code == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused == 0 {
		t.Errorf("15 sign-ins from 15 addresses of one /64 were all let through")
	}
}

// A proof in the base tree that is a symbolic link (to the desk's session key, say) is
// never served: the base is read without following links.
func TestExpertProofNeverFollowsALink(t *testing.T) {
	f := newFixture(t, "2023-10-15")
	secret := filepath.Join(t.TempDir(), "session.key")
	os.WriteFile(secret, []byte("%PDF-secret key"), 0o600)
	att := filepath.Join(f.root, "content/2023/attachments/kuangqu-mine1/yingyong-zhengming.pdf")
	os.Remove(att)
	if err := os.Symlink(secret, att); err != nil {
		t.Skip(err)
	}
	w := f.get("/expert/proof?id=kuangqu-mine1/pidai-jiupian&file=yingyong-zhengming.pdf", f.as("expert2"))
	if w.Code == http.StatusOK || strings.Contains(w.Body.String(), "secret key") {
		t.Errorf("a linked proof was served: %d", w.Code)
	}
}

// A proof in the base tree that grew past the proof ceiling (a terabyte, sparse) is not
// read whole to be served: it is refused, in bounded time and memory.
func TestExpertProofOverTheCeilingRefused(t *testing.T) {
	f := newFixture(t, "2023-10-15")
	att := filepath.Join(f.root, "content/2023/attachments/kuangqu-mine1/yingyong-zhengming.pdf")
	if err := os.Truncate(att, 1<<40); err != nil {
		t.Skipf("this file system makes no sparse file of a terabyte: %v", err)
	}
	start := time.Now()
	w := f.get("/expert/proof?id=kuangqu-mine1/pidai-jiupian&file=yingyong-zhengming.pdf", f.as("expert2"))
	if w.Code == http.StatusOK {
		t.Errorf("a proof of a terabyte was served: %d, %d bytes", w.Code, w.Body.Len())
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestResultsRewriteOverTheCeilingRefused grows results.yaml to a terabyte (sparse) after the
// desk loaded its base: the city's rewrites of it (its status, the proposed awards) refuse it
// in bounded time, where they read it whole.
func TestResultsRewriteOverTheCeilingRefused(t *testing.T) {
	for _, tc := range []struct {
		route string
		form  url.Values
	}{
		{"/city/status", url.Values{"status": {"notice"}, "notice_from": {"2023-12-05"}, "notice_to": {"2023-12-11"}}},
		{"/city/award", url.Values{}},
	} {
		t.Run(strings.TrimPrefix(tc.route, "/city/"), func(t *testing.T) {
			f := newFixture(t, "2023-12-03")
			draftResults(t, f)
			c := f.as("yq-union")
			if w := f.get("/city/", c); w.Code != http.StatusOK {
				t.Fatalf("dashboard: %d", w.Code)
			}
			if err := os.Truncate(filepath.Join(f.root, "content/2023/results.yaml"), 1<<40); err != nil {
				t.Skipf("this file system makes no sparse file of a terabyte: %v", err)
			}
			start := time.Now()
			w := f.postForm(tc.route, tc.form, c)
			if w.Code == http.StatusOK || len(f.forge("yq-union").proposed) != 0 {
				t.Errorf("a results.yaml of a terabyte was rewritten: %d, %d proposed", w.Code, len(f.forge("yq-union").proposed))
			}
			if !strings.Contains(w.Body.String(), "results.yaml：文件过大：超过上限 32.0 MiB") {
				t.Errorf("the city is not told why:\n%s", w.Body)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// The forge's token endpoint (or a proxy in front of it) that answers the code exchange or
// a refresh with a redirect to another host gets no sign-in out of it, and the other host
// never sees the request: a 307 resends the form, the application's secret, the code and
// its verifier or the refresh token in it.
func TestTokenRequestsNeverFollowARedirectToAnotherHost(t *testing.T) {
	var leaked []string
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		leaked = append(leaked, r.PostForm.Encode())
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"mine1-admin","refresh_token":"r2","token_type":"bearer","expires_in":3600}`))
	}))
	defer elsewhere.Close()
	forgeSide := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer forgeSide.Close()
	f := newFixture(t, "2026-09-15")
	f.s.oauth.Endpoint = oauth2.Endpoint{AuthURL: "https://forge.test/login/oauth/authorize", TokenURL: forgeSide.URL + "/login/oauth/access_token", AuthStyle: oauth2.AuthStyleInParams}

	w := f.get("/login", nil)
	loc, _ := url.Parse(w.Header().Get("Location"))
	r := httptest.NewRequest("GET", "https://desk.test/oauth/callback?code=good-code&state="+url.QueryEscape(loc.Query().Get("state")), nil)
	r.AddCookie(w.Result().Cookies()[0])
	w = httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	if w.Code != http.StatusBadGateway {
		t.Errorf("callback through a redirect elsewhere: %d, want 502", w.Code)
	}
	old := &http.Cookie{Name: f.s.cookieName(sessionCookie), Value: startSession(f.s.sessions, "mine1-admin",
		&oauth2.Token{AccessToken: "stale", RefreshToken: "r1", Expiry: f.s.sessions.now().Add(-time.Minute)})}
	if w := f.get("/unit/kuangqu-mine1/", old); w.Code != http.StatusSeeOther {
		t.Errorf("refresh through a redirect elsewhere: %d, want a new sign-in", w.Code)
	}
	if len(leaked) > 0 {
		t.Errorf("the token requests went to another host: %q", leaked)
	}
}

// assignments.yaml on the base branch that gives an expert a result he has a conflict of
// interest with (the checker refuses one, but the base may have changed under it: his
// affiliation edited in experts.yaml, the unit moved in units.yaml, a merge without the
// check) does not open that result to him: not in his packet, not its proofs (the
// non-public ones included), not a score line for it.
func TestAssignedConflictStaysOutOfThePacket(t *testing.T) {
	f := newFixture(t, "2023-10-15")
	sub := "content/2023/submissions/energy-power/peidian-xunjian.md"
	text, _ := os.ReadFile(filepath.Join(f.root, sub))
	write(t, f.root, sub, strings.Replace(string(text), "---\n## 建议内容", "attachments:\n  - {file: mingdan.pdf, title: 巡检人员名单, public: false}\n---\n## 建议内容", 1))
	write(t, f.root, "content/2023/attachments/energy-power/mingdan.pdf", string(pdf("名单")))
	write(t, f.root, "content/2023/assignments.yaml", "e02: [kuangqu-mine1/pidai-jiupian, energy-power/peidian-xunjian]\n")
	c := f.as("expert2") // e02, affiliated with energy, above energy-power
	body := f.get("/expert/", c).Body.String()
	if !strings.Contains(body, "皮带输送机自动纠偏装置") {
		t.Fatalf("the packet lacks the result assigned without a conflict:\n%s", body)
	}
	if strings.Contains(body, "配电室巡检二维码管理") || strings.Contains(body, "mingdan.pdf") {
		t.Errorf("the packet shows a result of a unit under the expert's own")
	}
	if w := f.get("/expert/proof?id=energy-power/peidian-xunjian&file=mingdan.pdf", c); w.Code != http.StatusForbidden {
		t.Errorf("the conflicted result's non-public proof: %d, want 403", w.Code)
	}
	f.postForm("/expert/scores", url.Values{"score_energy-power/peidian-xunjian_innovation": {"30"}, "action": {"save"}}, c)
	for _, d := range f.s.drafts.list("expert2", "expert-e02") {
		if _, ok := d.Scores["energy-power/peidian-xunjian"]; ok {
			t.Errorf("a score for the conflicted result was kept: %v", d.Scores)
		}
	}
}

// Roles are read by login, and a login is not always still its person's: a renamed or
// deleted GitHub account's name is free for anyone to register, and the city takes a
// person's access away by removing him from the repository's collaborators. An account
// the forge does not let read the repository is refused at sign-in (its token revoked),
// though units.yaml names it: it would have read the unit's drafts and an expert's packet,
// non-public proofs included, from the desk's own clone.
func TestSignInNeedsTheForgesLeaveToReadTheRepository(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v3/user":
			fmt.Fprint(w, `{"login":"mine1-admin"}`)
		case "/api/v3/repos/yq-union/wuxiao/git/ref/heads/main":
			if tok != "collaborator" {
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, `{"message":"Not Found"}`)
				return
			}
			fmt.Fprint(w, `{"ref":"refs/heads/main","object":{"sha":"aaa","type":"commit"}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer api.Close()
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"bearer"}`, r.PostForm.Get("code"))
	}))
	defer tokens.Close()
	f := newFixture(t, "2026-09-15")
	var revoked []string
	f.opt.Connect = func(_ context.Context, tok *oauth2.Token) Forge {
		g, err := forge.New(forge.GitHub, api.URL, tok.AccessToken, api.Client())
		if err != nil {
			t.Fatal(err)
		}
		return As(g, forge.Repo{Owner: "yq-union", Name: "wuxiao"}, "main")
	}
	f.opt.Revoke = func(_ context.Context, tok *oauth2.Token) error {
		revoked = append(revoked, tok.AccessToken)
		return nil
	}
	f.restart()
	f.s.oauth.Endpoint = oauth2.Endpoint{AuthURL: "https://forge.test/login/oauth/authorize", TokenURL: tokens.URL}
	signIn := func(code string) *httptest.ResponseRecorder {
		w := f.get("/login?next=/unit/kuangqu-mine1/", nil)
		loc, _ := url.Parse(w.Header().Get("Location"))
		r := httptest.NewRequest("GET", "https://desk.test/oauth/callback?code="+code+"&state="+url.QueryEscape(loc.Query().Get("state")), nil)
		r.AddCookie(w.Result().Cookies()[0])
		w = httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		return w
	}
	w := signIn("someone-else")
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "协作者") {
		t.Errorf("an account that cannot read the repository: %d\n%s", w.Code, w.Body)
	}
	for _, c := range w.Result().Cookies() {
		if c.Name == f.s.cookieName(sessionCookie) && c.MaxAge >= 0 {
			t.Errorf("it got a session cookie")
		}
	}
	if strings.Join(revoked, ",") != "someone-else" || !strings.Contains(f.audit.String(), `"login":"mine1-admin","ip":"192.0.2.1","action":"signin","result":"refused"`) {
		t.Errorf("revoked %q; audit log:\n%s", revoked, f.audit)
	}
	if w := signIn("collaborator"); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/unit/kuangqu-mine1/" {
		t.Errorf("a collaborator's sign-in: %d %s\n%s", w.Code, w.Header().Get("Location"), w.Body)
	}
}

// startSession begins a session of login, as a sign-in would, and returns the cookie value
// that carries it.
func startSession(ss *sessions, login string, tok *oauth2.Token) string {
	return ss.seal(ss.begin(login, tok))
}

// A draft holds a bounded number of proofs: each is a file of the pull request, and a
// forge call of its own when it is opened (a blob on GitHub, a look-up on Gitea), so one
// post of a thousand tiny PDFs would cost a thousand calls. A post of more files than the
// bound takes none of them, the proofs past the bound are not taken, and the form says so
// at the proofs.
func TestProofsOfADraftHaveACount(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	var ups []upload
	for i := range maxProofs + 5 {
		ups = append(ups, upload{"proof", fmt.Sprintf("p%d.pdf", i), pdf(fmt.Sprint("证明 ", i))})
	}
	w := f.postMultipart("/unit/kuangqu-mine1/declare", declaration2026(), ups, c)
	d := f.s.drafts.list("mine1-admin", "kuangqu-mine1")
	if len(d) != 1 || len(d[0].Proofs) != 0 {
		t.Fatalf("a draft kept %d proofs of a post of %d (more than %d)", len(d[0].Proofs), len(ups), maxProofs)
	}
	if n := len(f.forge("mine1-admin").proposed); n != 0 || !strings.Contains(w.Body.String(), fmt.Sprintf("最多 %d 份", maxProofs)) {
		t.Errorf("the proofs past the bound were not refused at the form (%d pull requests, %d)", n, w.Code)
	}
	v := declaration2026()
	v.Set("action", "save")
	v.Set("draft", d[0].ID)
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", v, ups[:maxProofs], c); w.Code != http.StatusOK {
		t.Fatalf("a post of %d proofs: %d", maxProofs, w.Code)
	}
	if d = f.s.drafts.list("mine1-admin", "kuangqu-mine1"); len(d[0].Proofs) != maxProofs {
		t.Fatalf("a post of %d proofs kept %d", maxProofs, len(d[0].Proofs))
	}
	// a draft already at the bound takes no more, one post at a time either
	w = f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"试验"}, "action": {"save"}, "draft": {d[0].ID}}, []upload{{"proof", "x.pdf", pdf("再一份")}}, c)
	d = f.s.drafts.list("mine1-admin", "kuangqu-mine1")
	if len(d[0].Proofs) > maxProofs || !strings.Contains(w.Body.String(), fmt.Sprintf("最多 %d 份", maxProofs)) {
		t.Errorf("a draft at the bound took one more: %d proofs", len(d[0].Proofs))
	}
}

// A draft on the desk's disk has a ceiling of its own: the ceilings on proofs count their
// bytes only, and a declaration's 48 fields of 64 KiB each, typed as control characters
// (six bytes each once in JSON), made a draft of 19 MB a post, 300 drafts a person and unit.
func TestDraftOnDiskHasACeiling(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := url.Values{"action": {"save"}}
	junk := strings.Repeat("\x01", formLimit)
	for _, k := range []string{"title", "category", "innovation", "group", "submitted", "started", "completed", "summary", "economic",
		"social", "studio", "tags", "contact_name", "contact_phone", "body", "commend_doc", "commend_date", "commend_award"} {
		v.Set(k, junk)
	}
	for i := range maxAuthors {
		for _, k := range []string{"author_name_", "author_role_", "author_job_"} {
			v.Set(k+fmt.Sprint(i), junk)
		}
	}
	w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c)
	var biggest int64
	filepath.Walk(f.opt.Drafts, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			biggest = max(biggest, info.Size())
		}
		return nil
	})
	if biggest > 1<<20 {
		t.Errorf("a post left a draft of %d bytes on the disk (%d)", biggest, w.Code)
	}
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "草稿太大") {
		t.Errorf("the person was not told the draft was not saved: %d", w.Code)
	}
	// an expert's sheet too: its form may be 2 MiB, a comment of control characters 12 MB
	f = newFixture(t, "2023-10-15") // the 2023 review phase of the example
	w = f.postForm("/expert/scores", url.Values{"action": {"save"}, "score_chengqu-heating/guanwang-loushui_innovation": {"24"},
		"comment_chengqu-heating/guanwang-loushui": {strings.Repeat("\x01", 300<<10)}}, f.as("expert2"))
	biggest = 0
	filepath.Walk(f.opt.Drafts, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			biggest = max(biggest, info.Size())
		}
		return nil
	})
	if biggest > 1<<20 || w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("an expert's post left a sheet of %d bytes on the disk (%d)", biggest, w.Code)
	}
}

// The requests the rate limits refuse are told in the audit log once a minute per limit,
// not each: a refusal costs the flood nothing, and its line (about 400 bytes with a long
// path) was written for every one, 8 MB for 20,000 requests from one address with no account.
func TestFloodOfRefusedRequestsWritesFewAuditLines(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	long := "/" + strings.Repeat("a", 400)
	refused := 0
	for range 1000 {
		r := httptest.NewRequest("GET", "https://desk.test"+long, nil)
		r.RemoteAddr = "203.0.113.9:1234"
		w := httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		if w.Code == http.StatusTooManyRequests {
			refused++
		}
	}
	lines := strings.Count(f.audit.String(), `"action":"rate-limit"`)
	if refused < 900 || lines != 1 {
		t.Errorf("%d requests refused, %d audit lines (%d bytes) about them; want 1", refused, lines, f.audit.Len())
	}
	f.s.limits.now = func() time.Time { return time.Now().Add(2 * time.Minute) } // a minute on, still flooding
	for range 100 {
		r := httptest.NewRequest("GET", "https://desk.test"+long, nil)
		r.RemoteAddr = "203.0.113.9:1234"
		f.s.ServeHTTP(httptest.NewRecorder(), r)
	}
	if n := strings.Count(f.audit.String(), `"action":"rate-limit"`); n != 2 {
		t.Errorf("a minute later the flood is told %d times in all, want 2", n)
	}
}

// A page of another site cannot spend the limits of its visitor's address: the requests it
// makes the browser send to the desk (images, scripts, frames, fetches), which no page of
// the desk's needs, are refused before they are counted. Before, sixty images of /login
// on any page one person of an office opened kept the whole office, behind one address,
// from signing in and from the sign-in page itself.
func TestAnotherSitesPageCannotSpendTheLimits(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	send := func(target, site, mode, dest string) int {
		r := httptest.NewRequest("GET", "https://desk.test"+target, nil)
		r.RemoteAddr = "203.0.113.9:1234"
		r.Header.Set("Sec-Fetch-Site", site)
		r.Header.Set("Sec-Fetch-Mode", mode)
		r.Header.Set("Sec-Fetch-Dest", dest)
		w := httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		return w.Code
	}
	for range 70 {
		send("/login", "cross-site", "no-cors", "image")
		send("/", "cross-site", "navigate", "iframe")
		send("/static/desk.css", "same-site", "no-cors", "style")
	}
	if code := send("/login", "none", "navigate", "document"); code != http.StatusFound {
		t.Errorf("after another site's images, the office's sign-in: %d, want 302", code)
	}
	if code := send("/", "cross-site", "navigate", "document"); code != http.StatusOK {
		t.Errorf("a link from another site to the desk: %d, want 200", code)
	}
	if code := send("/login", "cross-site", "no-cors", "image"); code != http.StatusForbidden {
		t.Errorf("an image of /login on another site's page: %d, want 403", code)
	}
}

// One person's drafts of one unit have a ceiling on their text as a whole: every page of
// the unit reads them all (unitHome, the ceilings' count), and 300 drafts of 1 MiB each
// cost 2.5 s of the desk's CPU a page view, one a second from one grassroots admin.
func TestDraftsOfAPersonHaveATextCeiling(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	body := strings.Repeat("\x01", 160<<10) // six bytes each in the draft's JSON: about 1 MiB a draft
	refused := 0
	for range 20 {
		dr := &draft{ID: newDraftID(), Unit: "kuangqu-mine1", Form: declaration{Body: body}}
		if f.s.drafts.save("mine1-admin", dr) != nil {
			refused++
		}
	}
	var total int64
	dir, _ := f.s.drafts.folder("mine1-admin", "kuangqu-mine1")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && filepath.Ext(e.Name()) == ".json" {
			total += info.Size()
		}
	}
	if total > maxDraftsText || refused == 0 {
		t.Fatalf("one person's drafts of a unit hold %d bytes (%d refused), want at most %d", total, refused, maxDraftsText)
	}
	w := f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"试验"}, "action": {"save"}, "body": {strings.Repeat("长", 40000)}}, nil, f.as("mine1-admin"))
	if w.Code != http.StatusInsufficientStorage || !strings.Contains(w.Body.String(), fmt.Sprintf("%d MiB", maxDraftsText>>20)) {
		t.Errorf("a draft past the person's ceiling: %d", w.Code)
	}
	// a draft saved again in place is not counted twice
	d := f.s.drafts.list("mine1-admin", "kuangqu-mine1")
	if err := f.s.drafts.save("mine1-admin", d[0]); err != nil {
		t.Errorf("a kept draft saved again unchanged: %v", err)
	}
}

// A unit's id names its drafts' folder: an id that is no id (units.yaml on the base branch
// says "../../escape"; the loader reports it and keeps the unit) puts nothing outside the
// drafts folder, and that unit's drafts are refused at every use, not only at the load.
func TestDraftFolderOfABadUnitIDStaysInside(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	units, _ := os.ReadFile(filepath.Join(f.root, "content/units.yaml"))
	bad := "- id: ../../escape\n  name: 越界工会\n  type: grassroots\n  sector: enterprise\n  parent: kuangqu\n  admins: [mine1-admin]\n"
	write(t, f.root, "content/units.yaml", string(units)+bad)
	c := f.as("mine1-admin")
	proof := []byte("%PDF-1.4 proof")
	w := f.postMultipart("/unit/..%2F..%2Fescape/declare", url.Values{"title": {"越界"}, "action": {"save"}}, []upload{{"proof", "zhengming.pdf", proof}}, c)
	escape := filepath.Join(f.opt.Drafts, "person", "../../escape") // beside the drafts folder
	var outside []string
	filepath.WalkDir(escape, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			outside = append(outside, p)
		}
		return nil
	})
	if len(outside) > 0 {
		t.Errorf("a save for unit %q answered %d and wrote outside the drafts folder: %q", "../../escape", w.Code, outside)
	}
	if _, err := f.s.drafts.proofPath("mine1-admin", "../../escape", strings.Repeat("a", 64)); err == nil {
		t.Errorf("a proof path for unit ../../escape was made")
	}
}
