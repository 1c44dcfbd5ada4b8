package forge

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// failures is every sentinel a failed call is told apart by, for the table's reports.
var failures = []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrRateLimited, ErrTooLarge, ErrUnavailable, ErrUnreachable, ErrCertificate}

// TestFailuresAreToldApart: each way a forge, or the nginx in front of it, refuses or
// fails a call is wrapped in its own sentinel on each forge, so that the desk tells the
// person what happened and what to do, not one sentence for all; and none is taken for
// another (a 502 is not a refused token).
func TestFailuresAreToldApart(t *testing.T) {
	type answer struct {
		status  int
		header  map[string]string
		body    string
		forKind Kind // "" for both forges
	}
	const nginx413 = "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"
	const nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	json := map[string]string{"Content-Type": "application/json"}
	html := map[string]string{"Content-Type": "text/html"}
	cases := []struct {
		name string
		a    answer
		want error
	}{
		{"not found", answer{status: 404, header: json, body: `{"message":"Not Found"}`}, ErrNotFound},
		{"token refused", answer{status: 401, header: json, body: `{"message":"Bad credentials"}`}, ErrUnauthorized},
		{"no write permission", answer{status: 403, header: json, body: `{"message":"user should have a permission to write to a branch"}`}, ErrForbidden},
		{"GitHub's rate limit", answer{status: 403, forKind: GitHub, header: map[string]string{"Content-Type": "application/json",
			"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1900000000"},
			body: `{"message":"API rate limit exceeded for user ID 1."}`}, ErrRateLimited},
		{"GitHub's secondary rate limit", answer{status: 403, forKind: GitHub, header: map[string]string{"Content-Type": "application/json", "Retry-After": "60"},
			body: `{"message":"You have exceeded a secondary rate limit.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`}, ErrRateLimited},
		{"too many requests", answer{status: 429, header: json, body: `{"message":"rate limit"}`}, ErrRateLimited},
		{"nginx: body too large", answer{status: 413, header: html, body: nginx413}, ErrTooLarge},
		{"nginx: forge down", answer{status: 502, header: html, body: nginx502}, ErrUnavailable},
		{"forge's own error", answer{status: 500, header: json, body: `{"message":"internal error"}`}, ErrUnavailable},
		{"forge in maintenance", answer{status: 503, header: html, body: "maintenance"}, ErrUnavailable},
	}
	for _, k := range []Kind{GitHub, Gitea} {
		for _, c := range cases {
			if c.a.forKind != "" && c.a.forKind != k {
				continue
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for h, v := range c.a.header {
					w.Header().Set(h, v)
				}
				w.WriteHeader(c.a.status)
				w.Write([]byte(c.a.body))
			}))
			f, err := New(k, srv.URL, "tok", srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.Me(context.Background())
			srv.Close()
			checkFailure(t, k, c.name, err, c.want)
		}
	}
}

// TestUnreachableForgeIsToldApart: no answer at all (nothing listens, an answer that never
// comes before the desk's deadline) and a certificate the desk cannot verify (a union's
// own Gitea with a self-signed one) are told apart from the forge's refusals.
func TestUnreachableForgeIsToldApart(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/"
	ln.Close()
	hang := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(hang)
	selfSigned := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"login":"someone"}`))
	}))
	defer selfSigned.Close()
	for _, k := range []Kind{GitHub, Gitea} {
		for _, c := range []struct {
			name, url string
			want      error
		}{
			{"nothing listens", closed, ErrUnreachable},
			{"no answer before the deadline", slow.URL, ErrUnreachable},
			{"self-signed certificate", selfSigned.URL, ErrCertificate},
		} {
			f, err := New(k, c.url, "tok", &http.Client{})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			_, err = f.Me(ctx)
			cancel()
			checkFailure(t, k, c.name, err, c.want)
		}
	}
}

// checkFailure reports err unless it wraps want and no other sentinel, and keeps a text
// the log can name the cause by.
func checkFailure(t *testing.T, k Kind, name string, err, want error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s, %s: no error", k, name)
		return
	}
	var also []string
	for _, s := range failures {
		if s != want && errors.Is(err, s) {
			also = append(also, s.Error())
		}
	}
	if !errors.Is(err, want) || len(also) > 0 {
		t.Errorf("%s, %s: want %q alone, got %v (also %s)", k, name, want, err, strings.Join(also, ", "))
	}
	t.Logf("%s, %s: %v", k, name, err)
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("%s, %s: the error is more than one line: %q", k, name, err)
	}
}
