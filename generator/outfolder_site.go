package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// siteDir is the folder a build through a cache fills, with the records that spare it
// work (folderRecord): a new marked temporary, or the folder the last exchange left
// beside the output (it holds the build before last), brought up to date in place
// (kept). A file whose recorded key and stamp show that it holds the bytes wanted is
// left as it is, or linked from the output built over; any other is written as a new
// file, never into one already there, which the output may share through a hard link.
// A kept folder loses what the new build does not have, and what someone added, found
// by reading only the folders whose stamps changed (scan).
type siteDir struct {
	root    string        // leads to the folder held (held.name)
	held    heldFolder    // the folder, open while the build fills it (close)
	kept    bool          // root is the kept folder, brought up to date in place
	was     *folderRecord // root's record before this build; empty for a new folder
	prev    string        // the output built over; "" for none
	prevRec *folderRecord // its record; empty for none
	bufs    sync.Pool     // buffers to read files into, to compare
	made    sync.Map      // folders made in root, or found there meanwhile (besides found) → struct{}

	// invalidate takes the kept folder's record back from the cache, once, before anything
	// in it changes (changing): killed while it is half done, it has none, and the next
	// build deletes it. A build refused before it changes anything leaves it recorded.
	invalidate func()
	once       sync.Once

	mu    sync.Mutex
	keys  map[string]string // files placed by key, to be written → their keys
	files map[string]stamp  // this build's files → their stamps
	dirty map[string]bool   // folders of root whose entries changed during the build
	found map[string]bool   // folders scan found (true: as recorded); read only after it
	dirs  map[string]bool   // this build's folders (finish)
}

// racyWindow is how close to the exchange a file or folder may have changed for its
// stamp to vouch for it: more than a tick of the file system's clock (1-10 ms).
const racyWindow = 30 * time.Millisecond

// siteOpening is the folder a build through a cache fills, being made ready in the
// background while the content loads (openSite).
type siteOpening struct {
	done  chan struct{}
	site  *siteDir
	tmp   string
	fresh bool // tmp is a new temporary
	err   error
	taken bool
}

// openSite readies the folder a build through cache fills: the kept folder beside out
// when keptData, its record (recordData), is not nil, else a new temporary; with the
// record of the output built over. A kept folder whose record cannot be decoded is
// removed, and a new temporary filled instead.
func openSite(cache Cache, out *outFolder, keptData []byte) *siteOpening {
	o := &siteOpening{done: make(chan struct{}), tmp: out.kept}
	go func() {
		defer close(o.done)
		prev := ""
		if isOurs(out.path) {
			prev = out.path
		}
		var keptRec *folderRecord
		if keptData != nil {
			var err error
			if keptRec, err = decodeRecord(keptData); err != nil {
				if key, ok := recordKey(out.path, o.tmp); ok {
					cache.Put(key, nil)
				}
				if o.err = out.removeKept(); o.err != nil {
					return
				}
				keptRec = nil
			}
		}
		var invalidate func()
		if keptRec != nil {
			key, ok := recordKey(out.path, o.tmp)
			if !ok {
				o.err = fmt.Errorf("%s 没有标记文件 %s", o.tmp, outMarker)
				return
			}
			invalidate = func() { cache.Put(key, nil) }
		} else {
			o.fresh = true
			if o.tmp, o.err = out.TempDir(); o.err != nil {
				return
			}
		}
		var prevRec *folderRecord
		if prev != "" {
			prevRec = readRecord(cache, out.path, prev)
		}
		o.site, o.err = newSiteDir(o.tmp, keptRec, prev, prevRec, invalidate)
	}()
	return o
}

// wait gives the folder, now the build's to fill (and to remove on failure, when new).
func (o *siteOpening) wait() (*siteDir, string, error) {
	<-o.done
	o.taken = true
	return o.site, o.tmp, o.err
}

