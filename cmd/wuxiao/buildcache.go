package main

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// buildCache is wuxiao build's cache in a folder: one file per key, under a folder named
// by a hash of this program, so that a new wuxiao never reads what an old one rendered.
// It remembers the keys a build used, so that prune keeps only those.
type buildCache struct {
	dir    string
	mu     sync.Mutex
	used   map[string]bool
	listed chan listing // what the folders held when the build began (listLater)
}

// listing is what listLater found: the folders of other versions of wuxiao, and this
// version's folders with the names of the entries in each.
type listing struct {
	others []string
	dirs   []listedDir
}

type listedDir struct {
	dir   string
	names []string
}

// openBuildCache is the build cache under dir, for this program.
func openBuildCache(dir string) (*buildCache, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	id, err := programID(exe)
	if err != nil {
		return nil, err
	}
	c := &buildCache{dir: filepath.Join(dir, "build-"+id), used: map[string]bool{}}
	c.listLater()
	return c, nil
}

// programID names the program in file exe: a hash of the Go build ID the go command
// wrote into it (goBuildID), whose last part is a hash of the program's bytes, or else
// a hash of its bytes, made by reading all of them (some 20 ms for wuxiao's 31 MB, at
// the start of every build).
func programID(exe string) (string, error) {
	h := sha256.New()
	if id := goBuildID(exe); id != "" {
		io.WriteString(h, "go build id "+id)
	} else {
		f, err := os.Open(exe)
		if err != nil {
			return "", err
		}
		defer f.Close()
		if _, err := io.Copy(h, f); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// goBuildID is the Go build ID in the ELF note the go command writes into a program
// (actionID/…/contentID, the content ID a hash of the file's bytes without the ID);
// "" when exe has none (not ELF, or built with -buildid=).
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil || sec.Size > 1<<10 {
		return ""
	}
	note, err := sec.Data()
	if err != nil || len(note) < 16 {
		return ""
	}
	// namesz, descsz and type, then the name "Go\0\0" and the ID (type 4: Go's build ID)
	order := f.ByteOrder
	namesz, descsz, typ := order.Uint32(note), order.Uint32(note[4:]), order.Uint32(note[8:])
	if namesz != 4 || typ != 4 || string(note[12:16]) != "Go\x00\x00" || uint64(descsz) > uint64(len(note)-16) {
		return ""
	}
	return string(note[16 : 16+descsz])
}

func (c *buildCache) path(key string) string {
	if len(key) < 8 {
		return filepath.Join(c.dir, key)
	}
	return filepath.Join(c.dir, key[len(key)-2:], key)
}

func (c *buildCache) use(key string) {
	c.mu.Lock()
	c.used[key] = true
	c.mu.Unlock()
}

// Keep marks key as used by this build without reading it.
func (c *buildCache) Keep(key string) { c.use(key) }

// Get reads the entry at key whole, into memory of its own.
func (c *buildCache) Get(key string) ([]byte, bool) {
	var buf bytes.Buffer
	return c.GetInto(key, &buf)
}

// GetInto is Get into buf, grown to the entry's size if need be (generator.BufferCache):
// a build through the cache with no output from before reads every page so, into its
// workers' buffers, not into 11,000 new pieces of memory at 10,000 results.
func (c *buildCache) GetInto(key string, buf *bytes.Buffer) ([]byte, bool) {
	c.use(key)
	return readEntry(c.path(key), func(size int) []byte {
		buf.Reset()
		buf.Grow(size)
		return buf.AvailableBuffer()[:size]
	})
}

// GetString is Get into a string, read straight into it (a strings.Builder of the
// entry's size, filled a piece at a time), not copied from bytes: the build cuts the
// kept parse's texts from it (generator.StringCache).
func (c *buildCache) GetString(key string) (string, bool) {
	c.use(key)
	f, size, ok := openEntryFile(c.path(key))
	if !ok {
		return "", false
	}
	defer f.Close()
	var b strings.Builder
	b.Grow(int(size))
	if n, err := io.CopyN(&b, f, size); err != nil || n != size {
		return "", false
	}
	return b.String(), true
}

// Put writes a temporary file beside the entry and renames it into place; a failure
// only costs the next build time.
func (c *buildCache) Put(key string, data []byte) { c.PutParts(key, data) }

// PutParts is Put of the parts one after the other, which the caller need not join.
func (c *buildCache) PutParts(key string, parts ...[]byte) {
	c.use(key)
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	for _, part := range parts {
		if _, err = f.Write(part); err != nil {
			break
		}
	}
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

// maxEntry bounds an entry read: the build writes none larger (generator.checkedCache).
const maxEntry = 1 << 30

// listLater lists, while the build runs, what prune may delete: the entries the cache
// holds and the folders of other versions of wuxiao. Listing some 21,000 entries at
// 10,000 results took 30 ms at the end of every build; an entry written after the
// listing is this build's own, which prune keeps anyway. The entries' folders are read
// by name only, unsorted: an entry is a file (a folder in their place is no entry of
// this program's, and prune cannot remove it either).
func (c *buildCache) listLater() {
	c.listed = make(chan listing, 1)
	go func() {
		var l listing
		parent := filepath.Dir(c.dir)
		if entries, err := os.ReadDir(parent); err == nil {
			for _, e := range entries {
				if p := filepath.Join(parent, e.Name()); e.IsDir() && strings.HasPrefix(e.Name(), "build-") && p != c.dir {
					l.others = append(l.others, p)
				}
			}
		}
		top, _ := readDir(c.dir) // none yet: nothing to delete
		files := listedDir{dir: c.dir}
		for _, e := range top {
			if !e.IsDir() {
				files.names = append(files.names, e.Name())
				continue
			}
			sub := filepath.Join(c.dir, e.Name())
			if names, err := readNames(sub); err == nil {
				l.dirs = append(l.dirs, listedDir{sub, names}) // an entry's path is made only to delete it
			}
		}
		l.dirs = append(l.dirs, files)
		c.listed <- l
	}()
}

// readDir and readNames list folder dir as it is, unsorted: its entries with their
// types, or their names.
func readDir(dir string) ([]fs.DirEntry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

func readNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

// prune deletes what the last build did not use: the entries it neither read nor wrote,
// and the folders of other versions of wuxiao (as listLater found them). Without it a
// cache would grow by every page that changed at every build.
func (c *buildCache) prune() {
	l := <-c.listed
	for _, p := range l.others {
		os.RemoveAll(p)
	}
	for _, d := range l.dirs {
		for _, n := range d.names {
			if !c.used[n] {
				os.Remove(filepath.Join(d.dir, n))
			}
		}
	}
}
