package fserr

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestText: what Go's file system errors say in English is said in Chinese at its place in
// the message, the path and the system's words kept; other errors keep their text.
func TestText(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "write", Path: "public/a.html", Err: syscall.ENOSPC},
			"写入 public/a.html 失败：磁盘空间已满（no space left on device），请腾出空间后重试"},
		{fmt.Errorf("desk: saving session: %w", &fs.PathError{Op: "open", Path: "/var/lib/desk/s", Err: syscall.EACCES}),
			"desk: saving session: 打开 /var/lib/desk/s 失败：没有权限（permission denied），请检查这个文件或文件夹的权限，或换一个位置"},
		{&fs.PathError{Op: "mkdir", Path: "content/2026", Err: syscall.EEXIST},
			"创建文件夹 content/2026 失败：已经存在（file exists），请换一个名称，或先移走原有的"},
		{&os.LinkError{Op: "rename", Old: "a", New: "b", Err: syscall.EROFS},
			"重命名 a 为 b 失败：所在的磁盘是只读的（read-only file system），请换一个可以写入的位置"},
		{os.NewSyscallError("fsync", syscall.EIO), "同步到磁盘失败：读写出错（磁盘或文件系统故障）（input/output error），请检查磁盘"},
		{&fs.PathError{Op: "frob", Path: "x", Err: syscall.Errno(0x7fff)}, "访问（frob） x 失败：出错（" + syscall.Errno(0x7fff).Error() + "）"}, // errno 32767; winapi error #32767 on Windows,
		{&fs.PathError{Op: "open", Path: "x", Err: errors.New("是符号链接（不跟随）")}, "打开 x 失败：是符号链接（不跟随）"},
		// Go's own sentinels, which no errno table names (as Windows' codes for the same):
		{&fs.PathError{Op: "open", Path: "x", Err: fs.ErrPermission},
			"打开 x 失败：没有权限（permission denied），请检查这个文件或文件夹的权限，或换一个位置"},
		{&fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, "打开 x 失败：不存在（file does not exist），请检查路径是否写对"},
		{&fs.PathError{Op: "mkdir", Path: "x", Err: fs.ErrExist}, "创建文件夹 x 失败：已经存在（file already exists），请换一个名称，或先移走原有的"},
		// os.Stat's on Windows, named after the Windows calls:
		{&fs.PathError{Op: "GetFileAttributesEx", Path: `C:\a\x`, Err: fs.ErrNotExist}, `查看 C:\a\x 失败：不存在（file does not exist），请检查路径是否写对`},
		{&fs.PathError{Op: "FindFirstFile", Path: "x", Err: fs.ErrNotExist}, "查看 x 失败：不存在（file does not exist），请检查路径是否写对"},
		{errors.New("plain"), "plain"},
	} {
		if got := Text(c.err); got != c.want {
			t.Errorf("Text(%q)\n = %q\nwant %q", c.err, got, c.want)
		}
	}
	if Text(nil) != "" {
		t.Error("Text(nil) is not empty")
	}
}

// TestTextOfRealErrors: errors the os package makes itself.
func TestTextOfRealErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errNotDir := os.Stat(filepath.Join(file, "x"))
	errExist := os.Mkdir(file, 0o755)
	_, errMissing := os.ReadFile(filepath.Join(dir, "missing"))
	// The system's own words, kept in the sentence: not a directory, file exists and no
	// such file or directory on Linux; Path not found., File already exists. and File not
	// found. on Windows.
	words := func(err error) string {
		var pe *fs.PathError
		if !errors.As(err, &pe) {
			t.Fatalf("%v is no PathError", err)
		}
		return pe.Err.Error()
	}
	for err, want := range map[error]string{
		errNotDir:  "查看 " + filepath.Join(file, "x") + " 失败：路径中有一段不是文件夹（" + words(errNotDir) + "），请检查路径是否写对",
		errExist:   "创建文件夹 " + file + " 失败：已经存在（" + words(errExist) + "），请换一个名称，或先移走原有的",
		errMissing: "打开 " + filepath.Join(dir, "missing") + " 失败：不存在（" + words(errMissing) + "），请检查路径是否写对",
	} {
		if got := Text(err); got != want {
			t.Errorf("Text(%q)\n = %q\nwant %q", err, got, want)
		}
	}
}

// TestWindowsReasons: the Windows codes a person meets most (a file open in WPS or Excel,
// a full disk) are said in Chinese; their table is tested here on any system, with the
// text Windows gives. Before, they fell to 出错（…） with the English text alone.
func TestWindowsReasons(t *testing.T) {
	for _, c := range []struct {
		code syscall.Errno
		want string
	}{
		{32, "正被其他程序占用（如 WPS、Excel 或 Word 打开了它）（x），请关闭它后重试"},
		{112, "磁盘空间已满（x），请腾出空间后重试"},
		{206, "路径过长（x），请缩短文件名或少用几层文件夹"},
	} {
		err := &fs.PathError{Op: "open", Path: "台帐.xlsx", Err: windowsErr{c.code}}
		if got := reasonIn(windowsReasons, err); got != c.want {
			t.Errorf("code %d: %q, want %q", c.code, got, c.want)
		}
	}
	// and not elsewhere: 32 is EPIPE on Linux
	if got := reasonIn(nil, windowsErr{32}); strings.Contains(got, "占用") {
		t.Errorf("without the Windows table: %q", got)
	}
}

// windowsErr is a Windows error code with a text of its own (the test runs anywhere).
type windowsErr struct{ code syscall.Errno }

func (w windowsErr) Error() string        { return "x" }
func (w windowsErr) Is(target error) bool { return target == w.code }
