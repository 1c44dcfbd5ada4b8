package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"wuxiao/generator/fserr"
)

// ErrSymlink is the error of opening a path through a symbolic link, which DirFS refuses.
var ErrSymlink = errors.New("是符号链接（不跟随）")

// ErrNotRegular is the error of opening something that is neither a file nor a folder.
var ErrNotRegular = errors.New("不是普通文件")

// DirFS is the file system of the folder root that never follows a symbolic link: a path
// with a link in any of its parts (below root) cannot be opened, only regular files and
// folders open, and the file opened is checked to be the one inspected. Reading content
// through it, no link can carry a file from elsewhere into the check or the site.
func DirFS(root string) fs.FS { return dirFS(root) }

type dirFS string

// lstat inspects name part by part without following any link.
func (d dirFS) lstat(op, name string) (string, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	p := string(d)
	var info fs.FileInfo
	if name == "." {
		i, err := os.Stat(p) // the root itself may be reached through links
		return p, i, err
	}
	for _, part := range strings.Split(name, "/") {
		p = filepath.Join(p, part)
		i, err := os.Lstat(p)
		if err != nil {
			return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrapPath(err)}
		}
		if i.Mode()&fs.ModeSymlink != 0 {
			return "", nil, &fs.PathError{Op: op, Path: name, Err: ErrSymlink}
		}
		info = i
	}
	return p, info, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (d dirFS) Open(name string) (fs.File, error) {
	p, info, err := d.lstat("open", name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
	}
	// A link swapped in after the inspection shows as another file.
	if got, err := f.Stat(); err != nil || !os.SameFile(got, info) {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrSymlink}
	}
	return f, nil
}

// Stat describes name itself: a link is reported as a link, never followed.
func (d dirFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if name != "." {
		if dir := pathDir(name); dir != "." {
			if _, _, err := d.lstat("stat", dir); err != nil {
				return nil, err
			}
		}
		i, err := os.Lstat(filepath.Join(string(d), filepath.FromSlash(name)))
		if err != nil {
			return nil, &fs.PathError{Op: "stat", Path: name, Err: unwrapPath(err)}
		}
		return i, nil
	}
	return os.Stat(string(d))
}

// ReadFile reads the file name, which Open would open, refusing what Open refuses. It
// takes the kernel's walk without links where there is one (readNoLink), and else opens
// the file as Open does.
func (d dirFS) ReadFile(name string) ([]byte, error) { return d.ReadFileLimit(name, NoLimit) }

// ReadFileLimit is ReadFile read no further than limit+1 bytes (LimitedFS): it is how the
// loader reads every file.
func (d dirFS) ReadFileLimit(name string, limit int64) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name != "." {
		if data, ok, err := readNoLink(string(d), filepath.FromSlash(name), limit); ok {
			return data, err
		}
	}
	return openAtMost(d, name, limit)
}

// ReadDir lists a folder with each entry's own type: links stay links. It takes the
// kernel's walk without links where there is one (readDirNoLink), and else inspects each
// part of the path (readDirByParts).
func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if fs.ValidPath(name) {
		if entries, ok, err := readDirNoLink(string(d), filepath.FromSlash(name)); ok {
			return entries, err
		}
	}
	return d.readDirByParts(name)
}

// readDirByParts is ReadDir by an lstat of each part of the path and os.ReadDir.
func (d dirFS) readDirByParts(name string) ([]fs.DirEntry, error) {
	p, info, err := d.lstat("readdir", name)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("不是目录")}
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return entries, &fs.PathError{Op: "readdir", Path: name, Err: unwrapPath(err)}
	}
	return entries, nil
}

func pathDir(name string) string {
	i := strings.LastIndexByte(name, '/')
	if i < 0 {
		return "."
	}
	return name[:i]
}

// readProblem says in Chinese why a path could not be read.
func readProblem(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "没有读取权限"
	case errors.Is(err, fs.ErrNotExist):
		return "不存在"
	}
	return fserr.Reason(unwrapPath(err))
}

// NoLinkOnPath reports the first part of the slash-separated path name under root that
// is a symbolic link (parts that do not exist yet are fine), so that a writer can refuse
// to write through a link to somewhere outside the repository.
func NoLinkOnPath(root, name string) error {
	p := root
	for _, part := range strings.Split(name, "/") {
		p = filepath.Join(p, part)
		info, err := os.Lstat(p)
		if err != nil {
			return nil // from here on nothing exists yet
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return &fs.PathError{Op: "write", Path: name, Err: ErrSymlink}
		}
	}
	return nil
}
