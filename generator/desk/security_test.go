package desk

import (
	"net/url"
	"testing"
	"wuxiao/generator/content"
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
