package desk

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"wuxiao/generator/forge"
)

// TestReplayIsStrict: the replay of GitHub refuses what GitHub would not have been asked
// in the cassette: an unexpected request, one out of order, one as the wrong person, a body
// that differs, a PKCE verifier that does not fit; and a cassette not played to its end.
func TestReplayIsStrict(t *testing.T) {
	people := map[string]person{"unit": {"wx-unit", "gho_unit"}, "county": {"wx-county", "gho_county"}}
	user := exchange{Host: "api.github.com", As: "unit", Request: replayRequest{Method: "GET", Path: "/user"},
		Response: replayResponse{Status: 200, JSON: []byte(`{"login":"wx-unit"}`)}}
	mainRef := exchange{Host: "api.github.com", As: "unit", Request: replayRequest{Method: "GET", Path: "/repos/yq-union/wuxiao-desk/git/ref/heads/main"},
		Response: replayResponse{Status: 200, JSON: []byte(`{"ref":"refs/heads/main","object":{"sha":"aaa","type":"commit"}}`)}}
	blob := exchange{Host: "api.github.com", As: "unit", Request: replayRequest{Method: "POST", Path: "/repos/yq-union/wuxiao-desk/git/refs",
		JSON: []byte(`{"ref":"refs/heads/desk/u/{{stamp}}","sha":"{{*}}"}`)},
		Response: replayResponse{Status: 201, JSON: []byte(`{"ref":"refs/heads/desk/u/{{stamp}}","object":{"sha":"bbb"}}`)}}
	start := func(xs ...exchange) (*replay, func(token string) forge.Forge) {
		rp := &replay{repo: forge.Repo{Owner: "yq-union", Name: "wuxiao-desk"}, people: people, exchanges: xs, files: make([]string, len(xs)), vars: map[string]string{}, failed: make(chan struct{})}
		srv := httptest.NewServer(rp)
		t.Cleanup(srv.Close)
		u, _ := url.Parse(srv.URL)
		return rp, func(token string) forge.Forge {
			f, err := forge.New(forge.GitHub, "", token, &http.Client{Transport: apiTransport{u.Host}})
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	ctx := context.Background()
	errsOf := func(rp *replay) string { return strings.Join(rp.Errors(), "\n") }

	t.Run("played in order", func(t *testing.T) {
		rp, as := start(user, mainRef)
		if login, err := as("gho_unit").Me(ctx); err != nil || login != "wx-unit" {
			t.Fatalf("Me = %q, %v", login, err)
		}
		if sha, err := as("gho_unit").Branch(ctx, rp.repo, "main"); err != nil || sha != "aaa" {
			t.Fatalf("Branch = %q, %v", sha, err)
		}
		if e := errsOf(rp); e != "" {
			t.Fatal(e)
		}
	})
	t.Run("wrong person", func(t *testing.T) {
		rp, as := start(user)
		if _, err := as("gho_county").Me(ctx); err == nil || !strings.Contains(errsOf(rp), "made with the token of county, want unit's") {
			t.Fatalf("as the county: %v\n%s", err, errsOf(rp))
		}
	})
	t.Run("out of order", func(t *testing.T) {
		rp, as := start(user, mainRef)
		if _, err := as("gho_unit").Branch(ctx, rp.repo, "main"); err == nil || !strings.Contains(errsOf(rp), "want path /user") {
			t.Fatalf("out of order: %v\n%s", err, errsOf(rp))
		}
	})
	t.Run("unexpected and leftover", func(t *testing.T) {
		rp, as := start(user)
		as("gho_unit").Me(ctx)
		if _, err := as("gho_unit").Me(ctx); err == nil || !strings.Contains(errsOf(rp), "unexpected request after the cassettes' end") {
			t.Fatalf("one too many: %v\n%s", err, errsOf(rp))
		}
		rp, _ = start(user, mainRef)
		if !strings.Contains(errsOf(rp), "2 of 2 exchanges were never played") {
			t.Fatalf("nothing played: %s", errsOf(rp))
		}
	})
	t.Run("body and placeholders", func(t *testing.T) {
		rp, as := start(blob, blob)
		if err := as("gho_unit").CreateBranch(ctx, rp.repo, "desk/u/x1", "main"); err == nil {
			t.Fatal("CreateBranch reads main first: should fail")
		}
		rp, as = start(mainRef, blob, mainRef, blob)
		if err := as("gho_unit").CreateBranch(ctx, rp.repo, "desk/u/x1", "main"); err != nil || rp.Var("stamp") != "x1" {
			t.Fatalf("CreateBranch = %v, stamp %q\n%s", err, rp.Var("stamp"), errsOf(rp))
		}
		// The stamp is bound: the same exchange with another branch is refused.
		if err := as("gho_unit").CreateBranch(ctx, rp.repo, "desk/u/x2", "main"); err == nil || !strings.Contains(errsOf(rp), `.ref = refs/heads/desk/u/x2, want "refs/heads/desk/u/{{stamp}}"`) {
			t.Fatalf("another branch: %v\n%s", err, errsOf(rp))
		}
	})
	t.Run("PKCE", func(t *testing.T) {
		token := exchange{Host: "github.com", Request: replayRequest{Method: "POST", Path: "/login/oauth/access_token",
			Form: map[string]string{"code_verifier": "{{v}}"}}, Response: replayResponse{Status: 200, Text: "access_token=gho_unit&token_type=bearer"},
			PKCE: &struct{ Challenge, Verifier string }{"c", "v"}}
		for _, tc := range []struct {
			verifier string
			ok       bool
		}{{"the-verifier-0123456789-0123456789-0123456789", true}, {"another-verifier", false}} {
			rp, _ := start(token)
			sum := sha256.Sum256([]byte("the-verifier-0123456789-0123456789-0123456789"))
			rp.vars["c"] = base64.RawURLEncoding.EncodeToString(sum[:])
			srv := httptest.NewServer(rp)
			resp, err := srv.Client().PostForm(srv.URL+"/login/oauth/access_token", url.Values{"code_verifier": {tc.verifier}})
			srv.Close()
			if err != nil {
				t.Fatal(err)
			}
			if got := resp.StatusCode == 200 && errsOf(rp) == ""; got != tc.ok {
				t.Errorf("verifier %q: status %d, accepted %v, want %v\n%s", tc.verifier, resp.StatusCode, got, tc.ok, errsOf(rp))
			}
		}
	})
}
