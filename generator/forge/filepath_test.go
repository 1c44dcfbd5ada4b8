package forge

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// File reads a file inside the repository, named as it is written: a path with a "." or
// ".." segment, an empty one, a leading slash or a backslash is refused by both forges before any
// request. Gitea resolves "..": content/../README.md reads README.md, and a proxy that
// cleans paths before it would take raw/../../../../user to the API's /user, the token with it.
func TestFileRefusesPathsThatLeave(t *testing.T) {
	bad := []string{"content/../README.md", "../../../../user", "content/./a.md", "/etc/passwd", "content//a.md", "content/..", ".", `content\..\README.md`}
	for _, kind := range []Kind{GitHub, Gitea} {
		t.Run(string(kind), func(t *testing.T) {
			h := &hosts{by: map[string]http.HandlerFunc{"forge.example.cn": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if strings.Contains(r.URL.Path, "/contents/") { // GitHub
					io.WriteString(w, `{"type":"file","name":"a.md","path":"content/a.md","sha":"b1","size":2,"encoding":"base64","content":"b2sK"}`)
					return
				}
				io.WriteString(w, "ok\n")
			}}}
			f, err := New(kind, "https://forge.example.cn/", "tok-secret", &http.Client{Transport: h})
			if err != nil {
				t.Fatal(err)
			}
			repo := Repo{Owner: "o", Name: "r"}
			for _, p := range bad {
				if _, err := f.File(context.Background(), repo, "main", p); err == nil {
					t.Errorf("File(%q) was read", p)
				}
			}
			var sent []string
			for _, r := range h.seen {
				sent = append(sent, r.URL.EscapedPath())
			}
			if len(sent) > 0 {
				t.Errorf("%d requests for %d paths that leave: %q", len(sent), len(bad), sent)
			}
			if data, err := f.File(context.Background(), repo, "main", "content/a.md"); err != nil || string(data) != "ok\n" {
				t.Errorf("File(content/a.md) = %q, %v", data, err)
			}
		})
	}
}

// Commit writes only files inside the repository as their paths are written: with one
// such path among its files, neither forge sends a request (no branch is made, no file of
// the commit written).
func TestCommitRefusesPathsThatLeave(t *testing.T) {
	for _, kind := range []Kind{GitHub, Gitea} {
		t.Run(string(kind), func(t *testing.T) {
			h := &hosts{by: map[string]http.HandlerFunc{"forge.example.cn": func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "{}", http.StatusNotFound)
			}}}
			f, err := New(kind, "https://forge.example.cn/", "tok-secret", &http.Client{Transport: h})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"content/../.github/workflows/x.yml", "/etc/passwd", "content/./a.md", `content\a.md`} {
				files := []File{{Path: "content/2026/a.md", Content: []byte("a")}, {Path: p, Content: []byte("x")}}
				if _, err := f.Commit(context.Background(), Repo{Owner: "o", Name: "r"}, Commit{Branch: "desk/x", From: "main", Message: "m", Files: files}); err == nil {
					t.Errorf("Commit with %q was made", p)
				}
			}
			if len(h.seen) > 0 {
				t.Errorf("%d requests for commits with paths that leave", len(h.seen))
			}
		})
	}
}
