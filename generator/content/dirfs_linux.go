package content

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

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
func readNoLink(root, name string, limit int64) (data []byte, ok bool, err error) {
	dir, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0) // the root itself may be reached through links
	if err != nil {
		return nil, false, nil
	}
	defer unix.Close(dir)
	var seen unix.Stat_t
	if unix.Fstatat(dir, name, &seen, unix.AT_SYMLINK_NOFOLLOW) != nil || seen.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, false, nil
	}
	fd, err := openNoLink(dir, name)
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
	data, err = readUpTo(fdReader{fd, name}, st.Size, limit, nil)
	return data, true, err
}

// openNoLink opens name below the folder dir for reading, by the kernel's walk that
// follows no link and cannot leave dir; a link on the way is ELOOP or EXDEV. It does
// not wait on a named pipe, nor take a terminal as the process's own.
func openNoLink(dir int, name string) (int, error) {
	return unix.Openat2(dir, name, &unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOCTTY | unix.O_NONBLOCK,
		Resolve: unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_BENEATH,
	})
}

// fdReader reads the open file fd (readUpTo), named name in its errors; a read of
// nothing is its end.
type fdReader struct {
	fd   int
	name string
}

func (r fdReader) Read(p []byte) (int, error) {
	for {
		n, err := unix.Read(r.fd, p)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: r.name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// heldRoot is DirFS with its root held open for a load, whose reads take three system
// calls and an fstat (openat2, fstat, read, close) where DirFS's ReadFile opens and
// closes the root and looks at the file first as well (readNoLink: seven). The kind is
// looked at by the load's walk first (lstat: a link or anything but a regular file is
// refused there, unread); what was swapped in since is opened by a walk that follows no
// link and cannot leave the root, without waiting on a pipe, and read only when fstat
// says it is a regular file: a link is ErrSymlink here, and anything else DirFS's
// ReadFile refuses in its own words. Every read is of the folder the load began with,
// though the root's path be given to another folder meanwhile.
type heldRoot struct {
	dirFS
	fd int
	// unlooked, when set, names the regular files (slash-separated paths) whose lstat
	// ReadDir leaves out: the load reads them at once, and the fstat of the read says
	// their size (ReadFileSizedInto). Their entries have the kind the folder's listing
	// gives; their Info looks at them then, as DirFS's Stat does.
	unlooked func(name string) bool
}

// holdRoot holds the root of fsys open while a load reads it, when fsys is DirFS and
// the kernel can walk below a folder without links (openat2); done lets it go. Any
// other file system, or where it cannot, is given back as it is.
func holdRoot(fsys fs.FS) (held fs.FS, done func()) {
	d, ok := fsys.(dirFS)
	if !ok {
		return fsys, func() {}
	}
	fd, err := unix.Open(string(d), unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0) // the root itself may be reached through links
	if err != nil {
		return fsys, func() {}
	}
	if probe, err := openNoLink(fd, "."); err != nil {
		unix.Close(fd)
		return fsys, func() {} // no openat2 in this kernel or sandbox
	} else {
		unix.Close(probe)
	}
	return &heldRoot{dirFS: d, fd: fd}, func() { unix.Close(fd) }
}

// ReadFile reads the regular file name below the held root, refusing what DirFS's
// ReadFile refuses, with the same errors.
func (h *heldRoot) ReadFile(name string) ([]byte, error) { return h.ReadFileLimit(name, NoLimit) }

// ReadFileLimit is ReadFile read no further than limit+1 bytes (LimitedFS).
func (h *heldRoot) ReadFileLimit(name string, limit int64) ([]byte, error) {
	return h.ReadFileLimitInto(name, limit, nil)
}

// ReadFileLimitInto is ReadFileLimit into buf's memory when it has room (bufferedFS).
func (h *heldRoot) ReadFileLimitInto(name string, limit int64, buf []byte) ([]byte, error) {
	if !fs.ValidPath(name) || name == "." {
		return h.dirFS.ReadFileLimit(name, limit)
	}
	osName := filepath.FromSlash(name)
	fd, err := openNoLink(h.fd, osName)
	switch {
	case errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EXDEV):
		return nil, &fs.PathError{Op: "open", Path: osName, Err: ErrSymlink}
	case err != nil:
		return h.dirFS.ReadFileLimit(name, limit) // missing, not allowed…: DirFS says so in its words
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return h.dirFS.ReadFileLimit(name, limit) // a pipe, a folder…: refused by DirFS, which opens no such thing to read it
	}
	return readUpTo(fdReader{fd, osName}, st.Size, limit, buf)
}

// readDirNoLink lists the folder name under root as readDirAt does, the root opened for
// it (the root itself may be reached through links); it answers as readDirAt does.
func readDirNoLink(root, name string) ([]fs.DirEntry, bool, error) {
	dir, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, false, nil
	}
	defer unix.Close(dir)
	return readDirAt(dir, name, nil)
}

