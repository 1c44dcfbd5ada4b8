package generator

import (
	"io/fs"
	"syscall"
)

// The type bits of a stamp's mode.
const (
	modeType = syscall.S_IFMT
	modeDir  = syscall.S_IFDIR
	modeReg  = syscall.S_IFREG
)

// statStamp is the stamp of what is at name, not followed if a link (no key).
func statStamp(name string) (stamp, bool) {
	var st syscall.Stat_t
	for {
		err := syscall.Lstat(name, &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return stamp{}, false
		}
		return toStamp(&st), true
	}
}

// fdStamp is the stamp of the open file fd.
func fdStamp(fd int) (stamp, bool) {
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil {
		return stamp{}, false
	}
	return toStamp(&st), true
}

func toStamp(st *syscall.Stat_t) stamp {
	return stamp{size: st.Size, mtime: int64(st.Mtim.Sec)*1e9 + int64(st.Mtim.Nsec), inode: int64(st.Ino), mode: uint32(st.Mode)}
}

// stampsTaken says that statStamp gives the stamp of what is there.
const stampsTaken = true

// stampsTrusted says that a content file's stamp is taken here (infoStamp).
const stampsTrusted = true

// infoStamp is the stamp of a content file as lstat described it (info), with the
// times and device git's index keeps too.
func infoStamp(info fs.FileInfo) (fileStamp, bool) {
	if info == nil {
		return fileStamp{}, false
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileStamp{}, false
	}
	return fileStamp{stamp: toStamp(st), ctime: int64(st.Ctim.Sec)*1e9 + int64(st.Ctim.Nsec), dev: int64(st.Dev)}, true
}