// abandon waits for openSite's work and removes the new temporary no build took (the
// build stopped at the content's errors).
func (o *siteOpening) abandon() {
	<-o.done
	if !o.taken && o.fresh && o.tmp != "" {
		_ = os.RemoveAll(o.tmp)
	}
}

// newSiteDir fills root, a new temporary (its marker written), or the kept folder with
// its record was (kept): scan first makes the record true of it again.
func newSiteDir(root string, was *folderRecord, prev string, prevRec *folderRecord, invalidate func()) (_ *siteDir, err error) {
	held, err := holdFolder(root)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			held.close()
		}
	}()
	s := &siteDir{root: held.name, held: held, kept: was != nil, was: was, prev: prev, prevRec: prevRec, invalidate: invalidate,
		keys: map[string]string{}, dirty: map[string]bool{}}
	if was != nil { // the folder recorded, not another put at its name since
		if d, ok := was.dirs["."]; ok {
			if now, ok := held.stat("."); !ok || now.inode != d.inode {
				return nil, fmt.Errorf("%s 已不是上次构建留下的目录", root)
			}
		}
	}
	if s.was == nil {
		s.was = newRecord()
	}
	if s.prevRec == nil {
		s.prevRec = newRecord()
	}
	s.files = make(map[string]stamp, max(len(s.was.files), len(s.prevRec.files))) // as many as the build before, most likely
	if s.kept {
		if err := s.scan(); err != nil {
			return nil, err
		}
	}
	marker, ok := held.stat(outMarker)
	if !stampsTaken && isOurs(root) {
		// No stamp here (Windows): the marker is known by its name, and no file is
		// left in place by a record, which needs stamps (recordKey).
		marker, ok = stamp{mode: modeReg}, true
	}
	if !ok || marker.mode&modeType != modeReg {
		return nil, fmt.Errorf("%s 没有标记文件 %s", root, outMarker)
	}
	s.files[outMarker] = marker
	return s, nil
}

func (s *siteDir) path(name string) string { return filepath.Join(s.root, filepath.FromSlash(name)) }

// close lets go of the folder: path must not be used after.
func (s *siteDir) close() {
	if s != nil {
		s.held.close()
	}
}

// changing is called before anything in the folder changes.
func (s *siteDir) changing() {
	if s.invalidate != nil {
		s.once.Do(s.invalidate)
	}
}

// scan makes the kept folder's record true of it again, before anything is written:
// every recorded folder is looked at; one that is no longer a folder as recorded is
// removed with all it holds, and one whose stamp changed is read, and what is in it and
// not in the record (what someone added) removed. Files are looked at when placed.
// Every folder is stamped first, in no order: when each is still a folder (the rule
// after a build that left the folder alone, but for the stamps too close to the exchange
// to vouch), only those whose stamp changed are read, in any order, since nothing
// recorded goes; else all are taken again, a folder before what it holds (scanSorted).
func (s *siteDir) scan() error {
	s.found = make(map[string]bool, len(s.was.dirs))
	var changed []string
	for d, was := range s.was.dirs {
		now, ok := s.held.stat(d)
		if !ok || now.mode != was.mode {
			return s.scanSorted()
		}
		if s.found[d] = was.same(now); !s.found[d] {
			changed = append(changed, d)
		}
	}
	for _, d := range changed {
		if err := s.clean(d); err != nil {
			return err
		}
	}
	return nil
}

// scanSorted is scan of a kept folder in which a recorded folder is gone or no longer
// a folder: one removed with all it holds is never found after, being taken before what
// it holds.
func (s *siteDir) scanSorted() error {
	s.found = make(map[string]bool, len(s.was.dirs))
	dirs := make([]string, 0, len(s.was.dirs))
	for d := range s.was.dirs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs) // a folder before what it holds
	for _, d := range dirs {
		now, ok := s.held.stat(d)
		if !ok {
			continue // gone, with all it held: written anew
		}
		was := s.was.dirs[d]
		if d == "." && now.mode != was.mode {
			s.changing()
			if err := os.Chmod(s.path(d), 0o755); err != nil { // as TempDir makes it
				return err
			}
		} else if now.mode != was.mode {
			s.changing()
			if err := os.RemoveAll(s.path(d)); err != nil {
				return err
			}
			s.dirty[path.Dir(d)] = true
			continue
		}
		if s.found[d] = was.same(now); !s.found[d] {
			if err := s.clean(d); err != nil {
				return err
			}
		}
	}
	return nil
}

