//go:build unix

package generator

import (
	"os"
	"syscall"
)

// fileStamp is the size, modification time (ns) and inode of the regular file at name,
// not followed if a link.
func fileStamp(name string) ([3]int64, bool) {
	info, err := os.Lstat(name)
	if err != nil || !info.Mode().IsRegular() {
		return [3]int64{}, false
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return [3]int64{}, false
	}
	return [3]int64{info.Size(), info.ModTime().UnixNano(), int64(st.Ino)}, true
}
