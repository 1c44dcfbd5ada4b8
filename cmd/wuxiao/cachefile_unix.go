//go:build unix

package main

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// openRegular opens the file at p to read, with its size, when it is a regular file:
// without waiting for a writer (O_NONBLOCK), so that a FIFO in a cache's folder is
// refused at once instead of keeping every build and check waiting for ever, and, with
// noLink, without following a link in p's place. Anything else is an error wrapping
// fs.ErrNotExist: no file of the cache is there.
func openRegular(p string, noLink bool) (fd int, size int64, err error) {
	flags := syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NONBLOCK
	if noLink {
		flags |= syscall.O_NOFOLLOW
	}
	for {
		fd, err = syscall.Open(p, flags, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return -1, 0, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return -1, 0, &fs.PathError{Op: "stat", Path: p, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		syscall.Close(fd)
		return -1, 0, fmt.Errorf("%s 不是普通文件：%w", p, fs.ErrNotExist)
	}
	return fd, st.Size, nil
}

// openEntry opens the build cache's entry file at p (openRegular, no link followed: the
// cache writes none): not ok unless it is a regular file of at most maxEntry bytes.
func openEntry(p string) (fd int, size int64, ok bool) {
	fd, size, err := openRegular(p, true)
	if err != nil {
		return -1, 0, false
	}
	if size > maxEntry {
		syscall.Close(fd)
		return -1, 0, false
	}
	return fd, size, true
}

// readEntry reads the entry file at p whole into the memory room gives for its size, by
// system calls alone: an os.File asks the file's flags and offers it to the runtime's
// poller besides, 7 of the 20 µs a page's entry took to read on a 2-core EPYC VM (a build
// as CI makes it reads 11,000).
func readEntry(p string, room func(size int) []byte) ([]byte, bool) {
	fd, size, ok := openEntry(p)
	if !ok {
		return nil, false
	}
	defer syscall.Close(fd)
	data := room(int(size))
	for got := 0; got < len(data); {
		n, err := syscall.Read(fd, data[got:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n <= 0 { // an error, or the file shorter than it was
			return nil, false
		}
		got += n
	}
	return data, true
}

// openEntryFile is openEntry as an os.File.
func openEntryFile(p string) (*os.File, int64, bool) {
	fd, size, ok := openEntry(p)
	if !ok {
		return nil, 0, false
	}
	return os.NewFile(uintptr(fd), p), size, true
}

// openShard opens the fingerprint cache's file at p (openRegular; a link is followed),
// with its size.
func openShard(p string) (*os.File, int64, error) {
	fd, size, err := openRegular(p, false)
	if err != nil {
		return nil, 0, err
	}
	return os.NewFile(uintptr(fd), p), size, nil
}
