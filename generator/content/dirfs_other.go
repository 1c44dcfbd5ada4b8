//go:build !linux

package content

import "io/fs"

// readNoLink never answers here: DirFS inspects each part of the path (see the Linux one).
func readNoLink(root, name string, limit int64) (data []byte, ok bool, err error) {
	return nil, false, nil
}

// holdRoot gives fsys back as it is: DirFS reads each file from its root's path here
// (see the Linux one).
func holdRoot(fsys fs.FS) (held fs.FS, done func()) { return fsys, func() {} }

// readDirNoLink never answers here: DirFS inspects each part of the path.
func readDirNoLink(root, name string) ([]fs.DirEntry, bool, error) { return nil, false, nil }
