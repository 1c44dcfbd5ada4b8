//go:build unix

package generator

import (
	"os"
	"syscall"
)

// openOverwrite opens the file at p to be written over from its start, when nothing but
// that name holds it: a regular file, not a link, with one name (no other folder shares
// it by a hard link) and mode, the mode a new file gets. Writing over its pages costs
// about half of unlinking 31 MB and writing them anew (tmpfs, 10k open data).
func openOverwrite(p string, mode uint32) (*os.File, bool) {
	f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0) // a named pipe: refused, not waited on
	if err != nil {
		return nil, false
	}
	var st syscall.Stat_t
	if syscall.Fstat(int(f.Fd()), &st) != nil || uint32(st.Mode)&syscall.S_IFMT != syscall.S_IFREG || uint64(st.Nlink) != 1 || uint32(st.Mode) != mode {
		f.Close()
		return nil, false
	}
	return f, true
}
