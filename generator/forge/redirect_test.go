package forge

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// hosts is a transport that answers each host with its own handler, so that a test can
// name hosts (a forge, another one, a subdomain) without DNS; it records every request.
type hosts struct {
	mu   sync.Mutex
	by   map[string]http.HandlerFunc
	seen []*http.Request
}

func (h *hosts) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.seen = append(h.seen, r)
	handler := h.by[r.URL.Host]
	h.mu.Unlock()
	if r.Body != nil { // read whole, as a server would, and handed on to the handler
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	w := httptest.NewRecorder()
	if handler == nil {
		http.NotFound(w, r)
	} else {
		handler(w, r)
	}
	resp := w.Result()
	resp.Request = r
	return resp, nil
}

// redirectTo answers every request with a 307 to the same path on target.
func redirectTo(target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}
}

func me(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"login":"someone","username":"someone"}`)
}

// A forge (or a proxy in front of it) that answers with a redirect to another host never
// gets the person's token, nor the OAuth application's secret, sent there: GitHub's client
// sets the token on every request it makes, a redirect's too, and Go's own client keeps it
// for a subdomain. The call fails instead; a redirect on the forge's own host (GitHub's
// answer for a renamed repository) is still followed.
func TestTokenNeverFollowsARedirectToAnotherHost(t *testing.T) {
	const forgeURL = "https://forge.example.cn"
	for _, other := range []string{"https://elsewhere.example.net", "https://evil.forge.example.cn", "http://forge.example.cn"} {
		for _, kind := range []Kind{GitHub, Gitea} {
			h := &hosts{by: map[string]http.HandlerFunc{}}
			h.by[strings.TrimPrefix(forgeURL, "https://")] = redirectTo(other)
			if other != "http://forge.example.cn" {
				h.by[strings.SplitN(other, "//", 2)[1]] = me
			}
			f, err := New(kind, forgeURL+"/", "tok-secret", &http.Client{Transport: h})
			if err != nil {
				t.Fatal(err)
			}
			if login, err := f.Me(context.Background()); err == nil {
				t.Errorf("%s redirected to %s: Me = %q, want an error", kind, other, login)
			}
			for _, r := range h.seen {
				if r.URL.Scheme+"://"+r.URL.Host != forgeURL && r.Header.Get("Authorization") != "" {
					t.Errorf("%s: the token went to %s", kind, r.URL)
				}
			}
		}
		h := &hosts{by: map[string]http.HandlerFunc{"forge.example.cn": redirectTo(other), strings.SplitN(other, "//", 2)[1]: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNoContent)
		}}}
		Revoke(context.Background(), GitHub, forgeURL, "app-id", "app-secret", "tok-secret", &http.Client{Transport: h})
		for _, r := range h.seen {
			if r.URL.Scheme+"://"+r.URL.Host != forgeURL && r.Header.Get("Authorization") != "" {
				t.Errorf("revoke: the application's secret went to %s", r.URL)
			}
		}
	}
	// On the forge's own host a redirect is followed, the token with it.
	for _, kind := range []Kind{GitHub, Gitea} {
		h := &hosts{by: map[string]http.HandlerFunc{"forge.example.cn": func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/moved") {
				me(w, r)
				return
			}
			http.Redirect(w, r, "/moved"+r.URL.Path, http.StatusMovedPermanently)
		}}}
		f, _ := New(kind, forgeURL+"/", "tok-secret", &http.Client{Transport: h})
		if login, err := f.Me(context.Background()); err != nil || login != "someone" {
			t.Errorf("%s redirected on its own host: %q, %v", kind, login, err)
		}
	}
}
