package content

import (
	"errors"
	"io/fs"

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
	fd, err := unix.Openat2(dir, name, &unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOCTTY | unix.O_NONBLOCK,
		Resolve: unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_BENEATH,
	})
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
	data = make([]byte, 0, st.Size+1) // +1: the read that finds the end needs no new buffer
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
		if len(data) == int(st.Size) && len(data) < cap(data) {
			return data, true, nil // all fstat said, and no more though there was room: the end, without a read to find it
		}
	}
}
