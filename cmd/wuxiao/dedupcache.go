package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"

	"wuxiao/generator/dedup"
)

// dirStore keeps rule duplicate's fingerprint cache in a folder, made when first written.
type dirStore string

func (d dirStore) ReadFile(name string) ([]byte, error) {
	return d.ReadFileInto(name, nil)
}

// ReadFileInto reads the file into buf's memory, grown to the file's size if need be
// (dedup.BufferedStore): a run reads every shard, and keeps one buffer for them. The
// folder is the user's, and a file in it may be anything: what is not a regular file
// counts as no file (openShard: a FIFO would keep the check waiting for a writer for
// ever), and a file is read no further than dedup.MaxShardFile and a byte (readBounded).
func (d dirStore) ReadFileInto(name string, buf []byte) ([]byte, error) {
	f, size, err := openShard(filepath.Join(string(d), name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readBounded(f, size, buf, dedup.MaxShardFile)
}

// readBounded reads r, of size bytes as far as its stat said, to its end into buf's
// memory, or up to limit bytes and one more (dedup.ErrShardTooLarge): a file may have
// grown since.
func readBounded(r io.Reader, size int64, buf []byte, limit int) ([]byte, error) {
	if size > int64(limit) {
		return nil, dedup.ErrShardTooLarge
	}
	buf = slices.Grow(buf[:0], int(size)+1) // one byte more: the read that finds the end
	for {
		if len(buf) > limit {
			return nil, dedup.ErrShardTooLarge
		}
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, max(4096, len(buf)))
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), limit+1)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
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
