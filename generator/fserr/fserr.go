// Package fserr says a file system error in Chinese: what failed, on which path, why and what to do.
package fserr

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// Text is err's text with the part a file system error wrote in English (Go's
// "write public/a.html: no space left on device") said in Chinese, the path kept and the
// system's own words in parentheses for support:
// 写入 public/a.html 失败：磁盘空间已满（no space left on device），请腾出空间后重试.
// An error with no such part is its text as it is.
func Text(err error) string {
	if err == nil {
		return ""
	}
	text := err.Error()
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	var part, said string
	switch {
	case errors.As(err, &pe):
		part, said = pe.Error(), op(pe.Op)+" "+pe.Path+" 失败："+Reason(pe.Err)
	case errors.As(err, &le):
		part, said = le.Error(), op(le.Op)+" "+le.Old+" 为 "+le.New+" 失败："+Reason(le.Err)
	case errors.As(err, &se):
		part, said = se.Error(), op(se.Syscall)+"失败："+Reason(se.Err)
	default:
		return text
	}
	if i := strings.Index(text, part); i >= 0 {
		return text[:i] + said + text[i+len(part):]
	}
	return text + "（" + said + "）"
}

// Reason says why a file system call failed, the system's words in parentheses, and
// what to do where there is something to do: 磁盘空间已满（no space left on device），请腾出空间后重试.
func Reason(err error) string { return reasonIn(platformReasons, err) }

// reasonIn is Reason with the system's own table (windowsReasons on Windows) looked
// at before the POSIX one.
func reasonIn(platform []reason, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	for _, table := range [2][]reason{platform, reasons} {
		for _, r := range table {
			if errors.Is(err, r.errno) {
				return r.say(err)
			}
		}
	}
	// A code no table names (Windows' own for a missing file, say) that Go still knows
	// is said as the POSIX errno of the same meaning.
	for _, like := range [...]struct {
		is    error
		errno syscall.Errno
	}{{fs.ErrPermission, syscall.EACCES}, {fs.ErrNotExist, syscall.ENOENT}, {fs.ErrExist, syscall.EEXIST}} {
		if errors.Is(err, like.is) {
			for _, r := range reasons {
				if r.errno == like.errno {
					return r.say(err)
				}
			}
		}
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return "出错（" + err.Error() + "）"
	}
	return err.Error() // not the system's: already said by whoever made it
}

// reason is what an errno says and what to do about it.
type reason struct {
	errno      syscall.Errno
	said, todo string
}

// say is r for err: what it says, the system's words in parentheses, what to do.
func (r reason) say(err error) string { return r.said + "（" + err.Error() + "）" + r.todo }

// reasons are the POSIX errnos (on Windows Go's invented values, which no call returns).
var reasons = []reason{
	{syscall.ENOSPC, "磁盘空间已满", "，请腾出空间后重试"},
	{syscall.EDQUOT, "超出了磁盘配额", "，请腾出空间或请管理员提高配额后重试"},
	{syscall.EROFS, "所在的磁盘是只读的", "，请换一个可以写入的位置"},
	{syscall.EACCES, "没有权限", "，请检查这个文件或文件夹的权限，或换一个位置"},
	{syscall.EPERM, "操作不被允许", "，请检查这个文件或文件夹的权限，或换一个位置"},
	{syscall.EEXIST, "已经存在", "，请换一个名称，或先移走原有的"},
	{syscall.ENOENT, "不存在", "，请检查路径是否写对"},
	{syscall.ENOTDIR, "路径中有一段不是文件夹", "，请检查路径是否写对"},
	{syscall.EISDIR, "这是一个文件夹，不是文件", "，请检查路径是否写对"},
	{syscall.ENOTEMPTY, "文件夹不是空的", "，请先移走其中的文件"},
	{syscall.ENAMETOOLONG, "名称过长", "，请缩短文件名或少用几层文件夹"},
	{syscall.ELOOP, "符号链接层数过多", "，请检查路径中的符号链接"},
	{syscall.EMFILE, "同时打开的文件过多", "，请稍后重试，或提高打开文件数的上限（ulimit -n）"},
	{syscall.ENFILE, "系统同时打开的文件过多", "，请稍后重试"},
	{syscall.EXDEV, "不能跨磁盘移动", "，请把两处放在同一个磁盘上"},
	{syscall.EBUSY, "正被占用", "，请关闭占用它的程序后重试"},
	{syscall.EIO, "读写出错（磁盘或文件系统故障）", "，请检查磁盘"},
	{syscall.EFBIG, "文件过大", ""},
	{syscall.EINVAL, "参数无效（这个文件系统可能不支持这个操作）", ""},
}

// windowsReasons are the Windows error codes a file system call returns that
// fs.ErrPermission, ErrNotExist and ErrExist do not already say, the commonest first: a
// file open in WPS, Excel or Word (the ledger's 台帐.xlsx) cannot be written.
var windowsReasons = []reason{
	{32, "正被其他程序占用（如 WPS、Excel 或 Word 打开了它）", "，请关闭它后重试"},    // ERROR_SHARING_VIOLATION
	{33, "有一部分被其他程序锁定（如 WPS、Excel 或 Word 打开了它）", "，请关闭它后重试"}, // ERROR_LOCK_VIOLATION
	{112, "磁盘空间已满", "，请腾出空间后重试"},                             // ERROR_DISK_FULL
	{39, "磁盘空间已满", "，请腾出空间后重试"},                              // ERROR_HANDLE_DISK_FULL
	{19, "磁盘有写保护", "，请换一个可以写入的位置"},                           // ERROR_WRITE_PROTECT
	{206, "路径过长", "，请缩短文件名或少用几层文件夹"},                         // ERROR_FILENAME_EXCED_RANGE
	{145, "文件夹不是空的", "，请先移走其中的文件"},                           // ERROR_DIR_NOT_EMPTY
	{123, "名称含有 Windows 不允许的字符", "，请换用其他字符"},                 // ERROR_INVALID_NAME
}

// op is what a system call did, in Chinese.
func op(name string) string {
	switch name {
	case "open", "openat":
		return "打开"
	case "read", "pread":
		return "读取"
	case "write", "pwrite", "copy_file_range", "splice", "sendfile":
		return "写入"
	case "close":
		return "关闭"
	case "sync", "fsync", "fdatasync":
		return "同步到磁盘"
	case "mkdir", "mkdirat":
		return "创建文件夹"
	case "remove", "unlinkat", "unlink", "rmdir":
		return "删除"
	case "rename", "renameat", "renameat2":
		return "重命名"
	case "stat", "lstat", "fstat", "fstatat", "statfs",
		// os.Stat and Lstat's on Windows, named after the Windows calls
		"GetFileAttributesEx", "FindFirstFile", "CreateFile", "GetFileType",
		"GetFileInformationByHandle", "GetFileInformationByHandleEx", "statat":
		return "查看"
	case "readdir", "readdirent", "getdents", "fdopendir":
		return "读取文件夹"
	case "chmod", "fchmod", "fchmodat":
		return "修改权限"
	case "chtimes", "utimes", "utimensat":
		return "修改时间"
	case "symlink", "link", "linkat", "symlinkat":
		return "创建链接"
	case "readlink":
		return "读取链接"
	case "truncate", "ftruncate":
		return "截断"
	case "seek":
		return "定位"
	case "chdir", "fchdir":
		return "进入"
	}
	return "访问（" + name + "）"
}

// Args is args with each error replaced by its Text, for a log line's Printf arguments.
func Args(args []any) []any {
	for i, a := range args {
		if err, ok := a.(error); ok {
			args[i] = Text(err)
		}
	}
	return args
}
