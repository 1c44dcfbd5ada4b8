package content

import (
	"io"
	"io/fs"
	"math"
)

// LimitedFS is a file system that reads a file no further than its reader asks:
// ReadFileLimit gives the file's bytes, or its first limit+1 when it holds more, so that
// a file too large is told so without being held (it may have grown to a terabyte since
// the walk found it small).
type LimitedFS interface {
	fs.FS
	ReadFileLimit(name string, limit int64) ([]byte, error)
}

// bufferedFS is a LimitedFS that reads a file into memory its caller lends, when it has
// room: the caller may lend it again once it is done with the bytes.
type bufferedFS interface {
	ReadFileLimitInto(name string, limit int64, buf []byte) ([]byte, error)
}

// NoLimit is the limit of a read that takes the file whole, however long.
const NoLimit = math.MaxInt64 - 1

// ReadAtMost reads file name of fsys to its end or to its first limit+1 bytes, whichever
// comes first: by fsys's own ReadFileLimit when it has one, else through Open.
func ReadAtMost(fsys fs.FS, name string, limit int64) ([]byte, error) {
	if l, ok := fsys.(LimitedFS); ok {
		return l.ReadFileLimit(name, limit)
	}
	return openAtMost(fsys, name, limit)
}

// openAtMost is ReadAtMost through fsys's Open, its buffer first sized by Stat.
func openAtMost(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(0)
	if info, err := f.Stat(); err == nil {
		size = max(info.Size(), 0)
	}
	return readUpTo(f, size, limit, nil)
}

// readUpTo reads r, a file that said it holds size bytes, to its end or to its first
// limit+1 bytes, whichever comes first (a file longer than limit is that long, so the
// caller tells it too large without holding it), into buf's memory when it has room for
// what the file said. A file that holds what it said is read in one read; one that
// holds more (grown since, or of /proc, which says it is empty) is read on until a read
// finds the end. (Generic, so that the loader's file descriptor reader is not boxed
// for each file.)
func readUpTo[R io.Reader](r R, size, limit int64, buf []byte) ([]byte, error) {
	data := buf[:0]
	if int64(cap(data)) < min(size, limit)+1 {
		data = make([]byte, 0, min(size, limit)+1) // +1: the read that finds the end needs no new buffer
	}
	for int64(len(data)) <= limit {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):roomEnd(cap(data), limit)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == int(size) && len(data) < cap(data) {
			return data, nil // all the file said, and no more though there was room: the end, without a read to find it
		}
	}
	return data, nil
}

// roomEnd is where a read into a buffer of capacity room stops so that no more than
// limit+1 bytes are read in all.
func roomEnd(room int, limit int64) int {
	if int64(room) > limit {
		return int(limit + 1)
	}
	return room
}
