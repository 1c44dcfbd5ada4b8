//go:build unix

package main

import (
	"os"
	"syscall"
)

// openEntry opens the file at p to read, with its size: not ok unless it is a regular
// file of at most maxEntry bytes. It is opened without waiting for a writer (O_NONBLOCK:
// a FIFO in an entry's place would keep the build waiting for ever) and without
// following a link in its place (nothing the cache writes is one).
func openEntry(p string) (fd int, size int64, ok bool) {
	for {
		fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return -1, 0, false
		}
		var st syscall.Stat_t
		if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size > maxEntry {
			syscall.Close(fd)
			return -1, 0, false
		}
		return fd, st.Size, true
	}
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
