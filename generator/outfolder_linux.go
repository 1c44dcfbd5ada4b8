package generator

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// canExchange tells whether Replace exchanges the two folders (the exchange keeps the replaced output beside the new one), so that a
// build through a cache may bring the folder left beside up to date in place.
const canExchange = true

// errNoExchange means the system cannot exchange two names in one step.
var errNoExchange = errors.New("exchange unsupported")

// exchange swaps the names a and b atomically (renameat2 RENAME_EXCHANGE).
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return errNoExchange
	}
	if err != nil {
		return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: err}
	}
	return nil
}

// lockFolder takes an exclusive lock on dir, waiting for another build to finish
// (telling waiting, when set, that it waits); it is released when the returned file is
// closed (or the process ends, even by kill -9).
func lockFolder(dir string, waiting func()) (*os.File, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	how := unix.LOCK_EX | unix.LOCK_NB
	for {
		err = unix.Flock(int(f.Fd()), how)
		if errors.Is(err, unix.EWOULDBLOCK) && how&unix.LOCK_NB != 0 {
			if waiting != nil {
				waiting()
			}
			how = unix.LOCK_EX
			continue
		}
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
