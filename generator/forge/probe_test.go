package forge

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestProbe: the forge at an address says, without a token, what it is; an address that
// is no forge of that kind, or none at all, gives the failure's sentinel, so that `wuxiao
// desk` can tell its administrator at start what is wrong with --forge-url.
func TestProbe(t *testing.T) {
	forge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the probe sent credentials: %q", r.Header.Get("Authorization"))
		}
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v1/version":
			w.Write([]byte(`{"version":"1.26.0"}`))
		case "/api/v3/meta":
			w.Write([]byte(`{"verifiable_password_authentication":true}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer forge.Close()
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte("<html><body>单位主页</body></html>"))
	}))
	defer other.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, c := range []struct {
		kind Kind
		url  string
		want string
		err  error
	}{
		{Gitea, forge.URL, "Gitea 1.26.0", nil},
		{Forgejo, forge.URL + "/", "Forgejo 1.26.0", nil},
		{GitHub, forge.URL, "GitHub", nil},
		{Gitea, other.URL, "", ErrNotFound},
		{Gitea, closed.URL, "", ErrUnreachable},
		{GitHub, closed.URL, "", ErrUnreachable},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		got, err := Probe(ctx, c.kind, c.url, forge.Client())
		cancel()
		if c.err != nil {
			checkFailure(t, c.kind, "probe "+c.url, err, c.err)
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s at %s: %q, %v; want %q", c.kind, c.url, got, err, c.want)
		}
	}
}

// TestProbeRealGitea: the test's Gitea says what it is.
func TestProbeRealGitea(t *testing.T) {
	url, _ := giteaServer(t)
	got, err := Probe(context.Background(), Gitea, url, nil)
	if err != nil || !strings.HasPrefix(got, "Gitea 1.") {
		t.Errorf("Probe = %q, %v", got, err)
	}
}