// clean removes from recorded folder d, whose stamp changed, what the record does not
// have in it.
func (s *siteDir) clean(d string) error {
	s.dirty[d] = true
	entries, err := os.ReadDir(s.path(d))
	if err != nil {
		return err
	}
	for _, e := range entries {
		child := path.Join(d, e.Name())
		if _, ok := s.was.files[child]; ok {
			continue
		}
		if _, ok := s.was.dirs[child]; ok {
			continue
		}
		s.changing()
		if err := os.RemoveAll(s.path(child)); err != nil {
			return err
		}
	}
	return nil
}

// place puts file name, of the given key, in place when the kept folder holds it as
// recorded (left untouched) or the output built over does (linked); its size, or false.
func (s *siteDir) place(name, key string) (int64, bool) {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return 0, false
	}
	// The records are only read while the build runs: no lock for them.
	if was, ok := s.was.files[name]; ok && was.key == key {
		if now, ok := s.held.stat(name); ok && was.same(now) {
			s.put(name, key, now)
			return now.size, true
		}
	}
	if old, ok := s.prevRec.files[name]; ok && old.key == key && s.prev != "" {
		src := filepath.Join(s.prev, filepath.FromSlash(name))
		if now, ok := statStamp(src); ok && old.same(now) && s.mkdirs(path.Dir(name)) == nil && s.link(src, name) == nil {
			s.put(name, key, now) // as checked just before the link
			return now.size, true
		}
	}
	s.mu.Lock()
	s.keys[name] = key // for WriteFile, which writes it
	s.mu.Unlock()
	return 0, false
}

// fresh tells whether every file of the build is written new: the folder is not the kept
// one, and there is no output built over to link a file from.
func (s *siteDir) fresh() bool { return !s.kept && s.prev == "" }

// WriteFile makes siteDir a render.Output: the file already there, or the output's,
// when it holds data, else a new file.
func (s *siteDir) WriteFile(name string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("输出路径 %q 越出了网站目录", name)
	}
	if err := s.mkdirs(path.Dir(name)); err != nil {
		return err
	}
	s.mu.Lock()
	key := s.keys[name]
	mode := s.files[outMarker].mode // as a new file is made (the umask applies to both)
	s.mu.Unlock()
	buf := s.bufs.Get()
	if buf == nil {
		buf = new([64 << 10]byte)
	}
	defer s.bufs.Put(buf)
	if s.kept {
		if st, ok := s.held.sameBytes(name, data, buf.(*[64 << 10]byte)[:]); ok && st.mode == mode {
			s.put(name, key, st)
			return nil
		}
	}
	if s.prev != "" {
		src := filepath.Join(s.prev, filepath.FromSlash(name))
		if st, ok := sameBytes(src, data, buf.(*[64 << 10]byte)[:]); ok && st.mode == mode && s.link(src, name) == nil {
			s.put(name, key, st)
			return nil
		}
	}
	st, err := s.held.writeNew(name, data)
	if errors.Is(err, fs.ErrExist) {
		if err = clear(s.path(name)); err == nil {
			st, err = s.held.writeNew(name, data)
		}
	}
	if err != nil {
		return err
	}
	s.touched(path.Dir(name))
	s.put(name, key, st)
	return nil
}

func (s *siteDir) put(name, key string, st stamp) {
	st.key = key
	s.mu.Lock()
	s.files[name] = st
	s.mu.Unlock()
}

func (s *siteDir) touched(dir string) {
	if s.kept {
		s.mu.Lock()
		s.dirty[dir] = true
		s.mu.Unlock()
	}
}

