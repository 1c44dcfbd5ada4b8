package forge

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// A file over GitHub's 1 MB comes from the contents API without its content. Reading it
// by the download_url the forge's listing names sent the token wherever that URL
// pointed (go-github's WithAuthToken sets it on every request): a hostile or broken
// GitHub Enterprise, or anything answering in its place, could name its own host. The
// file is read by its blob SHA from the API host instead.
func TestLargeFileNeverSendsTheTokenElsewhere(t *testing.T) {
	const file = `{"type":"file","name":"big.pdf","path":"big.pdf","sha":"b1","size":2000000,"encoding":"none","download_url":"https://evil.example.net/big.pdf"}`
	h := &hosts{by: map[string]http.HandlerFunc{
		"forge.example.cn": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			switch p := strings.TrimSuffix(r.URL.Path, "/"); p {
			case "/api/v3/repos/o/r/contents/big.pdf":
				io.WriteString(w, file)
			case "/api/v3/repos/o/r/contents":
				io.WriteString(w, "["+file+"]")
			case "/api/v3/repos/o/r/git/blobs/b1":
				io.WriteString(w, "%PDF-big")
			default:
				http.NotFound(w, r)
			}
		},
		"evil.example.net": func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "%PDF-big") },
	}}
	f, err := New(GitHub, "https://forge.example.cn/", "tok-secret", &http.Client{Transport: h})
	if err != nil {
		t.Fatal(err)
	}
	data, err := f.File(context.Background(), Repo{Owner: "o", Name: "r"}, "main", "big.pdf")
	if err != nil || string(data) != "%PDF-big" {
		t.Errorf("File = %q, %v; want the blob", data, err)
	}
	for _, r := range h.seen {
		if r.URL.Host != "forge.example.cn" {
			t.Errorf("a request went to %s (token sent: %v)", r.URL, r.Header.Get("Authorization") != "")
		}
	}
}
