package content

import (
	"errors"
	"io"
	"io/fs"
	"strings"
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

// TestLazyFS holds LazyFS to the io/fs contract, and opens a file only when it is read:
// listing and walking give the sizes it was told, without opening anything.
func TestLazyFS(t *testing.T) {
	files := map[string]string{
		"content/2023/attachments/a/proof.pdf": "%PDF-1.4\n",
		"content/2023/attachments/a/photo.jpg": "\xff\xd8\xff",
		"content/2023/attachments/b/x.pdf":     "",
	}
	opened := map[string]int{}
	l := LazyFS{}
	for p, data := range files {
		l[p] = LazyFile{Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
			opened[p]++
			return io.NopCloser(strings.NewReader(data)), nil
		}}
	}
	sizes := map[string]int64{}
	fs.WalkDir(l, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			sizes[p] = info.Size()
		}
		return err
	})
	if len(opened) != 0 || len(sizes) != len(files) || sizes["content/2023/attachments/a/proof.pdf"] != 9 {
		t.Errorf("a walk: sizes %v, opened %v", sizes, opened)
	}
	if err := fstest.TestFS(l, "content/2023/attachments/a/proof.pdf", "content/2023/attachments/a/photo.jpg", "content/2023/attachments/b/x.pdf"); err != nil {
		t.Fatal(err)
	}
	if opened["content/2023/attachments/a/proof.pdf"] == 0 {
		t.Error("reading a file did not open it")
	}
	gone := errors.New("pruned")
	l["content/gone.pdf"] = LazyFile{Size: 1, Open: func() (io.ReadCloser, error) { return nil, gone }}
	if _, err := l.Open("content/gone.pdf"); !errors.Is(err, gone) {
		t.Errorf("a file that cannot be opened: %v", err)
	}
	if _, err := l.Open("content/nope"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a path that is not there: %v", err)
	}
}