// link makes name a hard link to src, replacing what is there.
func (s *siteDir) link(src, name string) error {
	err := s.held.link(src, name)
	if errors.Is(err, fs.ErrExist) {
		if err = clear(s.path(name)); err == nil {
			err = s.held.link(src, name)
		}
	}
	if err == nil {
		s.touched(path.Dir(name))
	}
	return err
}

// clear removes what is at p, a file or a folder with all it holds.
func clear(p string) error {
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return os.RemoveAll(p)
	}
	return nil
}

// isFolder reports whether a folder is at p, not followed if a link (isDir follows).
func isFolder(p string) bool {
	info, err := os.Lstat(p)
	return err == nil && info.IsDir()
}

// mkdirs makes folder dir (slash-separated, under root) and those above it, each with
// one mkdir the first time: a large site has a folder per page. Whoever changes the
// folder asks for the folder of what it changes first (changing).
func (s *siteDir) mkdirs(dir string) error {
	s.changing() // every write, link or creation asks for its folder first
	if dir == "." {
		return nil
	}
	if _, ok := s.found[dir]; ok {
		return nil
	}
	if _, ok := s.made.Load(dir); ok {
		return nil
	}
	err := s.held.mkdir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if err = s.mkdirs(path.Dir(dir)); err == nil {
			err = s.held.mkdir(dir)
		}
	}
	if errors.Is(err, fs.ErrExist) {
		// made by another worker meanwhile, or something else is there (asked by its name
		// where no stamp is taken: else a folder another worker had just made was cleared)
		if st, ok := s.held.stat(dir); ok && st.mode&modeType == modeDir || !stampsTaken && isFolder(s.path(dir)) {
			s.made.Store(dir, struct{}{})
			return nil
		}
		if err = clear(s.path(dir)); err == nil {
			err = s.held.mkdir(dir)
		}
	}
	if err != nil {
		return err
	}
	s.touched(path.Dir(dir))
	s.made.Store(dir, struct{}{})
	return nil
}

// finish removes from the kept folder what the new build does not have: the recorded
// files it did not write, then the recorded folders that hold none of its files.
func (s *siteDir) finish() error {
	s.dirs = map[string]bool{".": true}
	for n := range s.files {
		for d := path.Dir(n); !s.dirs[d]; d = path.Dir(d) {
			s.dirs[d] = true
		}
	}
	if !s.kept {
		return nil
	}
	s.changing()
	for n := range s.was.files {
		if _, ok := s.files[n]; ok || s.dirs[n] {
			continue
		}
		if err := clear(s.path(n)); err != nil {
			return err
		}
		s.dirty[path.Dir(n)] = true
	}
	var extra []string
	for d := range s.was.dirs {
		if _, ok := s.files[d]; !ok && !s.dirs[d] {
			extra = append(extra, d)
		}
	}
	sort.Strings(extra)
	last := "\x00"
	for _, d := range extra {
		if strings.HasPrefix(d, last+"/") {
			continue
		}
		if err := os.RemoveAll(s.path(d)); err != nil {
			return err
		}
		s.dirty[path.Dir(d)] = true
		last = d
	}
	return nil
}

// record is what the folder, finished and now at, holds: a stamp changed at or after
// since (a little before the folder became the output) is racy.
func (s *siteDir) record(at string, since time.Time) *folderRecord {
	limit := racyLimit(since)
	rec := &folderRecord{dirs: make(map[string]stamp, len(s.dirs)), files: s.files} // the build is done with them
	for n, st := range s.files {
		s.files[n] = st.settled(limit)
	}
	for d := range s.dirs {
		st, ok := s.was.dirs[d]
		if !s.found[d] || s.dirty[d] {
			if st, ok = statStamp(filepath.Join(at, filepath.FromSlash(d))); !ok || st.mode&modeType != modeDir {
				return nil
			}
		}
		if !ok {
			return nil
		}
		rec.dirs[d] = st.settled(limit)
	}
	return rec
}
