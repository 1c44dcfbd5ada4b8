package generator

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wuxiao/generator/content"
)

// TestGitShowAtMost: a committed file is read from Git no further than the limit and a
// byte; one longer is errGitTooLarge, git stopped at once (not left writing a pipe nobody
// reads, nor read to its end), and one within it whole. A pull request can commit a file
// of gigabytes in a few megabytes of Git; check read every version whole.
func TestGitShowAtMost(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := t.TempDir()
	big := bytes.Repeat([]byte("awards: []\n"), 4<<20) // 44 MiB, 44 KiB in Git
	if err := os.WriteFile(filepath.Join(root, "big.yaml"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "small.yaml"), []byte("status: draft\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitRun(t, root, "init", "-q")
	gitRun(t, root, "add", ".")
	gitRun(t, root, "commit", "-q", "-m", "一")
	g, err := openGit(root)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if data, err := g.runAtMost(1<<10, "show", "HEAD:big.yaml"); !errors.Is(err, errGitTooLarge) || data != nil {
		t.Errorf("a file over the limit: %d bytes, %v", len(data), err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v: git was read to the end", d)
	}
	if data, err := g.runAtMost(14, "show", "HEAD:small.yaml"); err != nil || string(data) != "status: draft\n" {
		t.Errorf("a file of exactly the limit: %q, %v", data, err)
	}
	if _, err := g.runAtMost(100, "show", "HEAD:missing.yaml"); err == nil || !strings.Contains(err.Error(), "git show HEAD:missing.yaml 失败") {
		t.Errorf("a missing file: %v", err)
	}
	_, _, err = g.show("HEAD", "big.yaml", content.MaxYAML)
	if err == nil || !strings.Contains(err.Error(), "Git 版本 HEAD 中的 big.yaml 过大：超过上限 32.0 MiB") {
		t.Errorf("show of a file over the loader's limit: %v", err)
	}
}