// ReadDir lists the folder name below the held root (readDirAt), or as DirFS does.
func (h *heldRoot) ReadDir(name string) ([]fs.DirEntry, error) {
	if fs.ValidPath(name) {
		var unlooked func(entry string) func() (fs.FileInfo, error)
		if h.unlooked != nil {
			unlooked = func(entry string) func() (fs.FileInfo, error) {
				p := path.Join(name, entry)
				if !h.unlooked(p) {
					return nil
				}
				return func() (fs.FileInfo, error) { return h.dirFS.Stat(p) }
			}
		}
		if entries, ok, err := readDirAt(h.fd, filepath.FromSlash(name), unlooked); ok {
			return entries, err
		}
	}
	return h.dirFS.readDirByParts(name)
}

// leaveUnlooked makes ReadDir leave out the lstat of the regular files skip names
// (lazyWalker).
func (h *heldRoot) leaveUnlooked(skip func(name string) bool) { h.unlooked = skip }

// ReadFileSizedInto is ReadFileLimitInto that also gives the size the open file's fstat
// says, and reads nothing of a file larger than limit (lazyWalker): for a file the walk
// did not look at. size is -1 where the file was read by DirFS's ReadFileLimit.
func (h *heldRoot) ReadFileSizedInto(name string, limit int64, buf []byte) (data []byte, size int64, err error) {
	if !fs.ValidPath(name) || name == "." {
		data, err = h.dirFS.ReadFileLimit(name, limit)
		return data, -1, err
	}
	osName := filepath.FromSlash(name)
	fd, err := openNoLink(h.fd, osName)
	switch {
	case errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EXDEV):
		return nil, -1, &fs.PathError{Op: "open", Path: osName, Err: ErrSymlink}
	case err != nil:
		data, err = h.dirFS.ReadFileLimit(name, limit) // missing, not allowed…: DirFS says so in its words
		return data, -1, err
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		data, err = h.dirFS.ReadFileLimit(name, limit) // a pipe, a folder…: refused by DirFS, which opens no such thing to read it
		return data, -1, err
	}
	if st.Size > limit {
		return nil, st.Size, nil
	}
	data, err = readUpTo(fdReader{fd, osName}, st.Size, limit, buf)
	return data, st.Size, err
}

// readDirAt lists the folder name below the folder dir, opened by the kernel's walk that
// follows no link and cannot leave dir, in name order, each entry described by an lstat
// from the folder itself (fstatat): one system call a folder for the walk, where
// inspecting each part takes one a part, and the entries' lstat walks one part, where
// os.ReadDir's walks the NoLimit path again. It answers (ok) for a folder listed and for a
// link on the way (ErrSymlink); for anything else (a missing folder, a file, no openat2)
// it does not, and the caller takes the portable way, which says why in its words.
// unlooked, when not nil, is asked of each regular file (by the listing's kind) whether
// to leave its lstat out: if so, it gives how to look at the file when Info is asked for.
func readDirAt(dir int, name string, unlooked func(entry string) func() (fs.FileInfo, error)) ([]fs.DirEntry, bool, error) {
	fd, err := unix.Openat2(dir, name, &unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_DIRECTORY | unix.O_CLOEXEC | unix.O_NOCTTY | unix.O_NONBLOCK,
		Resolve: unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_BENEATH,
	})
	switch {
	case errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EXDEV):
		return nil, true, &fs.PathError{Op: "readdir", Path: name, Err: ErrSymlink}
	case err != nil:
		return nil, false, nil
	}
	defer unix.Close(fd)
	var entries []fs.DirEntry
	buf := make([]byte, 16<<10)
	for {
		n, err := unix.Getdents(fd, buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, true, &fs.PathError{Op: "readdir", Path: name, Err: err}
		}
		if n <= 0 {
			break
		}
		for b := buf[:n]; len(b) >= 19; {
			reclen := int(binary.NativeEndian.Uint16(b[16:]))
			if reclen < 19 || reclen > len(b) {
				return nil, true, &fs.PathError{Op: "readdir", Path: name, Err: unix.EIO}
			}
			typ, entry := b[18], b[19:reclen]
			b = b[reclen:]
			if i := bytes.IndexByte(entry, 0); i >= 0 {
				entry = entry[:i]
			}
			entryName := string(entry)
			if typ == unix.DT_REG && unlooked != nil && entryName != "" && entryName != "." && entryName != ".." {
				if look := unlooked(entryName); look != nil {
					entries = append(entries, &dirEntry{info: fileInfo{name: entryName}, look: look})
					continue
				}
			}
			if e, ok := statEntry(fd, name, entryName, typ); ok {
				entries = append(entries, e)
			}
		}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, true, nil
}

