package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDeskSessionKeyFile: wuxiao desk makes its session key file (0600) when it is absent,
// never prints the key, and refuses a key file inside the content repository.
func TestDeskSessionKeyFile(t *testing.T) {
	root, data := t.TempDir(), t.TempDir()
	key := filepath.Join(data, "session.key")
	run := func(keyFile string) (int, string) {
		var out, errb bytes.Buffer
		// No client secret: the desk stops after reading its key, before listening.
		code := (&Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}).Run([]string{"desk",
			"--root", root, "--repo", "yq-union/wuxiao", "--base-url", "https://desk.test/", "--client-id", "id",
			"--session-key-file", keyFile, "--drafts", filepath.Join(data, "drafts"), "--audit", filepath.Join(data, "audit.log")})
		return code, out.String() + errb.String()
	}
	code, msg := run(key)
	if code != ExitUsage || !strings.Contains(msg, "client secret") {
		t.Fatalf("exit %d: %s", code, msg)
	}
	st, err := os.Stat(key)
	// Windows keeps no permission bits (Go says 0666 of every file): only that it is there.
	if err != nil || runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Fatalf("the key file was not made 0600: %v %v", st, err)
	}
	k, _ := os.ReadFile(key)
	if strings.Contains(msg, strings.TrimSpace(string(k))) {
		t.Errorf("the key was printed")
	}
	if code, msg := run(filepath.Join(root, "session.key")); code != ExitUsage || !strings.Contains(msg, "内容仓库") {
		t.Errorf("a key file in the repository: exit %d: %s", code, msg)
	}
}

// TestDeskDataOutsideTheRepository: the drafts (contacts, unpublished proofs) and the audit
// log may not be inside the content repository's clone, where a git add -A would publish
// them; the desk refuses before making anything there.
func TestDeskDataOutsideTheRepository(t *testing.T) {
	root, data := t.TempDir(), t.TempDir()
	for _, c := range []struct{ drafts, audit string }{
		{filepath.Join(root, "desk-data", "drafts"), filepath.Join(data, "audit.log")},
		{filepath.Join(data, "drafts"), filepath.Join(root, "audit.log")},
	} {
		var out bytes.Buffer
		code := (&Main{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}).Run([]string{"desk",
			"--root", root, "--repo", "yq-union/wuxiao", "--base-url", "https://desk.test/", "--client-id", "id",
			"--session-key-file", filepath.Join(data, "session.key"), "--drafts", c.drafts, "--audit", c.audit})
		if code != ExitUsage || !strings.Contains(out.String(), "内容仓库") {
			t.Errorf("drafts %s, audit %s: exit %d: %s", c.drafts, c.audit, code, out.String())
		}
		if _, err := os.Stat(filepath.Join(root, "desk-data")); err == nil {
			t.Errorf("the desk made its data folder inside the repository")
		}
		if _, err := os.Stat(filepath.Join(root, "audit.log")); err == nil {
			t.Errorf("the desk made its audit log inside the repository")
		}
	}
}
