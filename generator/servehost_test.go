package generator

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"wuxiao/generator/testtree"
)

// TestServeHostHeader: serve answers only requests addressed to a loopback name, an IP
// address or the configured host, so that a page on another name that resolves to
// 127.0.0.1 (DNS rebinding) cannot read the preview.
func TestServeHostHeader(t *testing.T) {
	s := startServe(t, testtree.Write(t, nil), testDate("2024-06-01"), nil)
	for host, want := range map[string]int{
		"evil.example":           http.StatusMisdirectedRequest,
		"evil.example:1313":      http.StatusMisdirectedRequest,
		"localhost.evil.example": http.StatusMisdirectedRequest,
		"127.0.0.1.nip.io:1313":  http.StatusMisdirectedRequest,
		"localhost":              http.StatusOK,
		"LOCALHOST:1313":         http.StatusOK,
		"127.0.0.1:1313":         http.StatusOK,
		"[::1]:1313":             http.StatusOK,
		"preview.localhost:1313": http.StatusOK,
		"192.168.1.20:1313":      http.StatusOK,
	} {
		req, _ := http.NewRequest("GET", s.url, nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
}

// TestHostGuardConfigured: the name serve was told to listen on is accepted.
func TestHostGuardConfigured(t *testing.T) {
	h := hostGuard("preview.lan:1313", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for host, want := range map[string]int{"preview.lan:1313": 200, "PREVIEW.LAN": 200, "other.lan": http.StatusMisdirectedRequest} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %s: %d, want %d", host, rec.Code, want)
		}
	}
}
