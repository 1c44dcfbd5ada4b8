//go:build unix && !linux

package generator

import (
	"io/fs"
	"os"
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
	info, err := os.Lstat(name)
	if err != nil {
		return stamp{}, false
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return stamp{}, false
	}
	return stamp{size: info.Size(), mtime: info.ModTime().UnixNano(), inode: int64(st.Ino), mode: uint32(st.Mode)}, true
}

// fdStamp is not taken here: the caller stamps the file by its name.
func fdStamp(fd int) (stamp, bool) { return stamp{}, false }

// stampsTaken says that statStamp gives the stamp of what is there.
const stampsTaken = true

// stampsTrusted says that no content file's stamp is taken here: every file is read.
const stampsTrusted = false

func infoStamp(info fs.FileInfo) (fileStamp, bool) { return fileStamp{}, false }
