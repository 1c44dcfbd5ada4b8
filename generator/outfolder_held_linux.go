package generator

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// heldFolder is the folder a build fills, held open while the build works in it.
type heldFolder struct {
	f    *os.File // nil where the folder is reached by its name
	fd   int      // f's
	name string   // leads to the folder opened, whatever becomes of its name meanwhile
}

// holdFolder opens dir, the folder a build fills, so that the build reaches what is in
// it from the folder opened and not through dir's name in its parent: whoever may write
// in the output's parent could put a link to a folder elsewhere, or another folder, at
// that name between a check and what the build does there (deleting, writing over). The
// folder is reached as /proc/self/fd/N, which leads to the open folder however its name
// changes, and a file's stamp is taken with fstatat from it (stat). os.Root does the
// same, but walks every name a component at a time: 12,000 stats of pages five folders
// deep took 127-178 ms through it, 59-73 through /proc/self/fd, 34 by name and 25 by
// fstatat. A folder not the build's user's is refused: its owner could change what is in
// it (a folder into a link) under the build. Without /proc the folder is reached by its
// name, as before. Close it when the build is done with the folder.
func holdFolder(dir string) (heldFolder, error) {
	f, err := os.OpenFile(dir, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return heldFolder{}, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil || int(st.Uid) != os.Geteuid() {
		f.Close() // another's folder, put at the name: what is in it is theirs to change under the build
		return heldFolder{}, fmt.Errorf("%s 不是本用户的目录", dir)
	}
	held := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	if info, err := os.Stat(held); err != nil || !os.SameFile(info, mustStat(f)) {
		f.Close()
		return heldFolder{name: dir}, nil
	}
	return heldFolder{f: f, fd: int(f.Fd()), name: held}, nil
}

func mustStat(f *os.File) os.FileInfo {
	info, err := f.Stat()
	if err != nil {
		return nil
	}
	return info
}

// stat is the stamp of name (slash-separated) in the folder, not followed if a link.
func (h heldFolder) stat(name string) (stamp, bool) {
	if h.f == nil {
		return statStamp(filepath.Join(h.name, filepath.FromSlash(name)))
	}
	var st unix.Stat_t
	for {
		err := unix.Fstatat(h.fd, filepath.FromSlash(name), &st, unix.AT_SYMLINK_NOFOLLOW)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return stamp{}, false
		}
		return stamp{size: st.Size, mtime: int64(st.Mtim.Sec)*1e9 + int64(st.Mtim.Nsec), inode: int64(st.Ino), mode: st.Mode}, true
	}
}

// writeNew writes data to a new file name (slash-separated) in the folder (writeNewFile).
func (h heldFolder) writeNew(name string, data []byte) (stamp, error) {
	if h.f == nil {
		return writeNewFile(filepath.Join(h.name, filepath.FromSlash(name)), data)
	}
	return write(h.fd, filepath.FromSlash(name), data, syscall.O_EXCL, true)
}

// writeFile is writeFile of name (slash-separated) in the folder.
func (h heldFolder) writeFile(name string, data []byte) error {
	if h.f == nil {
		return writeFile(filepath.Join(h.name, filepath.FromSlash(name)), data)
	}
	_, err := write(h.fd, filepath.FromSlash(name), data, syscall.O_TRUNC, false)
	return err
}

// create makes file name (slash-separated) in the folder, empty, to be written.
func (h heldFolder) create(name string) (*os.File, error) {
	if h.f == nil {
		return os.Create(filepath.Join(h.name, filepath.FromSlash(name)))
	}
	for {
		fd, err := unix.Openat(h.fd, filepath.FromSlash(name), syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o644)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return os.NewFile(uintptr(fd), filepath.Join(h.name, filepath.FromSlash(name))), nil
	}
}

// sameBytes is sameBytes of name (slash-separated) in the folder.
func (h heldFolder) sameBytes(name string, data, buf []byte) (stamp, bool) {
	if h.f == nil {
		return sameBytes(filepath.Join(h.name, filepath.FromSlash(name)), data, buf)
	}
	return sameBytesAt(h.fd, filepath.FromSlash(name), data, buf)
}

// mkdir makes folder name (slash-separated) in the folder.
func (h heldFolder) mkdir(name string) error {
	if h.f == nil {
		return os.Mkdir(filepath.Join(h.name, filepath.FromSlash(name)), 0o755)
	}
	if err := unix.Mkdirat(h.fd, filepath.FromSlash(name), 0o755); err != nil {
		return &os.PathError{Op: "mkdir", Path: name, Err: err}
	}
	return nil
}

// link makes name (slash-separated) in the folder a hard link to the file src.
func (h heldFolder) link(src, name string) error {
	if h.f == nil {
		return os.Link(src, filepath.Join(h.name, filepath.FromSlash(name)))
	}
	if err := unix.Linkat(unix.AT_FDCWD, src, h.fd, filepath.FromSlash(name), 0); err != nil {
		return &os.LinkError{Op: "link", Old: src, New: name, Err: err}
	}
	return nil
}

// is tells whether the name dir leads to the folder held (not through a link).
func (h heldFolder) is(dir string) error {
	if h.f == nil {
		return nil
	}
	info, err := os.Lstat(dir)
	if err != nil || !os.SameFile(info, mustStat(h.f)) {
		return fmt.Errorf("%s 在构建中途被换成了别的目录或链接", dir)
	}
	return nil
}

func (h heldFolder) close() {
	if h.f != nil {
		h.f.Close()
	}
}
