package dedup

import (
	"bytes"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"sync"
	"sync/atomic"

	"wuxiao/generator/digest"
	"wuxiao/generator/record"
)

// Store keeps the fingerprint cache between runs as a few named files (256 at most).
// The package never touches the disk itself: the command line gives it a folder,
// tests give it memory.
type Store interface {
	// ReadFile returns the file's contents, or an error wrapping fs.ErrNotExist, or
	// ErrShardTooLarge for a file longer than MaxShardFile (read no further).
	ReadFile(name string) ([]byte, error)
	// WriteFile replaces the file; a reader sees the old contents or the new, never a part.
	WriteFile(name string, data []byte) error
}

// MaxShardFile bounds a shard file a Store reads: ten thousand texts make some 20 KB a
// shard, so a file beyond it is damaged (a tool that wrote over it, a sparse file), not
// a cache.
const MaxShardFile = 64 << 20

// ErrShardTooLarge is a Store's answer for a file longer than MaxShardFile. Such a shard
// counts as empty, and is written anew by the next run that needs it: a damaged cache
// costs time only.
var ErrShardTooLarge = errors.New("dedup: fingerprint cache shard larger than MaxShardFile")

// cacheVersion is hashed into every cache key: change it whenever
// normalisation or fingerprinting changes what a text's fingerprints are.
const cacheVersion = "wuxiao/dedup fingerprints v2 gram=5 window=9 fn=" + functionChars

// cacheMagic starts every shard file. A file of fp1 (entries without their lengths) or of
// fp2 (keys of SHA-256, not of package digest) reads as empty, and is written anew.
const cacheMagic = "wuxiao-dedup-fp3\n"

type cacheKey [16]byte

// cache keeps fingerprints by text hash in 256 shard files, so that a run
// reads and rewrites only what it needs.
type cache struct {
	store  Store
	keys   []cacheKey // per doc
	shards [256]*shard
}

type shard struct {
	mu      sync.Mutex
	entries map[cacheKey]*cacheEntry // the entries of this run's texts
	others  int                      // entries of other texts in the file, left undecoded
	dirty   bool
}

type cacheEntry struct {
	fp   fpset
	used bool // asked for in this run
}

// openCache hashes every doc and loads the shards their hashes fall in.
func openCache(store Store, docs []Doc, workers int) (*cache, error) {
	c := &cache{store: store, keys: make([]cacheKey, len(docs))}
	parallelWith(len(docs), workers, func() func(int) {
		h := digest.New()
		buf := make([]byte, 32<<10)
		var sum []byte
		return func(i int) {
			h.Reset()
			h.Write([]byte(cacheVersion))
			docs[i].hash(h, buf)
			sum = h.Sum(sum[:0])
			copy(c.keys[i][:], sum)
		}
	})
	want := make([]map[cacheKey]struct{}, len(c.shards))
	for _, k := range c.keys {
		if c.shards[k[0]] == nil {
			c.shards[k[0]] = &shard{}
			want[k[0]] = map[cacheKey]struct{}{}
		}
		want[k[0]][k] = struct{}{}
	}
	errs := make([]error, len(c.shards))
	parallelWith(len(c.shards), workers, func() func(int) {
		var buf []byte // a shard file's bytes, the buffer kept from one to the next
		return func(i int) {
			if s := c.shards[i]; s != nil {
				s.entries, s.others, buf, errs[i] = readShard(c.store, shardName(i), want[i], buf)
			}
		}
	})
	return c, errors.Join(errs...)
}

// BufferedStore is a Store that can read a file into a buffer its caller keeps. A run
// reads every shard file, and on a machine that has checked other trees most of their
// bytes are other texts': the 100,000-result tree's made a 10,000-result build allocate
// 45 MB to read, and collect for it.
type BufferedStore interface {
	Store
	// ReadFileInto is ReadFile into buf's memory (grown if need be).
	ReadFileInto(name string, buf []byte) ([]byte, error)
}

// readInto reads a file of store, into buf when store can.
func readInto(store Store, name string, buf []byte) ([]byte, error) {
	if bs, ok := store.(BufferedStore); ok {
		return bs.ReadFileInto(name, buf)
	}
	return store.ReadFile(name)
}

func shardName(i int) string { return fmt.Sprintf("fp-%02x.bin", i) }

func (c *cache) get(doc int) (fpset, bool) {
	k := c.keys[doc]
	s := c.shards[k[0]]
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[k]
	if !ok {
		return nil, false
	}
	e.used = true
	return e.fp, true
}

