package content

import (
	"bytes"
	"io"
	"io/fs"
	"iter"
	"path"
	"slices"
	"strings"
	"time"
)

// MemFS is a read-only file system held in memory: file paths (slash-separated, as
// fs.ValidPath says) to their contents. Folders are implied by the paths; a key ending
// in "/" makes a folder that may stay empty. It carries a
// tree that is not on disk, such as a Git revision's files or a form's one file, into Load.
type MemFS map[string][]byte

// Open opens a file or an implied folder.
func (m MemFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok := m[name]; ok {
		return &memFile{info: memInfo{name: path.Base(name), size: int64(len(data))}, r: bytes.NewReader(data)}, nil
	}
	return openImplied(name, m.entries)
}

// ReadDir lists a folder, sorted by name.
func (m MemFS) ReadDir(name string) ([]fs.DirEntry, error) { return readImplied(name, m.entries) }

// openImplied opens folder name of a file system whose folders are implied by its files'
// paths (entries lists one, nil when nothing lies in it).
func openImplied(name string, entries func(dir string) []fs.DirEntry) (fs.File, error) {
	list, err := readImplied(name, entries)
	if err != nil {
		err.(*fs.PathError).Op = "open"
		return nil, err
	}
	return &memDir{info: memInfo{name: path.Base(name), dir: true}, entries: list}, nil
}

// readImplied lists folder name as openImplied opens it.
func readImplied(name string, entries func(dir string) []fs.DirEntry) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	list := entries(name)
	if list == nil && name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	return list, nil
}

// ReadFile returns a copy of a file's contents.
func (m MemFS) ReadFile(name string) ([]byte, error) {
	data, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return bytes.Clone(data), nil
}

// entries lists what lies directly in folder dir; nil when nothing does.
func (m MemFS) entries(dir string) []fs.DirEntry {
	return impliedEntries(dir, func(yield func(string, int64) bool) {
		for p, data := range m {
			if !yield(p, int64(len(data))) {
				return
			}
		}
	})
}

// impliedEntries lists what lies directly in folder dir of a file system whose folders are
// implied by its files' paths (given with their sizes); nil when nothing does.
func impliedEntries(dir string, files iter.Seq2[string, int64]) []fs.DirEntry {
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	seen := map[string]fs.DirEntry{}
	exists := false
	for p, size := range files {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		exists = true
		if rest == "" {
			continue
		}
		if first, _, sub := strings.Cut(rest, "/"); sub {
			seen[first] = fs.FileInfoToDirEntry(memInfo{name: first, dir: true})
		} else {
			seen[rest] = fs.FileInfoToDirEntry(memInfo{name: rest, size: size})
		}
	}
	if !exists {
		return nil
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}

type memFile struct {
	info memInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }

type memDir struct {
	info    memInfo
	entries []fs.DirEntry
	off     int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}
func (d *memDir) Close() error { return nil }

// ReadDir lists the folder's entries as fs.ReadDirFile says.
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}
