package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"wuxiao/generator/record"
	"wuxiao/generator/render"
)

// SpliceData makes pageKeys a render.DataSplicer. A year's open data not left in place
// (its key changed: a result did) is written anew, but the line of each result whose
// resultSum is the one it had is copied from the year's file in the output built over
// (copy_file_range where the system has it), found by the line index the build that wrote
// that file kept in the cache: the file's key, as placement recorded it with the file's
// stamp, names the index, and the index holds every line's result, resultSum and place.
// Only the other results are marshalled. Every line depends, beside its result's
// submission and ladder (resultSum), on what the year's other files depend on (k.base),
// which the index holds too: when that changed, no line is copied. The new file's index
// is kept in turn.
func (k *pageKeys) SpliceData(y *render.Year, name string, d *render.DataFile) (int64, bool, error) {
	if k.placed == nil {
		return 0, false, nil
	}
	key := k.yearKey(y, name)
	sums := k.yearSums(y).each // "" for a result without one: marshalled, not indexed
	if len(sums) != len(d.Results) {
		return 0, false, nil
	}
	var old *lineIndex
	src, was, ok := k.placed.previous(name)
	if ok {
		defer src.Close()
		if data, ok := k.cache.Get(linesKey(was)); ok {
			old = readLineIndex(data, k.base, src)
		}
	}
	made := newLineIndex(k.base, len(d.Results))
	index := func(i int, off, n int64) {
		if sums[i] != "" {
			made.add(d.Results[i].URL, sums[i], off, n)
		}
	}
	if old != nil {
		size, err := k.writeLines(name, d, old, sums, index)
		if err == nil {
			k.cache.Put(linesKey(key), made.encode())
			return size, true, nil
		}
		made.lines = made.lines[:0] // the old file was not as its stamp said (changed while read): written whole
	}
	if k.placed.fresh() {
		// Nothing to link it from (as in CI, where the output is new each time):
		// streamed as a build without a cache writes it, its lines marshalled on all
		// processors, never whole in memory (31 MB at 10,000 results; such a
		// rebuild's peak fell by about 29 MB).
		size, err := k.writeNew(name, func(f *os.File) (int64, error) { return d.WriteToAt(f, index) })
		if err != nil {
			return 0, false, err
		}
		k.cache.Put(linesKey(key), made.encode())
		return size, true, nil
	}
	// Marshalled whole, and written as any file is: linked from the output built over
	// when its bytes are the same (as after a change of nothing this file shows).
	data, err := d.Marshal(index)
	if err == nil {
		err = k.placed.WriteFile(name, data)
	}
	if err != nil {
		return 0, false, err
	}
	k.cache.Put(linesKey(key), made.encode())
	return int64(len(data)), true, nil
}

