package forge

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// changeFiles is one batch commit a fake Gitea was asked for.
type changeFiles struct {
	Branch, NewBranch, Message string
	Paths                      []string
	Size                       int // the request body's bytes
}

// fakeGiteaCommits answers what Commit asks of Gitea (a branch, a file's contents, the
// batch commit) for a repository whose branch main holds exist, recording each commit;
// failAt, when above 0, makes that commit fail as a proxy's size limit would.
func fakeGiteaCommits(exist map[string]string, failAt int, commits *[]changeFiles, deleted *[]string) http.HandlerFunc {
	branches := map[string]bool{"main": true}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		path := strings.TrimPrefix(r.URL.Path, "/api/v1/repos/o/r/")
		switch {
		case r.Method == http.MethodGet && strings.HasPrefix(path, "branches/"):
			if !branches[strings.TrimPrefix(path, "branches/")] {
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, `{"message":"not found"}`)
				return
			}
			fmt.Fprintf(w, `{"name":%q,"commit":{"id":"0000"}}`, strings.TrimPrefix(path, "branches/"))
		case r.Method == http.MethodDelete && strings.HasPrefix(path, "branches/"):
			*deleted = append(*deleted, strings.TrimPrefix(path, "branches/"))
			delete(branches, strings.TrimPrefix(path, "branches/"))
			w.WriteHeader(http.StatusNoContent)
		case r.Method == http.MethodGet && strings.HasPrefix(path, "contents/"):
			p := strings.TrimPrefix(path, "contents/")
			sha, ok := exist[p]
			if !ok || r.URL.Query().Get("ref") != "main" {
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, `{"message":"not found"}`)
				return
			}
			fmt.Fprintf(w, `{"type":"file","path":%q,"sha":%q}`, p, sha)
		case r.Method == http.MethodPost && path == "contents":
			body, _ := io.ReadAll(r.Body)
			var opt struct {
				Branch    string `json:"branch"`
				NewBranch string `json:"new_branch"`
				Message   string `json:"message"`
				Files     []struct {
					Path, Operation, SHA, Content string
				} `json:"files"`
			}
			json.Unmarshal(body, &opt)
			c := changeFiles{Branch: opt.Branch, NewBranch: opt.NewBranch, Message: opt.Message, Size: len(body)}
			for _, f := range opt.Files {
				c.Paths = append(c.Paths, f.Operation+" "+f.Path)
			}
			*commits = append(*commits, c)
			if len(*commits) == failAt {
				w.WriteHeader(http.StatusRequestEntityTooLarge)
				fmt.Fprint(w, `<html>413 Request Entity Too Large</html>`)
				return
			}
			if opt.NewBranch != "" {
				branches[opt.NewBranch] = true
			}
			answer := map[string]any{"commit": map[string]any{"sha": fmt.Sprintf("sha%d", len(*commits)), "parents": []any{map[string]string{"sha": "0000"}}}}
			var echoed []map[string]string // Gitea's answer holds the files, in base64, before the commit
			for _, f := range opt.Files {
				echoed = append(echoed, map[string]string{"path": f.Path, "content": f.Content})
			}
			files, _ := json.Marshal(echoed)
			rest, _ := json.Marshal(answer)
			fmt.Fprintf(w, `{"files":%s,%s`, files, rest[1:])
		default:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"message":"unexpected %s %s"}`, r.Method, r.URL.Path)
		}
	}
}

// A declaration's files reach Gitea in commits of at most the forge's batch of bytes, each
// file whole: the contents API takes one request for a commit, base64 in JSON, and a
// declaration may hold 20 proofs of 20 MiB: one commit of them all was a request of 540 MB,
// which nginx in front of Gitea refused at the README's 64m (and Gitea had to hold).
func TestGiteaCommitsInBatches(t *testing.T) {
	ctx, r := context.Background(), Repo{Owner: "o", Name: "r"}
	const kib = 1 << 10
	files := []File{
		{Path: "content/2026/submissions/u/a.md", Content: []byte("---\ntitle: 申报\n---\n")},
		{Path: "content/2026/attachments/u/1.pdf", Content: bytes.Repeat([]byte("1"), 400*kib)},
		{Path: "content/2026/attachments/u/2.pdf", Content: bytes.Repeat([]byte("2"), 400*kib)},
		{Path: "content/2026/attachments/u/3.pdf", Content: bytes.Repeat([]byte("3"), 900*kib)},
		{Path: "content/2026/attachments/u/4.pdf", Content: bytes.Repeat([]byte("4"), 1500*kib)}, // over the batch alone
		{Path: "content/2026/submissions/u/old.md", Delete: true},
	}
	var commits []changeFiles
	var deleted []string
	h := &hosts{by: map[string]http.HandlerFunc{"forge.example.cn": fakeGiteaCommits(map[string]string{"content/2026/submissions/u/old.md": "s1"}, 0, &commits, &deleted)}}
	f, err := newGitea(Gitea, "https://forge.example.cn/", "tok", &http.Client{Transport: h})
	if err != nil {
		t.Fatal(err)
	}
	f.batch = 1000 * kib
	sha, err := f.Commit(ctx, r, Commit{Branch: "desk/u-1", From: "main", Message: "申报：快换接头", Files: files})
	if err != nil {
		t.Fatal(err)
	}
	want := []changeFiles{
		{Branch: "main", NewBranch: "desk/u-1", Message: "申报：快换接头（1/4）", Paths: []string{"create content/2026/submissions/u/a.md", "create content/2026/attachments/u/1.pdf", "create content/2026/attachments/u/2.pdf"}},
		{Branch: "desk/u-1", Message: "申报：快换接头（2/4）", Paths: []string{"create content/2026/attachments/u/3.pdf"}},
		{Branch: "desk/u-1", Message: "申报：快换接头（3/4）", Paths: []string{"create content/2026/attachments/u/4.pdf"}},
		{Branch: "desk/u-1", Message: "申报：快换接头（4/4）", Paths: []string{"delete content/2026/submissions/u/old.md"}},
	}
	if len(commits) != len(want) {
		t.Fatalf("%d commits, want %d: %+v", len(commits), len(want), commits)
	}
	for i, c := range commits {
		w := want[i]
		if c.Branch != w.Branch || c.NewBranch != w.NewBranch || c.Message != w.Message || strings.Join(c.Paths, "|") != strings.Join(w.Paths, "|") {
			t.Errorf("commit %d: %+v\nwant %+v", i+1, c, w)
		}
		if i != 2 && c.Size > base64.StdEncoding.EncodedLen(int(f.batch))+4*kib {
			t.Errorf("commit %d is a request of %d bytes: over the batch of %d (encoded)", i+1, c.Size, f.batch)
		}
	}
	if sha != "sha4" {
		t.Errorf("Commit returned %q, want the last commit's sha4", sha)
	}

	// One commit for what fits in one batch, its message as given.
	commits = nil
	if _, err := f.Commit(ctx, r, Commit{Branch: "desk/u-2", From: "main", Message: "申报：小", Files: files[:2]}); err != nil {
		t.Fatal(err)
	}
	if len(commits) != 1 || commits[0].Message != "申报：小" || commits[0].NewBranch != "desk/u-2" {
		t.Errorf("a small change: %+v", commits)
	}

	// A later batch refused: the error is the refusal's, and the branch this Commit made
	// (holding part of the change) is deleted, so no half a declaration is left to merge.
	commits = nil
	h.by["forge.example.cn"] = fakeGiteaCommits(nil, 2, &commits, &deleted)
	_, err = f.Commit(ctx, r, Commit{Branch: "desk/u-3", From: "main", Message: "申报", Files: files[:4]})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("a refused second batch: %v, want ErrTooLarge", err)
	}
	if strings.Join(deleted, ",") != "desk/u-3" {
		t.Errorf("branches deleted after the refusal: %q, want desk/u-3", deleted)
	}

	// So it is when the commit was cut off: the person left, his request's context ended.
	commits, deleted = nil, nil
	cut, cancel := context.WithCancel(ctx)
	refuse := fakeGiteaCommits(nil, 2, &commits, &deleted)
	h.by["forge.example.cn"] = func(w http.ResponseWriter, r *http.Request) {
		refuse(w, r)
		if len(commits) == 2 {
			cancel()
		}
	}
	f.http = &http.Client{Transport: untilDone{h}}
	if _, err := f.Commit(cut, r, Commit{Branch: "desk/u-4", From: "main", Message: "申报", Files: files[:4]}); err == nil {
		t.Error("a commit cut off: no error")
	}
	if strings.Join(deleted, ",") != "desk/u-4" {
		t.Errorf("branches deleted after the commit was cut off: %q, want desk/u-4", deleted)
	}
}
