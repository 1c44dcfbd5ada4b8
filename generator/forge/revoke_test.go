package forge

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRevokeGitHub: signing out asks GitHub to delete the token, as GitHub documents it
// (DELETE /applications/{client_id}/token, the application's id and secret as basic
// authentication, the token in the body); an answer other than 204 is an error.
func TestRevokeGitHub(t *testing.T) {
	for _, status := range []int{http.StatusNoContent, http.StatusNotFound, http.StatusUnprocessableEntity} {
		var got []string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			user, pass, _ := r.BasicAuth()
			var body struct {
				AccessToken string `json:"access_token"`
			}
			data, _ := io.ReadAll(r.Body)
			json.Unmarshal(data, &body)
			got = append(got, r.Method+" "+r.URL.Path+" "+user+":"+pass+" "+body.AccessToken)
			w.WriteHeader(status)
		}))
		err := Revoke(context.Background(), GitHub, srv.URL, "app-id", "app-secret", "tok-1", srv.Client())
		srv.Close()
		want := "DELETE /api/v3/applications/app-id/token app-id:app-secret tok-1"
		if len(got) != 1 || got[0] != want {
			t.Errorf("status %d: requests %q, want [%q]", status, got, want)
		}
		if (err == nil) != (status == http.StatusNoContent) {
			t.Errorf("status %d: err = %v", status, err)
		}
	}
}

// TestRevokeGitea: Gitea and Forgejo have no endpoint to revoke an OAuth token, so
// Revoke says so without a request (their access tokens expire within hours).
func TestRevokeGitea(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	}))
	defer srv.Close()
	for _, k := range []Kind{Gitea, Forgejo} {
		if err := Revoke(context.Background(), k, srv.URL, "id", "secret", "tok", srv.Client()); !errors.Is(err, ErrCannotRevoke) {
			t.Errorf("%s: err = %v, want ErrCannotRevoke", k, err)
		}
	}
}
