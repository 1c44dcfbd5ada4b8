package desk

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func bulletinValues() url.Values {
	return url.Values{"title": {"矿区“五小”竞赛推进会召开"}, "date": {"2026-09-15"}, "issue": {"1"},
		"body": {"矿区总工会召开推进会，部署本年度“五小”竞赛申报和本级评审工作。"}}
}

func TestCountyWritesBulletin(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	c := f.as("kuangqu-union")
	page := f.get("/county/kuangqu/bulletin", c)
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `name="issue"`) || !strings.Contains(page.Body.String(), `value="1"`) {
		t.Fatalf("bulletin form: %d\n%s", page.Code, page.Body)
	}
	if !strings.Contains(f.get("/county/kuangqu/", c).Body.String(), "county/kuangqu/bulletin") {
		t.Errorf("the county page does not lead to the bulletin form")
	}
	w := f.postForm("/county/kuangqu/bulletin", bulletinValues(), c)
	if w.Code != http.StatusOK {
		t.Fatalf("post: %d\n%s", w.Code, w.Body)
	}
	got := f.forge("kuangqu-union").proposed
	if len(got) != 1 || len(got[0].Files) != 1 {
		t.Fatalf("proposed %+v", got)
	}
	for p, data := range got[0].Files {
		text := string(data)
		if !strings.HasPrefix(p, "content/2026/bulletins/") || !strings.HasSuffix(p, ".md") ||
			!strings.Contains(text, "unit: kuangqu\n") || !strings.Contains(text, "issue: 1\n") || !strings.Contains(text, "部署本年度") {
			t.Errorf("%s:\n%s", p, text)
		}
	}
}

func TestBulletinNextIssueIsSuggestedPerIssuer(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	write(t, f.root, "content/2026/bulletins/kuangqu-1.md", "---\ntitle: 第一期\ndate: 2026-04-01\nissue: 1\nunit: kuangqu\n---\n正文。\n")
	write(t, f.root, "content/2026/bulletins/kuangqu-2.md", "---\ntitle: 第二期\ndate: 2026-05-01\nissue: 2\nunit: kuangqu\n---\n正文。\n")
	write(t, f.root, "content/2026/bulletins/city-7.md", "---\ntitle: 市总第七期\ndate: 2026-05-01\nissue: 7\n---\n正文。\n")
	body := f.get("/county/kuangqu/bulletin", f.as("kuangqu-union")).Body.String()
	if !strings.Contains(body, `name="issue" type="number" min="1" value="3"`) {
		t.Errorf("next issue for kuangqu should be 3:\n%s", body)
	}
	// a taken issue number is refused beside its field, nothing committed
	v := bulletinValues()
	v.Set("issue", "2")
	w := f.postForm("/county/kuangqu/bulletin", v, f.as("kuangqu-union"))
	if w.Code != http.StatusUnprocessableEntity || len(f.forge("kuangqu-union").proposed) != 0 {
		t.Fatalf("duplicate issue: %d, %d proposed", w.Code, len(f.forge("kuangqu-union").proposed))
	}
	if !strings.Contains(w.Body.String(), "同一发布单位的期号不能重复") {
		t.Errorf("no finding about the issue:\n%s", w.Body)
	}
}

func TestAnotherCountyCannotPostBulletin(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	c := f.as("kuangqu-union")
	if w := f.get("/county/chengqu/bulletin", c); w.Code != http.StatusForbidden {
		t.Errorf("another county's form: %d", w.Code)
	}
	if w := f.postForm("/county/chengqu/bulletin", bulletinValues(), c); w.Code != http.StatusForbidden {
		t.Errorf("another county's post: %d", w.Code)
	}
	if w := f.postForm("/county/kuangqu/bulletin", bulletinValues(), f.as("mine1-admin")); w.Code != http.StatusForbidden {
		t.Errorf("a unit admin's post: %d", w.Code)
	}
	for login, ff := range f.forges {
		if len(ff.proposed) != 0 {
			t.Errorf("%s proposed %d changes", login, len(ff.proposed))
		}
	}
}

func TestBulletinFailingCheckCommitsNothing(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	c := f.as("kuangqu-union")
	v := bulletinValues()
	v.Set("date", "2026-10-15") // after today
	v.Set("body", "有事请联系 13903530011。")
	w := f.postForm("/county/kuangqu/bulletin", v, c)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("post: %d\n%s", w.Code, w.Body)
	}
	if n := len(f.forge("kuangqu-union").proposed); n != 0 {
		t.Fatalf("%d changes proposed", n)
	}
	body := w.Body.String()
	if !strings.Contains(body, "没有提交") || !strings.Contains(body, "有事请联系 13903530011。") || !strings.Contains(body, `value="2026-10-15"`) {
		t.Errorf("the form is not shown again with its values:\n%s", body)
	}
	dateField := body[strings.Index(body, `id="date"`):strings.Index(body, `id="issue"`)]
	bodyField := body[strings.Index(body, `id="body"`):]
	if !strings.Contains(dateField, `class="problem"`) || !strings.Contains(bodyField, `class="problem"`) {
		t.Errorf("the findings are not beside the date and the body:\n%s", body)
	}
	if strings.Contains(body, "pii:") || strings.Contains(body, "phase:") {
		t.Errorf("rule ids shown:\n%s", body)
	}
}

func TestBulletinIssueOfAnOpenPullRequestIsTaken(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	c := f.as("kuangqu-union")
	if w := f.postForm("/county/kuangqu/bulletin", bulletinValues(), c); w.Code != http.StatusOK {
		t.Fatalf("first bulletin: %d", w.Code)
	}
	// not merged yet: the form suggests the issue after it, and refuses the same issue again
	if body := f.get("/county/kuangqu/bulletin", c).Body.String(); !strings.Contains(body, `name="issue" type="number" min="1" value="2"`) {
		t.Errorf("next issue beside an open pull request should be 2:\n%s", body)
	}
	w := f.postForm("/county/kuangqu/bulletin", bulletinValues(), c)
	if w.Code != http.StatusUnprocessableEntity || len(f.forge("kuangqu-union").proposed) != 1 {
		t.Fatalf("same issue twice: %d, %d proposed", w.Code, len(f.forge("kuangqu-union").proposed))
	}
	issue := w.Body.String()[strings.Index(w.Body.String(), `id="issue"`):strings.Index(w.Body.String(), `id="body"`)]
	if !strings.Contains(issue, "合并请求 #1") {
		t.Errorf("no finding beside the issue naming the open pull request:\n%s", w.Body)
	}
}
