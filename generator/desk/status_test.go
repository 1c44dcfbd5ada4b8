package desk

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// draftResults turns the 2023 results of the fixture back into a draft.
func draftResults(t *testing.T, f *fixture) {
	t.Helper()
	write(t, f.root, "content/2023/results.yaml", `# 市总工会评选结果
status: draft
awards:
  - {submission: kuangqu-mine1/pidai-jiupian, award: 一等奖}
  - {submission: jiaoqu-farm/dapeng-tongfeng, award: 二等奖}
  - {submission: chengqu-heating/guanwang-loushui, award: 二等奖}
  - {submission: chengqu-vocational/diangong-jiaoju, award: 三等奖}
  - {submission: energy-power/peidian-xunjian, award: 三等奖}
winning_units: [kuangqu, jiaoqu]
`)
}

func TestCityMovesResultsToNotice(t *testing.T) {
	f := newFixture(t, "2023-12-03")
	draftResults(t, f)
	c := f.as("yq-union")
	page := f.get("/city/", c).Body.String()
	if !strings.Contains(page, `action="/city/status"`) || !strings.Contains(page, "草稿") {
		t.Fatalf("no status form on the dashboard:\n%s", page)
	}
	w := f.postForm("/city/status", url.Values{"status": {"notice"}, "notice_from": {"2023-12-05"}, "notice_to": {"2023-12-11"}}, c)
	if w.Code != http.StatusOK {
		t.Fatalf("notice: %d\n%s", w.Code, w.Body)
	}
	got := f.forge("yq-union").proposed
	if len(got) != 1 {
		t.Fatalf("proposed %+v", got)
	}
	text := string(got[0].Files["content/2023/results.yaml"])
	for _, want := range []string{"# 市总工会评选结果", "status: notice", "from: 2023-12-05", "to: 2023-12-11", "award: 一等奖", "winning_units: [kuangqu, jiaoqu]"} {
		if !strings.Contains(text, want) {
			t.Errorf("results.yaml lacks %q:\n%s", want, text)
		}
	}
}

func TestNoticeTooShortCommitsNothing(t *testing.T) {
	f := newFixture(t, "2023-12-03")
	draftResults(t, f)
	c := f.as("yq-union")
	w := f.postForm("/city/status", url.Values{"status": {"notice"}, "notice_from": {"2023-12-05"}, "notice_to": {"2023-12-06"}}, c)
	if w.Code != http.StatusUnprocessableEntity || len(f.forge("yq-union").proposed) != 0 {
		t.Fatalf("a two-day notice: %d, %d proposed", w.Code, len(f.forge("yq-union").proposed))
	}
	body := w.Body.String()
	if !strings.Contains(body, "没有提交") || !strings.Contains(body, `value="2023-12-06"`) {
		t.Errorf("the form is not shown again with its values:\n%s", body)
	}
	notice := body[strings.Index(body, `id="notice_from"`):strings.Index(body, `id="doc"`)]
	if !strings.Contains(notice, `class="problem"`) || strings.Contains(body, "results:") {
		t.Errorf("the finding is not beside the notice window, in plain words:\n%s", body)
	}
}

func TestCityMovesResultsToFinal(t *testing.T) {
	f := newFixture(t, "2023-12-12")
	write(t, f.root, "content/2023/results.yaml", strings.Replace(readFile(t, f.root, "content/2023/results.yaml"),
		"status: final\nnotice: {from: 2023-12-05, to: 2023-12-11}\ndoc: 阳工发〔2023〕68号\n", "status: notice\nnotice: {from: 2023-12-05, to: 2023-12-11}\n", 1))
	c := f.as("yq-union")
	// without the decision's number: refused beside the field
	w := f.postForm("/city/status", url.Values{"status": {"final"}, "notice_from": {"2023-12-05"}, "notice_to": {"2023-12-11"}}, c)
	if w.Code != http.StatusUnprocessableEntity || len(f.forge("yq-union").proposed) != 0 {
		t.Fatalf("final without doc: %d", w.Code)
	}
	if doc := w.Body.String()[strings.Index(w.Body.String(), `id="doc"`):]; !strings.Contains(doc, `class="problem"`) {
		t.Errorf("no finding beside the doc field:\n%s", w.Body)
	}
	w = f.postForm("/city/status", url.Values{"status": {"final"}, "notice_from": {"2023-12-05"}, "notice_to": {"2023-12-11"}, "doc": {"阳工发〔2023〕68号"}}, c)
	if w.Code != http.StatusOK {
		t.Fatalf("final: %d\n%s", w.Code, w.Body)
	}
	text := string(f.forge("yq-union").proposed[0].Files["content/2023/results.yaml"])
	if !strings.Contains(text, "status: final") || !strings.Contains(text, "doc: 阳工发〔2023〕68号") {
		t.Errorf("results.yaml:\n%s", text)
	}
}