// statEntry is the entry name of the open folder dir (path, below the root), which the
// folder's listing says is of kind typ, described by its lstat; an entry gone since the
// listing keeps the kind the listing gave and an Info that says it is gone, as
// os.ReadDir's entries do (one of no kind given is left out, as there). "." and ".."
// are not entries.
func statEntry(dir int, path, name string, typ byte) (fs.DirEntry, bool) {
	if name == "." || name == ".." || name == "" {
		return nil, false
	}
	e := &dirEntry{info: fileInfo{name: name}}
	var st unix.Stat_t
	var err error
	for {
		err = unix.Fstatat(dir, name, &st, unix.AT_SYMLINK_NOFOLLOW)
		if err != unix.EINTR {
			break
		}
	}
	if err == nil {
		e.info.st = sysStat(&st)
		e.typ = e.info.Mode().Type()
		return e, true
	}
	if typ == unix.DT_UNKNOWN {
		return nil, false
	}
	e.typ, e.err = direntType(typ), &fs.PathError{Op: "lstat", Path: filepath.Join(path, name), Err: err}
	return e, true
}

// direntType is the kind of an entry a folder's listing gives, as os.ReadDir reads it.
func direntType(typ byte) fs.FileMode {
	switch typ {
	case unix.DT_BLK:
		return fs.ModeDevice
	case unix.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.DT_DIR:
		return fs.ModeDir
	case unix.DT_FIFO:
		return fs.ModeNamedPipe
	case unix.DT_LNK:
		return fs.ModeSymlink
	case unix.DT_SOCK:
		return fs.ModeSocket
	}
	return 0
}

// dirEntry is an entry readDirAt listed: its kind, and its lstat (info) or why it has
// none (err); or, left unlooked, how to look at it (look).
type dirEntry struct {
	typ  fs.FileMode
	info fileInfo
	err  error
	look func() (fs.FileInfo, error)
}

func (e *dirEntry) Name() string      { return e.info.name }
func (e *dirEntry) IsDir() bool       { return e.typ.IsDir() }
func (e *dirEntry) Type() fs.FileMode { return e.typ }
func (e *dirEntry) String() string    { return fs.FormatDirEntry(e) }
func (e *dirEntry) Info() (fs.FileInfo, error) {
	if e.look != nil {
		return e.look()
	}
	if e.err != nil {
		return nil, e.err
	}
	return &e.info, nil
}

// fileInfo is what an lstat says of the file name, as os.Lstat gives it.
type fileInfo struct {
	name string
	st   syscall.Stat_t
}

func (i *fileInfo) Name() string       { return i.name }
func (i *fileInfo) Size() int64        { return i.st.Size }
func (i *fileInfo) ModTime() time.Time { return time.Unix(int64(i.st.Mtim.Sec), int64(i.st.Mtim.Nsec)) }
func (i *fileInfo) IsDir() bool        { return i.Mode().IsDir() }
func (i *fileInfo) Sys() any           { return &i.st }

// Mode is the file's mode as os makes it of the lstat's.
func (i *fileInfo) Mode() fs.FileMode {
	m := fs.FileMode(i.st.Mode & 0o777)
	switch i.st.Mode & syscall.S_IFMT {
	case syscall.S_IFBLK:
		m |= fs.ModeDevice
	case syscall.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		m |= fs.ModeDir
	case syscall.S_IFIFO:
		m |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		m |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		m |= fs.ModeSocket
	}
	if i.st.Mode&syscall.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if i.st.Mode&syscall.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if i.st.Mode&syscall.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}

// sysStat is st as package syscall has it, which os's FileInfo gives as its Sys (and
// wuxiao build's cache reads a file's stamp from).
func sysStat(st *unix.Stat_t) syscall.Stat_t {
	var s syscall.Stat_t
	setInt(&s.Dev, st.Dev)
	setInt(&s.Ino, st.Ino)
	setInt(&s.Nlink, st.Nlink)
	setInt(&s.Mode, st.Mode)
	setInt(&s.Uid, st.Uid)
	setInt(&s.Gid, st.Gid)
	setInt(&s.Rdev, st.Rdev)
	setInt(&s.Size, st.Size)
	setInt(&s.Blksize, st.Blksize)
	setInt(&s.Blocks, st.Blocks)
	for _, t := range []struct {
		to   *syscall.Timespec
		from unix.Timespec
	}{{&s.Atim, st.Atim}, {&s.Mtim, st.Mtim}, {&s.Ctim, st.Ctim}} {
		setInt(&t.to.Sec, t.from.Sec)
		setInt(&t.to.Nsec, t.from.Nsec)
	}
	return s
}

// setInt sets *to to from, whatever sizes the two packages give a field on this machine.
func setInt[T, F ~int32 | ~int64 | ~uint32 | ~uint64](to *T, from F) { *to = T(from) }
