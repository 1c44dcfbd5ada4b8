//go:build !unix

package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// openRegular opens the file at p to read, with its size, when it is a regular file;
// anything else is an error wrapping fs.ErrNotExist: no file of the cache is there.
func openRegular(p string) (*os.File, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, 0, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("%s 不是普通文件：%w", p, fs.ErrNotExist)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, info.Size(), nil
}

// openEntryFile opens the build cache's entry file at p, with its size: not ok unless it
// is a regular file of at most maxEntry bytes.
func openEntryFile(p string) (*os.File, int64, bool) {
	f, size, err := openRegular(p)
	if err != nil {
		return nil, 0, false
	}
	if size > maxEntry {
		f.Close()
		return nil, 0, false
	}
	return f, size, true
}

// readEntry reads the entry file at p whole into the memory room gives for its size.
func readEntry(p string, room func(size int) []byte) ([]byte, bool) {
	f, size, ok := openEntryFile(p)
	if !ok {
		return nil, false
	}
	defer f.Close()
	data := room(int(size))
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, false
	}
	return data, true
}

// openShard opens the fingerprint cache's file at p, with its size.
func openShard(p string) (*os.File, int64, error) { return openRegular(p) }
