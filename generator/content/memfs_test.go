package content

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

// TestMemFS holds MemFS to the io/fs contract (fstest.TestFS walks, opens, reads and
// stats every file and implied folder).
func TestMemFS(t *testing.T) {
	m := MemFS{
		"content/site.yaml":                    []byte("title: x\n"),
		"content/2023/submissions/a/b.md":      []byte("---\ntitle: y\n---\n正文\n"),
		"content/2023/attachments/a/proof.pdf": []byte("%PDF-1.4\n"),
		"static/schemas/submission.json":       []byte("{}"),
	}
	if err := fstest.TestFS(m, "content/site.yaml", "content/2023/submissions/a/b.md", "content/2023/attachments/a/proof.pdf", "static/schemas/submission.json"); err != nil {
		t.Fatal(err)
	}
	empty := MemFS{"content/": nil}
	if entries, err := fs.ReadDir(empty, "content"); err != nil || len(entries) != 0 {
		t.Errorf("an empty folder: %v %v", entries, err)
	}
	if _, err := m.Open("content/nope"); err == nil {
		t.Error("opened a path that is not there")
	}
}