// writeNew makes file name in the folder being filled (siteDir.create), has fill write
// it, and records it (siteDir.created) when fill succeeded.
func (k *pageKeys) writeNew(name string, fill func(f *os.File) (int64, error)) (int64, error) {
	f, err := k.placed.create(name)
	if err != nil {
		return 0, err
	}
	size, err := fill(f)
	if err == nil {
		err = k.placed.created(name, f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return size, err
}

// writeLines writes file name of the new output from d, copying from old the lines of
// the results whose sums match; index is told where each line went.
func (k *pageKeys) writeLines(name string, d *render.DataFile, old *lineIndex, sums []string, index func(i int, off, n int64)) (int64, error) {
	return k.writeNew(name, func(f *os.File) (int64, error) {
		w := render.NewChunkLines(f, func(off, n int64) error { return copyRange(f, old.src, off, n) })
		size, err := d.Write(w, func(i int) (int64, int64, bool) {
			if sums[i] == "" {
				return 0, 0, false
			}
			return old.find(d.Results[i].URL, sums[i])
		}, index)
		if err == nil {
			err = w.Flush()
		}
		if err == nil {
			err = f.Truncate(size) // written over a longer file (create)
		}
		if err == nil && !old.unchanged() {
			err = errors.New("open data: the old file changed while its lines were copied")
		}
		return size, err
	})
}

// copyRange copies bytes [off, off+n) of the old file src to f by (*os.File).ReadFrom,
// which asks the kernel to copy (copy_file_range) where it can.
func copyRange(f, src *os.File, off, n int64) error {
	if src == nil {
		return errors.New("open data: no old file")
	}
	if _, err := src.Seek(off, io.SeekStart); err != nil {
		return err
	}
	m, err := f.ReadFrom(&io.LimitedReader{R: src, N: n})
	if err == nil && m != n {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// linesKey names in the cache the line index of the year file kept under key.
func linesKey(key string) string { return "lines-" + key }

// lineIndex is where each result's line is in a year's open data file: what the cache
// keeps of it beside the file's key (encode, readLineIndex).
type lineIndex struct {
	base  string
	lines []lineAt // in the file's order
	src   *os.File // the file it indexes, when read (readLineIndex)
	info  fs.FileInfo
	byURL map[string]int // made at the first result not found in order
	next  int            // where find looks first
}

type lineAt struct {
	url, sum []byte
	off, n   int64
}

func newLineIndex(base string, n int) *lineIndex {
	return &lineIndex{base: base, lines: make([]lineAt, 0, n)}
}

func (x *lineIndex) add(url, sum string, off, n int64) {
	x.lines = append(x.lines, lineAt{[]byte(url), []byte(sum), off, n})
}

const lineIndexHead = "wuxiao data lines v1\n"

func (x *lineIndex) encode() []byte {
	w := record.NewWriter(append(make([]byte, 0, len(lineIndexHead)+len(x.base)+len(x.lines)*128), lineIndexHead...))
	w.String(x.base)
	w.Uvarint(uint64(len(x.lines)))
	for _, l := range x.lines {
		w.Bytes(l.url)
		w.Bytes(l.sum)
		w.Uvarint(uint64(l.off))
		w.Uvarint(uint64(l.n))
	}
	return w.Data()
}

// readLineIndex reads the index of src kept as data, nil when it cannot be read, is of
// another base, or places a line outside src or over another.
func readLineIndex(data []byte, base string, src *os.File) *lineIndex {
	info, err := src.Stat()
	if err != nil || !bytes.HasPrefix(data, []byte(lineIndexHead)) {
		return nil
	}
	r := record.NewReader(data[len(lineIndexHead):])
	if string(r.Bytes()) != base {
		return nil
	}
	count := r.Count(1) // each line takes bytes
	if r.Err() != nil {
		return nil
	}
	x := &lineIndex{base: base, lines: make([]lineAt, 0, count), src: src, info: info}
	var end int64 // of the line before
	for range count {
		l := lineAt{url: r.Bytes(), sum: r.Bytes(), off: int64(r.Uvarint()), n: int64(r.Uvarint())}
		if r.Err() != nil || l.off < end || l.n < 2 || l.off > info.Size() || l.n > info.Size()-l.off {
			return nil
		}
		end = l.off + l.n
		x.lines = append(x.lines, l)
	}
	if r.End() != nil {
		return nil
	}
	return x
}

// find is where the line of the result at url is, when its sum is sum.
func (x *lineIndex) find(url, sum string) (int64, int64, bool) {
	i := x.next
	if i >= len(x.lines) || string(x.lines[i].url) != url {
		if x.byURL == nil {
			x.byURL = make(map[string]int, len(x.lines))
			for j, l := range x.lines {
				x.byURL[string(l.url)] = j
			}
		}
		var ok bool
		if i, ok = x.byURL[url]; !ok {
			return 0, 0, false
		}
	}
	x.next = i + 1
	l := x.lines[i]
	if string(l.sum) != sum {
		return 0, 0, false
	}
	return l.off, l.n, true
}

// unchanged tells whether the indexed file is still as it was when the index was read.
func (x *lineIndex) unchanged() bool {
	now, err := x.src.Stat()
	return err == nil && now.Size() == x.info.Size() && now.ModTime().Equal(x.info.ModTime()) && os.SameFile(now, x.info)
}

// previous opens file name as the output built over holds it, when its record has it
// and the open file is the one at that name with the recorded stamp: the file and the
// key it was placed under.
func (s *siteDir) previous(name string) (*os.File, string, bool) {
	s.mu.Lock()
	old, ok := s.prevRec.files[name]
	s.mu.Unlock()
	if !ok || old.key == "" || s.prev == "" || !filepath.IsLocal(filepath.FromSlash(name)) {
		return nil, "", false
	}
	p := filepath.Join(s.prev, filepath.FromSlash(name))
	f, err := openRegular(p)
	if err != nil {
		return nil, "", false
	}
	opened, err := f.Stat()
	named, lerr := os.Lstat(p)
	if now, ok := statStamp(p); err != nil || lerr != nil || !ok || !old.same(now) ||
		!os.SameFile(opened, named) || opened.Size() != now.size || opened.ModTime().UnixNano() != now.mtime {
		f.Close()
		return nil, "", false
	}
	return f, old.key, true
}

// create makes file name in the folder being filled to be written from its start: a new
// file, or in the kept folder the file there when nothing else holds it (openOverwrite;
// never one the output shares by a hard link). The writer truncates it at its end.
func (s *siteDir) create(name string) (*os.File, error) {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return nil, fmt.Errorf("输出路径 %q 越出了网站目录", name)
	}
	if err := s.mkdirs(path.Dir(name)); err != nil {
		return nil, err
	}
	p := s.path(name)
	if s.kept {
		// The kept folder's own copy, which nothing else holds, is written over: the
		// folder's record is void until the build ends (newSiteDir's caller).
		s.mu.Lock()
		mode := s.files[outMarker].mode
		s.mu.Unlock()
		if f, ok := openOverwrite(p, mode); ok {
			return f, nil
		}
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		if err = clear(p); err == nil {
			f, err = os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		}
	}
	if err == nil {
		s.touched(path.Dir(name))
	}
	return f, err
}

// created records file name, made by create and written (f still open), with its stamp
// and the key place was given.
func (s *siteDir) created(name string, f *os.File) error {
	st, _ := statStamp(s.path(name)) // none where no stamp is taken: as WriteFile's
	s.mu.Lock()
	key := s.keys[name]
	s.mu.Unlock()
	s.put(name, key, st)
	return nil
}