func TestFinalBeforeNoticeEndsCommitsNothing(t *testing.T) {
	f := newFixture(t, "2023-12-08")
	draftResults(t, f)
	c := f.as("yq-union")
	w := f.postForm("/city/status", url.Values{"status": {"final"}, "notice_from": {"2023-12-05"}, "notice_to": {"2023-12-11"}, "doc": {"阳工发〔2023〕68号"}}, c)
	if w.Code != http.StatusUnprocessableEntity || len(f.forge("yq-union").proposed) != 0 {
		t.Fatalf("final inside the notice window: %d", w.Code)
	}
	body := w.Body.String()
	if notice := body[strings.Index(body, `id="notice_from"`):strings.Index(body, `id="doc"`)]; !strings.Contains(notice, `class="problem"`) {
		t.Errorf("the finding is not beside the notice window:\n%s", body)
	}
}

func TestOnlyCityChangesResultsStatus(t *testing.T) {
	f := newFixture(t, "2023-12-03")
	draftResults(t, f)
	for _, login := range []string{"kuangqu-union", "mine1-admin", "expert2"} {
		w := f.postForm("/city/status", url.Values{"status": {"notice"}, "notice_from": {"2023-12-05"}, "notice_to": {"2023-12-11"}}, f.as(login))
		if w.Code != http.StatusForbidden || len(f.forge(login).proposed) != 0 {
			t.Errorf("%s: %d", login, w.Code)
		}
	}
}

func readFile(t *testing.T, root, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// A 文号 that YAML would read as something other than text (null, ~, a number, a boolean)
// is written as the text the city office typed: as a plain scalar the checker would read
// `doc: null` as no decision at all and refuse the change.
func TestDocTypedAsYAMLWordStaysText(t *testing.T) {
	old := []byte("status: notice\nnotice: {from: 2023-12-05, to: 2023-12-11}\n")
	for _, typed := range []string{"null", "~", "Null", "NULL", "true", "no", "68", "0x10", "1e3", ".inf", "2023-12-12", "阳工发〔2023〕68号"} {
		data, err := setStatus(old, statusFields{Status: "final", From: "2023-12-05", To: "2023-12-11", Doc: typed})
		if err != nil {
			t.Fatalf("%q: %v", typed, err)
		}
		var got struct{ Doc any }
		if err := yaml.Unmarshal(data, &got); err != nil {
			t.Fatalf("%q: %v\n%s", typed, err, data)
		}
		if s, ok := got.Doc.(string); !ok || s != typed {
			t.Errorf("doc typed as %q reads back as %#v:\n%s", typed, got.Doc, data)
		}
	}
	f := newFixture(t, "2023-12-12")
	write(t, f.root, "content/2023/results.yaml", strings.Replace(readFile(t, f.root, "content/2023/results.yaml"),
		"status: final\nnotice: {from: 2023-12-05, to: 2023-12-11}\ndoc: 阳工发〔2023〕68号\n", "status: notice\nnotice: {from: 2023-12-05, to: 2023-12-11}\n", 1))
	w := f.postForm("/city/status", url.Values{"status": {"final"}, "notice_from": {"2023-12-05"}, "notice_to": {"2023-12-11"}, "doc": {"null"}}, f.as("yq-union"))
	if w.Code != http.StatusOK {
		t.Fatalf("final with doc null: %d\n%s", w.Code, w.Body)
	}
	if text := string(f.forge("yq-union").proposed[0].Files["content/2023/results.yaml"]); !strings.Contains(text, `doc: "null"`) {
		t.Errorf("results.yaml:\n%s", text)
	}
}
