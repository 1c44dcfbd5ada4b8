//go:build unix

package generator

import (
	"bytes"
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// sameBytes tells whether the regular file at name (not followed if a link) holds
// exactly data, reading it by plain system calls as writeFile writes, into buf; and if
// so, the file's stamp.
func sameBytes(name string, data, buf []byte) (stamp, bool) {
	return sameBytesAt(unix.AT_FDCWD, name, data, buf)
}

// sameBytesAt is sameBytes of name in the folder open as dirfd (or AT_FDCWD).
func sameBytesAt(dirfd int, name string, data, buf []byte) (stamp, bool) {
	var fd int
	var err error
	for {
		fd, err = unix.Openat(dirfd, name, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0) // a named pipe does not wait for a writer
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return stamp{}, false
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size != int64(len(data)) {
		return stamp{}, false
	}
	for rest := data; ; {
		n, err := syscall.Read(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n > len(rest) || !bytes.Equal(buf[:n], rest[:n]) {
			return stamp{}, false
		}
		rest = rest[n:]
		if n == 0 {
			if len(rest) != 0 {
				return stamp{}, false
			}
			if s, ok := fdStamp(fd); ok || dirfd != unix.AT_FDCWD {
				return s, ok
			}
			s, _ := statStamp(name)
			return s, true
		}
	}
}

// openRegular opens the regular file at name to read, not following a link there and not
// waiting on a named pipe (a build must never wait for a writer that does not come);
// anything but a regular file is an error.
func openRegular(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s 不是普通文件", name)
	}
	return f, nil
}
