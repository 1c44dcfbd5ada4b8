package desk

import (
	"net/url"
	"testing"
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
