package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

// TestFileSystemErrorsAreSaidInChinese: when the file system refuses (here a path
// through a file, the same path as a full disk or a folder without permission), build and
// new say what failed, on which path, why and what to do in Chinese, the system's own
// words in parentheses. Before: "wuxiao new：mkdir content/…: not a directory" and
// "无法读取：lstat …/public: not a directory".
func TestFileSystemErrorsAreSaidInChinese(t *testing.T) {
	root := testtree.Demo(t)
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(root, "content/2026/submissions/kuangqu-mine1")
	if err := os.RemoveAll(folder); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(folder, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// Windows says Path not found. of a path through a file, and to lstat it is a path
	// that is not there: build goes on to make the folder, and says so when it cannot.
	words, refused, then := "not a directory", "拒绝输出到 "+filepath.Join(file, "public")+"：查看 "+filepath.Join(file, "public"), "；"
	if runtime.GOOS == "windows" {
		words, refused, then = "Path not found.", "创建文件夹 "+file, "\n"
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"build", "--now", "2026-11-25", "--out", filepath.Join(file, "public")},
			"wuxiao build：" + refused + " 失败：路径中有一段不是文件夹（" + words + "），请检查路径是否写对" + then},
		{[]string{"new", "submission", "--unit", "kuangqu-mine1", "--title", "测试", "--year", "2026"},
			"wuxiao new：创建文件夹 " + folder + " 失败：路径中有一段不是文件夹（" + words + "），请检查路径是否写对\n"},
	} {
		var stdout, stderr bytes.Buffer
		code := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(append(c.args, "--root", root))
		if code != ExitUsage || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, want %d and\n%s\nin:\n%s", c.args, code, ExitUsage, c.want, stderr.String())
		}
	}
}
