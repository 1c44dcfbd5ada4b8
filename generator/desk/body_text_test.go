package desk

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestProposalBodyTakesTypedTextAsText: what a county types (its 文号) reaches the pull
// request's body as text: not an image the forge loads from another host for everyone
// who opens the pull request, not an @mention notifying whoever it names.
func TestProposalBodyTakesTypedTextAsText(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	addPending(t, f.root)
	c := f.as("kuangqu-union")
	doc := "矿区工发〔2026〕8号 @mallory ![x](http://evil.example/p.png)"
	v := url.Values{"pick_kuangqu-mine1/pidai-zhangjin": {"1"}, "award_kuangqu-mine1/pidai-zhangjin": {"一等奖"}, "doc": {doc}, "date": {"2026-09-18"}}
	if w := f.postForm("/county/kuangqu/recommend", v, c); w.Code != http.StatusOK {
		t.Fatalf("recommend: %d\n%s", w.Code, w.Body)
	}
	got := f.forge("kuangqu-union").proposed
	if len(got) != 1 {
		t.Fatalf("proposed %d pull requests", len(got))
	}
	body := got[0].Body
	if strings.Contains(body, "![") || strings.Contains(body, "](") || strings.Contains(body, "@mallory") {
		t.Errorf("the body takes the 文号 as Markdown: %q", body)
	}
	if !strings.Contains(strings.NewReplacer("\\", "", "\u200b", "").Replace(body), doc) {
		t.Errorf("the body lost the 文号 as typed: %q", body)
	}
}
