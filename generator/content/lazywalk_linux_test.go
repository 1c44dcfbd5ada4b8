package content

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadLeavesParsedFilesUnlooked: a load without a kept parse lists the folders of its
// held root without the lstat of the files it reads at once (their read's fstat says
// their size), and still looks at the others (an attachment, which is never read); what
// it finds is what the lstat found: every file's size, and a file too large told so in
// the same words, its size with them. The walk took an lstat of each of the 10,544 files
// of the synthetic 10,000-result tree, in one goroutine, before any was parsed.
func TestLoadLeavesParsedFilesUnlooked(t *testing.T) {
	root := t.TempDir()
	files := map[string][]byte{
		"content/experts.yaml":                  []byte("- {id: e01, name: 刘工}\n"),
		"content/pages/a.md":                    bytes.Repeat([]byte("a"), MaxMarkdown+1),
		"content/2023/attachments/yq/proof.pdf": []byte("%PDF-1.4\n"),
	}
	for p, data := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	held, done := holdRoot(DirFS(root))
	defer done()
	lazy, ok := held.(lazyWalker)
	if !ok {
		t.Skipf("no held root here (%T): the walk looks at every file", held)
	}
	lazy.leaveUnlooked(func(p string) bool { return readWhole(Classify(p)) })
	for p, wantUnlooked := range map[string]bool{
		"content/experts.yaml":                  true,
		"content/pages/a.md":                    true,
		"content/2023/attachments/yq/proof.pdf": false,
	} {
		entries, err := held.(*heldRoot).ReadDir(filepath.ToSlash(filepath.Dir(p)))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() != filepath.Base(p) {
				continue
			}
			if unlooked := e.(*dirEntry).look != nil; unlooked != wantUnlooked {
				t.Errorf("%s: left unlooked %v, want %v", p, unlooked, wantUnlooked)
			}
			info, err := e.Info()
			if err != nil || info.Size() != int64(len(files[p])) || !info.Mode().IsRegular() {
				t.Errorf("%s: Info %v, %v; want a regular file of %d bytes", p, info, err, len(files[p]))
			}
		}
	}
	tree, diags, err := Load(DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range files {
		if got, ok := tree.Files[p]; !ok || got != int64(len(data)) {
			t.Errorf("Files[%s] = %d, %v; want %d", p, got, ok, len(data))
		}
	}
	if want := "content/pages/a.md:1:1: syntax: 文件过大：257 KiB，上限为 256 KiB"; !strings.Contains(diags.Text(), want) {
		t.Errorf("want %q in:\n%s", want, diags.Text())
	}
	if len(tree.Experts) != 1 {
		t.Errorf("experts.yaml should load, got %d experts", len(tree.Experts))
	}
}
