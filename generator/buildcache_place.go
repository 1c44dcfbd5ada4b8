package generator

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"wuxiao/generator/render"
)

// placement lets a build through a cache leave in place the pages the output it builds
// over already holds: the cache keeps, for one output folder, the key of every page
// file of the last build placed there and the file's stamp (size, time, inode). A
// page whose key is the one recorded, over a file with the recorded stamp, is that
// file, byte for byte: the new output gets a hard link to it, and neither its bytes
// nor the cache's are read.
type placement struct {
	cache   Cache
	entry   string           // the cache key of this output folder's record
	prev    string           // the output built over; "" for none
	out     *dirOutput       // the new output
	last    map[string]stamp // the record of the last build: page file → key and stamp
	mu      sync.Mutex
	written map[string]string   // this build's page files → their keys
	linked  map[string][3]int64 // of those, the ones linked from the output built over → their stamps (a link keeps its file's)
}

// stamp is a page file's key and what its file was when placed.
type stamp struct {
	key                string
	size, mtime, inode int64
}

// placeKey names the record of output folder out in the cache.
func placeKey(out string) string {
	if abs, err := filepath.Abs(out); err == nil {
		out = abs
	}
	sum := sha256.Sum256([]byte(out))
	return "placed-" + hex.EncodeToString(sum[:])
}

// newPlacement reads the record of output folder outPath (where prev, when not "", is
// the output built over); a record that cannot be read is none.
func newPlacement(cache Cache, outPath string, out *dirOutput) *placement {
	pl := &placement{cache: cache, entry: placeKey(outPath), prev: out.prev, out: out, last: map[string]stamp{}, written: map[string]string{}, linked: map[string][3]int64{}}
	if pl.prev == "" {
		return pl
	}
	if data, ok := cache.Get(pl.entry); ok {
		pl.last = readStamps(data)
	}
	return pl
}

// place links page file name from the previous output when it holds key's bytes.
func (pl *placement) place(name, key string) (int64, bool) {
	pl.mu.Lock()
	pl.written[name] = key
	st, ok := pl.last[name]
	pl.mu.Unlock()
	if !ok || st.key != key || !filepath.IsLocal(filepath.FromSlash(name)) {
		return 0, false
	}
	old := filepath.Join(pl.prev, filepath.FromSlash(name))
	if now, ok := fileStamp(old); !ok || now != [3]int64{st.size, st.mtime, st.inode} {
		return 0, false
	}
	p := filepath.Join(pl.out.root, filepath.FromSlash(name))
	if pl.out.mkdirs(filepath.Dir(p)) != nil || os.Link(old, p) != nil {
		return 0, false
	}
	pl.mu.Lock()
	pl.linked[name] = [3]int64{st.size, st.mtime, st.inode} // as checked just before the link
	pl.mu.Unlock()
	return st.size, true
}

// save records the page files of the new output, once it is in place at the path the
// record is for: their keys and stamps (hard links keep them from build to build).
func (pl *placement) save(dir string) {
	names := make([]string, 0, len(pl.written))
	for n := range pl.written {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	for _, n := range names {
		if strings.ContainsAny(n, "\t\n") {
			continue
		}
		st, ok := pl.linked[n]
		if !ok {
			if st, ok = fileStamp(filepath.Join(dir, filepath.FromSlash(n))); !ok {
				continue
			}
		}
		fmt.Fprintf(&b, "%s\t%s\t%d\t%d\t%d\n", n, pl.written[n], st[0], st[1], st[2])
	}
	pl.cache.Put(pl.entry, b.Bytes())
}

// readStamps reads a record written by save, skipping any line it cannot read.
func readStamps(data []byte) map[string]stamp {
	out := map[string]stamp{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 5 {
			continue
		}
		var n [3]int64
		ok := true
		for i := range n {
			var err error
			if n[i], err = strconv.ParseInt(f[2+i], 10, 64); err != nil {
				ok = false
			}
		}
		if ok {
			out[f[0]] = stamp{key: f[1], size: n[0], mtime: n[1], inode: n[2]}
		}
	}
	return out
}

// Place makes pageKeys a render.PagePlacer.
func (k *pageKeys) Place(p *render.PageData, name string) (int64, bool) {
	if k.placed == nil {
		return 0, false
	}
	key := k.key(p)
	size, ok := k.placed.place(name, key)
	if ok {
		if c, ok := k.cache.(interface{ Keep(string) }); ok {
			c.Keep(key) // its entry stays for a build without this output (CI's)
		}
		k.done(p)
	}
	return size, ok
}