func (c *cache) put(doc int, fp fpset) {
	k := c.keys[doc]
	s := c.shards[k[0]]
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries[k] = &cacheEntry{fp: fp, used: true}
	s.dirty = true
}

// save rewrites the shards that gained entries. Entries this run did not
// ask for are kept (another run may check other files) unless they
// outnumber the used ones by far.
func (c *cache) save(workers int) error {
	errs := make([]error, len(c.shards))
	parallel(len(c.shards), workers, func(i int) {
		if s := c.shards[i]; s != nil && s.dirty {
			errs[i] = writeShard(c.store, shardName(i), s)
		}
	})
	return errors.Join(errs...)
}

// A shard file is cacheMagic, then per text its key, the length of its fingerprints as
// appendPrint writes them (their number and differences, as uvarints), and them: an
// entry of another text is passed by its length. Without it, a run read every varint of
// the other texts' entries: on a machine that had checked the 100,000-result tree too, a
// tenth of the 10,000-result build's instructions.

// readShard decodes the entries of the shard file whose keys are wanted, and counts
// the others: a cache folder shared by every tree checked on the machine holds far
// more texts than one run asks for, and decoding them all cost the 10,000-result
// build more than a second of CPU and 70 MB. A wanted entry that does not decode whole
// is a miss.
//
// The file is read into buf when the store can; what it was read into is returned for the
// next file (nothing decoded refers to it).
func readShard(store Store, name string, want map[cacheKey]struct{}, buf []byte) (map[cacheKey]*cacheEntry, int, []byte, error) {
	m := make(map[cacheKey]*cacheEntry, len(want))
	data, err := readInto(store, name, buf)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrShardTooLarge) {
		return m, 0, buf, nil
	}
	if err != nil {
		return m, 0, buf, err
	}
	others := 0
	eachEntry(data, func(k cacheKey, print []byte) {
		if _, ok := want[k]; !ok {
			others++
			return
		}
		if fp, ok := decodeWholePrint(print); ok {
			m[k] = &cacheEntry{fp: fp}
		}
	})
	return m, others, data, nil
}

// eachEntry calls f with each entry of a shard file, in order: its key and its
// fingerprints as appendPrint wrote them, unread. It stops where an entry is cut short
// (a file of another version counts as ending at once).
func eachEntry(data []byte, f func(k cacheKey, print []byte)) {
	if !bytes.HasPrefix(data, []byte(cacheMagic)) {
		return
	}
	r := record.NewReader(data[len(cacheMagic):])
	for r.Len() > 0 {
		key := r.Fixed(len(cacheKey{}))
		print := r.Bytes()
		if r.Err() != nil {
			return
		}
		f(cacheKey(key), print)
	}
}

// writeShard writes s's entries to its file, with, unless they outnumber the used
// entries by far, the other texts' entries copied from the file as it is now.
func writeShard(store Store, name string, s *shard) error {
	used := 0
	for _, e := range s.entries {
		if e.used {
			used++
		}
	}
	keepUnused := len(s.entries)+s.others <= max(1024, 4*used)
	buf := []byte(cacheMagic)
	if keepUnused && s.others > 0 {
		old, err := store.ReadFile(name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		eachEntry(old, func(k cacheKey, print []byte) {
			if _, mine := s.entries[k]; !mine {
				buf = appendEntry(buf, k, print)
			}
		})
	}
	var print []byte
	for k, e := range s.entries {
		if !e.used && !keepUnused {
			continue
		}
		print = appendPrint(print[:0], e.fp)
		buf = appendEntry(buf, k, print)
	}
	return store.WriteFile(name, buf)
}

// appendEntry appends a shard file's entry: the key, the print's length and the print.
func appendEntry(buf []byte, k cacheKey, print []byte) []byte {
	w := record.NewWriter(append(buf, k[:]...))
	w.Bytes(print)
	return w.Data()
}

// parallel calls f(0..n-1) on up to workers goroutines.
func parallel(n, workers int, f func(i int)) {
	parallelWith(n, workers, func() func(int) { return f })
}

// parallelWith calls f(0..n-1) on up to workers goroutines, each with its
// own f made by newWorker (which can hold per-goroutine scratch space).
func parallelWith(n, workers int, newWorker func() func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := newWorker()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// hashText writes text to h through buf, a piece at a time: no copy of the whole text.
func hashText(h hash.Hash, buf []byte, text string) {
	for s := text; s != ""; {
		n := copy(buf, s)
		h.Write(buf[:n])
		s = s[n:]
	}
}
