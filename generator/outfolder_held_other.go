//go:build !linux

package generator

import (
	"os"
	"path/filepath"
)

// heldFolder is the folder a build fills, reached here by its name.
type heldFolder struct {
	name string
}

// holdFolder gives the folder dir by its name: no /proc/self/fd here (see the Linux one).
func holdFolder(dir string) (heldFolder, error) { return heldFolder{name: dir}, nil }

// stat is the stamp of name (slash-separated) in the folder, not followed if a link.
func (h heldFolder) stat(name string) (stamp, bool) {
	return statStamp(filepath.Join(h.name, filepath.FromSlash(name)))
}

// writeNew writes data to a new file name (slash-separated) in the folder (writeNewFile).
func (h heldFolder) writeNew(name string, data []byte) (stamp, error) {
	return writeNewFile(filepath.Join(h.name, filepath.FromSlash(name)), data)
}

// writeFile is writeFile of name (slash-separated) in the folder.
func (h heldFolder) writeFile(name string, data []byte) error {
	return writeFile(filepath.Join(h.name, filepath.FromSlash(name)), data)
}

// create makes file name (slash-separated) in the folder, empty, to be written.
func (h heldFolder) create(name string) (*os.File, error) {
	return os.Create(filepath.Join(h.name, filepath.FromSlash(name)))
}

// sameBytes is sameBytes of name (slash-separated) in the folder.
func (h heldFolder) sameBytes(name string, data, buf []byte) (stamp, bool) {
	return sameBytes(filepath.Join(h.name, filepath.FromSlash(name)), data, buf)
}

// mkdir makes folder name (slash-separated) in the folder.
func (h heldFolder) mkdir(name string) error {
	return os.Mkdir(filepath.Join(h.name, filepath.FromSlash(name)), 0o755)
}

// link makes name (slash-separated) in the folder a hard link to the file src.
func (h heldFolder) link(src, name string) error {
	return os.Link(src, filepath.Join(h.name, filepath.FromSlash(name)))
}

// is tells nothing here: the folder is its name.
func (h heldFolder) is(dir string) error { return nil }

func (h heldFolder) close() {}
