package main

import (
	"os"
	"path/filepath"

	"wuxiao/generator/dedup"
)

// dirStore keeps rule duplicate's fingerprint cache in a folder, made when first written.
type dirStore string

func (d dirStore) ReadFile(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(string(d), name))
}

// WriteFile writes a temporary file beside name and renames it into place.
func (d dirStore) WriteFile(name string, data []byte) error {
	if err := os.MkdirAll(string(d), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(string(d), name+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(string(d), name))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// cacheStore is the fingerprint cache a --cache value names: "" for the default (the
// user's cache directory, wuxiao/dedup), "off" for none, else a folder.
func cacheStore(flag string) dedup.Store {
	switch flag {
	case "off":
		return nil
	case "":
		dir, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		return dirStore(filepath.Join(dir, "wuxiao", "dedup"))
	}
	return dirStore(flag)
}
