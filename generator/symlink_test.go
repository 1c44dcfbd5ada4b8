package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

// plantLinkedAttachment replaces the minimal tree's public proof material by a chain of
// links, yingyong-zhengming.pdf → hop.pdf → a file outside the root holding a marker, and
// declares the target's sha256 so that only the links themselves are wrong.
func plantLinkedAttachment(t *testing.T, marker string) string {
	t.Helper()
	dir := testtree.Write(t, nil)
	unit := filepath.Join(dir, "content/2023/attachments/kuangqu-mine1")
	att := filepath.Join(unit, "yingyong-zhengming.pdf")
	outside := filepath.Join(t.TempDir(), "passwd")
	secret := []byte("%PDF-1.4\n" + marker + "\n")
	if err := os.WriteFile(outside, secret, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(att); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(unit, "hop.pdf")); err != nil {
		t.Skipf("cannot make a symlink here: %v", err)
	}
	if err := os.Symlink("hop.pdf", att); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md")
	data, err := os.ReadFile(sub)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(secret)
	data = regexp.MustCompile(`sha256: [0-9a-f]{64}`).ReplaceAll(data, []byte("sha256: "+hex.EncodeToString(sum[:])))
	if err := os.WriteFile(sub, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestAttachmentSymlinkChain: a link to a link to a file outside the repository is
// reported at each link's own path (rule path), and the build publishes nothing.
func TestAttachmentSymlinkChain(t *testing.T) {
	const marker = "MARKER-OUTSIDE-ROOT-7c1e"
	dir := plantLinkedAttachment(t, marker)
	failed, out := checkFails(t, dir, "2024-06-01")
	for _, want := range []string{
		"content/2023/attachments/kuangqu-mine1/hop.pdf:1:1: path: ",
		"content/2023/attachments/kuangqu-mine1/yingyong-zhengming.pdf:1:1: path: ",
		"content/2023/submissions/kuangqu-mine1/pidai-jiupian.md:17:11: attachment: ",
	} {
		if !failed || !strings.Contains(out, want) {
			t.Errorf("failed %v, want %q in:\n%s", failed, want, out)
		}
	}
	if !strings.Contains(out, "符号链接") {
		t.Errorf("the message does not say symbolic link:\n%s", out)
	}
	pub := filepath.Join(t.TempDir(), "public")
	if _, _, err := Build(Config{Root: dir, Now: testDate("2024-06-01")}, BuildOptions{Out: pub}); !errors.Is(err, ErrCheckFailed) {
		t.Errorf("build: %v, want %v", err, ErrCheckFailed)
	}
	if grepTree(t, pub, marker) != "" {
		t.Errorf("the marker reached the output")
	}
}

// TestSymlinkAnywhere: a link of any kind anywhere under content/ (to a file, to a
// folder, dangling, inside or outside the tree) is a path error at the link.
func TestSymlinkAnywhere(t *testing.T) {
	for name, tc := range map[string]struct{ link, target string }{
		"page to outside":         {"content/pages/etc.md", "/etc/hostname"},
		"folder to outside":       {"content/2023/attachments/kuangqu-mine2", "/etc"},
		"unit folder inside tree": {"content/2023/submissions/kuangqu-mine2", "kuangqu-mine1"},
		"dangling":                {"content/pages/gone.md", "nowhere.md"},
		"readme":                  {"content/README.md", "../README.md"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := testtree.Write(t, nil)
			if err := os.Symlink(tc.target, filepath.Join(dir, tc.link)); err != nil {
				t.Skipf("cannot make a symlink here: %v", err)
			}
			failed, out := checkFails(t, dir, "2024-06-01")
			want := tc.link + ":1:1: path: "
			if !failed || !strings.Contains(out, want) {
				t.Fatalf("failed %v, want %q in:\n%s", failed, want, out)
			}
		})
	}
}

// TestAttachmentMagic: a proof material is judged by its first bytes too.
func TestAttachmentMagic(t *testing.T) {
	dir := testtree.Write(t, nil)
	att := filepath.Join(dir, "content/2023/attachments/kuangqu-mine1/yingyong-zhengming.pdf")
	fake := []byte("<html><script>alert(1)</script></html>\n")
	if err := os.WriteFile(att, fake, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md")
	data, _ := os.ReadFile(sub)
	sum := sha256.Sum256(fake)
	data = regexp.MustCompile(`sha256: [0-9a-f]{64}`).ReplaceAll(data, []byte("sha256: "+hex.EncodeToString(sum[:])))
	if err := os.WriteFile(sub, data, 0o644); err != nil {
		t.Fatal(err)
	}
	failed, out := checkFails(t, dir, "2024-06-01")
	want := "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md:17:11: attachment: "
	if !failed || !strings.Contains(out, want) || !strings.Contains(out, "PDF") {
		t.Fatalf("failed %v, want %q about its content in:\n%s", failed, want, out)
	}
}

// grepTree returns the first file under dir that contains s ("" when none does).
func grepTree(t *testing.T, dir, s string) string {
	t.Helper()
	found := ""
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || found != "" {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil && strings.Contains(string(data), s) {
			found = p
		}
		return nil
	})
	return found
}
