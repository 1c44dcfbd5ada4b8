package content

import (
	"io"
	"io/fs"
	"path"
)

// LazyFS is a read-only file system whose files are read only when opened, from wherever
// they are kept (the desk's proofs, on its disk under their SHA-256): file paths
// (slash-separated) to how to open them. Folders are implied by the paths, as in MemFS.
// Laid over a tree, it lets the checker read a change's large files without their being
// held in memory.
type LazyFS map[string]LazyFile

// LazyFile is a file of a LazyFS: Open gives its Size bytes.
type LazyFile struct {
	Open func() (io.ReadCloser, error)
	Size int64
}

// Open opens a file, or an implied folder.
func (l LazyFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if f, ok := l[name]; ok {
		rc, err := f.Open()
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &lazyFile{info: memInfo{name: path.Base(name), size: f.Size}, ReadCloser: rc}, nil
	}
	return openImplied(name, l.entries)
}

// ReadDir lists a folder, sorted by name.
func (l LazyFS) ReadDir(name string) ([]fs.DirEntry, error) { return readImplied(name, l.entries) }

func (l LazyFS) entries(dir string) []fs.DirEntry {
	return impliedEntries(dir, func(yield func(string, int64) bool) {
		for p, f := range l {
			if !yield(p, f.Size) {
				return
			}
		}
	})
}

type lazyFile struct {
	info memInfo
	io.ReadCloser
}

func (f *lazyFile) Stat() (fs.FileInfo, error) { return f.info, nil }
