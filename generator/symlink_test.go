package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAttachmentSymlinkOut refuses a proof material that is a symlink leading out of its unit's folder.
func TestAttachmentSymlinkOut(t *testing.T) {
	dir := writeTree(t, nil)
	att := filepath.Join(dir, "content/2023/attachments/kuangqu-mine1/yingyong-zhengming.pdf")
	outside := filepath.Join(dir, "secret.pdf")
	data, err := os.ReadFile(att)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(outside, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(att); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../../../secret.pdf", att); err != nil {
		t.Skipf("cannot make a symlink here: %v", err)
	}
	code, out, _ := run("check", "--root", dir, "--now", "2024-06-01")
	want := "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md:17:11: attachment: 证明材料 content/2023/attachments/kuangqu-mine1/yingyong-zhengming.pdf 是指向本单位目录之外的符号链接"
	if code != 1 || !strings.Contains(out, want) {
		t.Fatalf("exit %d, want %q in:\n%s", code, want, out)
	}
}
