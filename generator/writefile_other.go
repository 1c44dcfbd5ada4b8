//go:build !unix

package generator

import "os"

// writeFile is os.WriteFile(name, data, 0o644).
func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

// writeNewFile writes data to a new file at name (none may be there); no stamp here.
func writeNewFile(name string, data []byte) (stamp, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return stamp{}, err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return stamp{}, err
}
