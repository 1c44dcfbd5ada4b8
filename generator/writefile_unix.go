//go:build unix

package generator

import (
	"io/fs"
	"syscall"

	"golang.org/x/sys/unix"
)

// writeFile is os.WriteFile(name, data, 0o644) by plain system calls: os.OpenFile offers
// every file to the network poller, which on Linux costs four fcntl and a failing
// epoll_ctl per file, a third of the system calls of writing a site of many small pages.
func writeFile(name string, data []byte) error {
	_, err := write(unix.AT_FDCWD, name, data, syscall.O_TRUNC, false)
	return err
}

// writeNewFile writes data to a new file at name (none may be there: a file already
// there, whoever else links to it, is never written into) and gives its stamp.
func writeNewFile(name string, data []byte) (stamp, error) {
	return write(unix.AT_FDCWD, name, data, syscall.O_EXCL, true)
}

// write creates name (in the folder open as dirfd, or AT_FDCWD) with flag (O_TRUNC or
// O_EXCL) and writes data to it; stamped, it gives the new file's stamp.
func write(dirfd int, name string, data []byte, flag int, stamped bool) (stamp, error) {
	var fd int
	var err error
	for {
		fd, err = unix.Openat(dirfd, name, syscall.O_WRONLY|syscall.O_CREAT|flag|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return stamp{}, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return stamp{}, &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	var st stamp
	ok := !stamped
	if stamped {
		st, ok = fdStamp(fd)
	}
	if err := syscall.Close(fd); err != nil && err != syscall.EINTR {
		return stamp{}, &fs.PathError{Op: "close", Path: name, Err: err}
	}
	if !ok && dirfd == unix.AT_FDCWD {
		st, _ = statStamp(name)
	}
	return st, nil
}
