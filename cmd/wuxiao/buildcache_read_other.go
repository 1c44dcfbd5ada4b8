//go:build !unix

package main

import (
	"io"
	"os"
)

// openEntryFile opens the file at p to read, with its size: not ok unless it is a
// regular file of at most maxEntry bytes.
func openEntryFile(p string) (*os.File, int64, bool) {
	f, err := os.Open(p)
	if err != nil {
		return nil, 0, false
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxEntry {
		f.Close()
		return nil, 0, false
	}
	return f, info.Size(), true
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
