package content

import (
	"errors"
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// readNoLink reads the regular file name under root by one walk of the kernel's that
// follows no link below root and cannot leave it (openat2 with RESOLVE_NO_SYMLINKS and
// RESOLVE_BENEATH): two system calls for the walk, where inspecting each part takes one
// per part. It answers (ok) for a regular file read and for a link on the way
// (ErrSymlink); for anything else (no openat2 in this kernel or sandbox, a missing file,
// a folder, a named pipe) it does not answer, and the caller takes the portable way,
// which says why in its own words. Nothing but a regular file is opened for reading: the
// kind is looked at first, and the file opened must be the one looked at.
func readNoLink(root, name string) (data []byte, ok bool, err error) {
	dir, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0) // the root itself may be reached through links
	if err != nil {
		return nil, false, nil
	}
	defer unix.Close(dir)
	var seen unix.Stat_t
	if unix.Fstatat(dir, name, &seen, unix.AT_SYMLINK_NOFOLLOW) != nil || seen.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, false, nil
	}
	fd, err := openNoLink(dir, name)
	switch {
	case errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EXDEV):
		return nil, true, &fs.PathError{Op: "open", Path: name, Err: ErrSymlink}
	case err != nil:
		return nil, false, nil
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Dev != seen.Dev || st.Ino != seen.Ino {
		return nil, false, nil // swapped since it was looked at: the portable way decides
	}
	return readOpen(fd, name, st.Size)
}

// openNoLink opens name below the folder dir for reading, by the kernel's walk that
// follows no link and cannot leave dir; a link on the way is ELOOP or EXDEV. It does
// not wait on a named pipe, nor take a terminal as the process's own.
func openNoLink(dir int, name string) (int, error) {
	return unix.Openat2(dir, name, &unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOCTTY | unix.O_NONBLOCK,
		Resolve: unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_BENEATH,
	})
}

// readOpen reads the open regular file fd whole, of size bytes by fstat: in one read
// when it holds that, and on to the end when a read fills the buffer (a file grown
// since, or of /proc, which says it is empty).
func readOpen(fd int, name string, size int64) ([]byte, bool, error) {
	data := make([]byte, 0, size+1) // +1: the read that finds the end needs no new buffer
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := unix.Read(fd, data[len(data):cap(data)])
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, true, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return data, true, nil
		}
		data = data[:len(data)+n]
		if len(data) == int(size) && len(data) < cap(data) {
			return data, true, nil // all fstat said, and no more though there was room: the end, without a read to find it
		}
	}
}

// heldRoot is DirFS with its root held open for a load, whose reads take three system
// calls and an fstat (openat2, fstat, read, close) where DirFS's ReadFile opens and
// closes the root and looks at the file first as well (readNoLink: seven). The kind is
// looked at by the load's walk first (lstat: a link or anything but a regular file is
// refused there, unread); what was swapped in since is opened by a walk that follows no
// link and cannot leave the root, without waiting on a pipe, and read only when fstat
// says it is a regular file: a link is ErrSymlink here, and anything else DirFS's
// ReadFile refuses in its own words. Every read is of the folder the load began with,
// though the root's path be given to another folder meanwhile.
type heldRoot struct {
	dirFS
	fd int
}

// holdRoot holds the root of fsys open while a load reads it, when fsys is DirFS and
// the kernel can walk below a folder without links (openat2); done lets it go. Any
// other file system, or where it cannot, is given back as it is.
func holdRoot(fsys fs.FS) (held fs.FS, done func()) {
	d, ok := fsys.(dirFS)
	if !ok {
		return fsys, func() {}
	}
	fd, err := unix.Open(string(d), unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0) // the root itself may be reached through links
	if err != nil {
		return fsys, func() {}
	}
	if probe, err := openNoLink(fd, "."); err != nil {
		unix.Close(fd)
		return fsys, func() {} // no openat2 in this kernel or sandbox
	} else {
		unix.Close(probe)
	}
	return &heldRoot{dirFS: d, fd: fd}, func() { unix.Close(fd) }
}

// ReadFile reads the regular file name below the held root, refusing what DirFS's
// ReadFile refuses, with the same errors.
func (h *heldRoot) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) || name == "." {
		return h.dirFS.ReadFile(name)
	}
	osName := filepath.FromSlash(name)
	fd, err := openNoLink(h.fd, osName)
	switch {
	case errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EXDEV):
		return nil, &fs.PathError{Op: "open", Path: osName, Err: ErrSymlink}
	case err != nil:
		return h.dirFS.ReadFile(name) // missing, not allowed…: DirFS says so in its words
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return h.dirFS.ReadFile(name) // a pipe, a folder…: refused by DirFS, which opens no such thing to read it
	}
	data, _, err := readOpen(fd, osName, st.Size)
	return data, err
}
