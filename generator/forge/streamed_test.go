package forge

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// counted is a stand-in forge that reads what it is sent as a server would, a buffer at a
// time, and keeps only the bytes' count: answer gives its JSON answer to a request.
type counted struct {
	mu     sync.Mutex
	sent   int64 // the bodies' bytes
	answer func(r *http.Request, n int) (int, string)
	n      int
}

func (c *counted) RoundTrip(r *http.Request) (*http.Response, error) {
	var read int64
	if r.Body != nil {
		var err error
		read, err = io.Copy(io.Discard, r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		if r.ContentLength != read {
			return nil, fmt.Errorf("%s %s: Content-Length %d, body %d", r.Method, r.URL.Path, r.ContentLength, read)
		}
	}
	c.mu.Lock()
	c.sent += read
	c.n++
	status, body := c.answer(r, c.n)
	c.mu.Unlock()
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

// repeated is n bytes of a pattern, made as they are read: a proof on disk, in the test.
func repeated(path string, n int64) File {
	return File{Path: path, Size: n, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(io.LimitReader(pattern{}, n)), nil
	}}
}

type pattern struct{}

func (pattern) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i * 31)
	}
	return len(p), nil
}

// A declaration's proofs read through Open go to the forge as they are read: committing
// four of 16 MiB allocates less than one of them, on GitHub (a blob each) and on Gitea
// (batches of two, 43 MiB of base64 a request). Before, each was held whole and encoded
// whole: 4 × 16 MiB in memory plus the base64 of at least one.
func TestCommitSendsFilesAsRead(t *testing.T) {
	const mib = 1 << 20
	var files []File
	for i := range 4 {
		files = append(files, repeated(fmt.Sprintf("content/2026/attachments/u/%d.pdf", i), 16*mib))
	}
	files = append(files, File{Path: "content/2026/submissions/u/a.md", Content: []byte("---\ntitle: 申报\n---\n")})
	github := &counted{answer: func(r *http.Request, n int) (int, string) {
		switch p := strings.TrimPrefix(r.URL.Path, "/api/v3/repos/o/r/"); {
		case p == "git/ref/heads/desk/u-1":
			return 404, `{"message":"Not Found"}`
		case strings.HasPrefix(p, "git/ref/heads/"):
			return 200, `{"object":{"sha":"aaa"}}`
		case p == "git/commits/aaa":
			return 200, `{"sha":"aaa","tree":{"sha":"t0"}}`
		case p == "git/blobs":
			return 201, fmt.Sprintf(`{"sha":"blob%d"}`, n)
		case p == "git/trees":
			return 201, `{"sha":"t1"}`
		case p == "git/commits":
			return 201, `{"sha":"bbb"}`
		case p == "git/refs":
			return 201, `{"ref":"refs/heads/desk/u-1","object":{"sha":"bbb"}}`
		}
		return 500, `{"message":"unexpected"}`
	}}
	gitea := &counted{answer: func(r *http.Request, n int) (int, string) {
		switch p := strings.TrimPrefix(r.URL.Path, "/api/v1/repos/o/r/"); {
		case p == "branches/desk/u-1" || strings.HasPrefix(p, "contents/"):
			return 404, `{"message":"not found"}`
		case strings.HasPrefix(p, "branches/"):
			return 200, `{"name":"main","commit":{"id":"aaa"}}`
		case p == "contents":
			return 201, fmt.Sprintf(`{"files":[{"path":"x","content":"eA=="}],"commit":{"sha":"c%d","parents":[{"sha":"aaa"}]},"verification":{"verified":false}}`, n)
		}
		return 500, `{"message":"unexpected"}`
	}}
	var encoded int64
	for _, f := range files {
		encoded += int64(base64.StdEncoding.EncodedLen(int(f.size())))
	}
	for _, tc := range []struct {
		kind      Kind
		transport *counted
	}{{GitHub, github}, {Gitea, gitea}} {
		f, err := New(tc.kind, "https://forge.example.cn/", "tok", &http.Client{Transport: tc.transport})
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		sha, err := f.Commit(context.Background(), Repo{"o", "r"}, Commit{Branch: "desk/u-1", From: "main", Message: "申报", Files: files})
		runtime.ReadMemStats(&after)
		if err != nil || sha == "" {
			t.Fatalf("%s: Commit = %q, %v", tc.kind, sha, err)
		}
		if tc.transport.sent < encoded {
			t.Errorf("%s: %d bytes sent, less than the files' %d in base64", tc.kind, tc.transport.sent, encoded)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 8*mib {
			t.Errorf("%s: committing 64 MiB of files read as sent allocated %.1f MiB", tc.kind, float64(grew)/mib)
		} else {
			t.Logf("%s: %d requests, %.1f MiB sent, %.2f MiB allocated", tc.kind, tc.transport.n, float64(tc.transport.sent)/mib, float64(grew)/mib)
		}
	}
}

// The SHA of a batch commit comes from Gitea's answer, whose files' contents come first.
func TestCommitSHAFromGiteasAnswer(t *testing.T) {
	for _, tc := range []struct{ answer, sha string }{
		{`{"files":[{"path":"a","content":"` + strings.Repeat("QUJD", 1000) + `","links":{"self":"x"}},null],"commit":{"sha":"c1","parents":[{"sha":"p"}]},"verification":{}}`, "c1"},
		{`{"commit":{"sha":"c2"},"files":[]}`, "c2"},
		{`{"files":[],"commit":null}`, ""},
		{`{"files":[]}`, ""},
		{`{"files":[{"content":"abc"`, ""},
		{`[{"commit":{"sha":"c3"}}]`, ""},
		{`<html>502</html>`, ""},
		{``, ""},
	} {
		sha, err := commitSHA(strings.NewReader(tc.answer))
		if sha != tc.sha || (err == nil) != (tc.sha != "") {
			t.Errorf("%.60s: %q, %v; want %q", tc.answer, sha, err, tc.sha)
		}
	}
}

// A file that cannot be read as it is sent (deleted from the desk's disk) fails the commit
// with its own error, through the real HTTP transport, so that the desk can say so.
func TestCommitOfAFileGoneSaysSo(t *testing.T) {
	var commits []changeFiles
	var deleted []string
	gitea := httptest.NewServer(fakeGiteaCommits(nil, 0, &commits, &deleted))
	defer gitea.Close()
	github := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		switch {
		case strings.Contains(r.URL.Path, "/git/ref/heads/main"):
			fmt.Fprint(w, `{"object":{"sha":"aaa"}}`)
		case strings.Contains(r.URL.Path, "/git/ref/"):
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"message":"Not Found"}`)
		case strings.HasSuffix(r.URL.Path, "/git/commits/aaa"):
			fmt.Fprint(w, `{"sha":"aaa","tree":{"sha":"t0"}}`)
		default:
			w.WriteHeader(http.StatusCreated)
			fmt.Fprint(w, `{"sha":"bbb"}`)
		}
	}))
	defer github.Close()
	for kind, srv := range map[Kind]*httptest.Server{Gitea: gitea, GitHub: github} {
		f, err := New(kind, srv.URL, "tok", srv.Client())
		if err != nil {
			t.Fatal(err)
		}
		gone := File{Path: "content/2026/attachments/u/1.pdf", Size: 10, Open: func() (io.ReadCloser, error) { return os.Open(filepath.Join(t.TempDir(), "gone")) }}
		_, err = f.Commit(context.Background(), Repo{"o", "r"}, Commit{Branch: "desk/u-1", From: "main", Message: "申报", Files: []File{gone}})
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: a file gone: %v, want fs.ErrNotExist", kind, err)
		}
	}
}
