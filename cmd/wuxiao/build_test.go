package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

// TestBuildCommand drives wuxiao build as a user does.
func TestBuildSubcommand(t *testing.T) {
	root := testtree.Write(t, nil)
	out := filepath.Join(t.TempDir(), "site")
	code, stdout, stderr := run("build", "--root", root, "--out", out, "--base-url", "https://wuxiao.example.cn/showcase", "--now", "2026-11-25")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "个页面") {
		t.Errorf("no summary on stderr: %q", stderr)
	}
	home, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(home, []byte(`href="https://wuxiao.example.cn/showcase/"`)) {
		t.Error("--base-url did not reach the canonical link")
	}
	if code, _, _ := run("build", "--root", root, "--base-url", "ftp://x"); code != ExitUsage {
		t.Errorf("a bad --base-url: exit %d, want %d", code, ExitUsage)
	}
	sub := filepath.Join(root, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md")
	data, _ := os.ReadFile(sub)
	if err := os.WriteFile(sub, bytes.Replace(data, []byte("group: 职工"), []byte("group: 学生"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = run("build", "--root", root, "--out", out, "--now", "2026-11-25")
	if code != ExitFindings || !strings.Contains(stdout, "schema") {
		t.Errorf("bad content: exit %d, want %d with the diagnostics printed; stdout:\n%s", code, ExitFindings, stdout)
	}
}

// TestBuildRefusesRoot: build --out at the root is refused with a Chinese error (exit 2)
// and deletes nothing.
func TestBuildRefusesRoot(t *testing.T) {
	root := testtree.Write(t, nil)
	for _, out := range []string{root, filepath.Join(root, "content"), filepath.Dir(root)} {
		code, _, stderr := run("build", "--root", root, "--out", out, "--now", "2026-11-25")
		if code != ExitUsage || !strings.Contains(stderr, "拒绝输出到") {
			t.Errorf("--out %s: exit %d, stderr %q", out, code, stderr)
		}
		if _, err := os.Stat(filepath.Join(root, "content/site.yaml")); err != nil {
			t.Fatalf("--out %s deleted the content: %v", out, err)
		}
	}
}

// TestBaseURLFlag: build and nginx take --base-url from one definition, which refuses
// anything but a full http(s) address with the same message (exit 2).
func TestBaseURLFlag(t *testing.T) {
	root := testtree.Write(t, nil)
	for _, args := range [][]string{
		{"build", "--root", root, "--out", filepath.Join(t.TempDir(), "site")},
		{"nginx", "--root", root, "--dir", "/srv/wuxiao"},
	} {
		for _, bad := range []string{"ftp://x", "wuxiao.example.cn", "https://"} {
			code, _, stderr := run(append(args, "--base-url", bad)...)
			if want := "wuxiao " + args[0] + "：--base-url 应为 http(s) 开头的完整网址"; code != ExitUsage || !strings.Contains(stderr, want) {
				t.Errorf("%s --base-url %s: exit %d, stderr %q; want %d and %q", args[0], bad, code, stderr, ExitUsage, want)
			}
		}
	}
	code, stdout, stderr := run("nginx", "--root", root, "--dir", "/srv/wuxiao", "--base-url", "https://wuxiao.example.cn/showcase")
	if code != ExitOK || !strings.Contains(stdout, "server_name wuxiao.example.cn;") || !strings.Contains(stdout, "/showcase/") {
		t.Errorf("nginx with a good --base-url: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestTextOut: nginx and pages share --out (a file instead of stdout) and the pages
// formats come from pullreq, refused before any Git work with the same message.
func TestTextOut(t *testing.T) {
	root := testtree.Write(t, nil)
	code, _, stderr := run("pages", "--root", root, "--base", "origin/main", "--format", "xml")
	if want := "wuxiao pages：未知的输出格式 \"xml\"（可选 text、markdown、json）\n"; code != ExitUsage || stderr != want {
		t.Errorf("pages --format xml: exit %d, stderr %q; want %d, %q", code, stderr, ExitUsage, want)
	}
	conf := filepath.Join(t.TempDir(), "wuxiao.conf")
	code, stdout, stderr := run("nginx", "--root", root, "--dir", "/srv/wuxiao", "--base-url", "https://a.example.cn/", "--out", conf)
	data, err := os.ReadFile(conf)
	if code != ExitOK || stdout != "" || err != nil || !strings.Contains(string(data), "server_name a.example.cn;") || !strings.Contains(stderr, "已写入 "+conf) {
		t.Errorf("nginx --out: exit %d, stdout %q, stderr %q, file %v", code, stdout, stderr, err)
	}
}
