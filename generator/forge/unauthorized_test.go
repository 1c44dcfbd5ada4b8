package forge

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRefusedTokenIsErrUnauthorized: a 401 (a revoked token, an authorization the person
// withdrew) is told apart from a forge that is down, on each forge, so that the desk ends
// the session of a token the forge refuses.
func TestRefusedTokenIsErrUnauthorized(t *testing.T) {
	for _, k := range []Kind{GitHub, Gitea} {
		for _, status := range []int{http.StatusUnauthorized, http.StatusBadGateway} {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				w.Write([]byte(`{"message":"Bad credentials"}`))
			}))
			f, err := New(k, srv.URL, "tok", srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.Me(context.Background())
			srv.Close()
			if err == nil || errors.Is(err, ErrUnauthorized) != (status == http.StatusUnauthorized) {
				t.Errorf("%s, %d: %v", k, status, err)
			}
		}
	}
}
