package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
)

// buildCache is wuxiao build's cache in a folder: one file per key, under a folder named
// by a hash of this program, so that a new wuxiao never reads what an old one rendered.
type buildCache string

// openBuildCache is the build cache under dir, for this program.
func openBuildCache(dir string) (buildCache, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return buildCache(filepath.Join(dir, "build-"+hex.EncodeToString(h.Sum(nil))[:16])), nil
}

func (c buildCache) path(key string) string {
	if len(key) < 8 {
		return filepath.Join(string(c), key)
	}
	return filepath.Join(string(c), key[len(key)-2:], key)
}

func (c buildCache) Get(key string) ([]byte, bool) {
	data, err := os.ReadFile(c.path(key))
	return data, err == nil
}

// Put writes a temporary file beside the entry and renames it into place; a failure
// only costs the next build time.
func (c buildCache) Put(key string, data []byte) {
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}
