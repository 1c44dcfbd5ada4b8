package generator

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"time"

	"wuxiao/generator/digest"
	"wuxiao/generator/record"
)

// folderRecord is what the cache keeps of one output folder a build through the cache
// filled: every folder in it and every file, each with its stamp, and for a file placed
// by its key (a page, a year's file) that key. With it a later build leaves in place or
// links the files whose stamps still match, and finds what someone added to the folder
// by reading only the folders whose stamps changed (siteDir).
type folderRecord struct {
	dirs  map[string]stamp // "." and every folder under it, slash-separated
	files map[string]stamp
}

// stamp is what a file or folder was when recorded: a file's key ("" for a file not
// placed by key), its size, modification time (ns), inode and mode (type bits included).
// A stamp whose time is racy was taken too close to the moment the folder became the
// output to vouch for it: a change in the same tick of the file system's clock keeps the
// time (git's "racily clean" entries), so it matches nothing.
type stamp struct {
	key                string
	size, mtime, inode int64
	mode               uint32
}

const racy = -1

// same tells whether now, a stamp just taken, is the recorded s.
func (s stamp) same(now stamp) bool {
	return s.mtime != racy && s.size == now.size && s.mtime == now.mtime && s.inode == now.inode && s.mode == now.mode
}

// racyLimits are, for stamps taken from since on (a little before the moment they are
// recorded for), the times from which a change is too close to vouch for them:
// racyWindow before since, more than a tick of the file system's clock, or two seconds
// before it for a time of whole seconds (a clock that ticks in seconds, as ext3's, or in
// two, as FAT's: a change within the same tick keeps the time).
type racyLimits struct{ fine, coarse int64 }

func racyLimit(since time.Time) racyLimits {
	return racyLimits{since.Add(-racyWindow).UnixNano(), since.Add(-2 * time.Second).UnixNano()}
}

// racy tells whether a file changed at t is too close to the limits to vouch for it.
func (l racyLimits) racy(t int64) bool {
	if t%int64(time.Second) == 0 {
		return t >= l.coarse
	}
	return t >= l.fine
}

// settled is s as a record keeps it: racy when it changed too close to vouch for it.
func (s stamp) settled(l racyLimits) stamp {
	if l.racy(s.mtime) {
		s.mtime = racy
	}
	return s
}

func newRecord() *folderRecord {
	return &folderRecord{dirs: map[string]stamp{}, files: map[string]stamp{}}
}

const recordHead = "wuxiao placed v2\n"

// recordKey names in the cache the record of folder dir: the output folder out, or the
// folder beside it the last exchange left. It is made of out's path, dir's inode and its
// marker's stamp, so that a record never describes another folder, not even one that was
// given the inode of a deleted one. false when dir is not a marked folder.
func recordKey(out, dir string) (string, bool) {
	d, ok := statStamp(dir)
	if !ok || d.mode&modeType != modeDir {
		return "", false
	}
	m, ok := statStamp(filepath.Join(dir, outMarker))
	if !ok || m.mode&modeType != modeReg {
		return "", false
	}
	if abs, err := filepath.Abs(out); err == nil {
		out = abs
	}
	sum := digest.Sum(fmt.Appendf(nil, "%s\x00%d %d %d %d %d", out, d.inode, m.inode, m.mtime, m.size, m.mode))
	return "placed-" + hex.EncodeToString(sum[:]), true
}

// readRecord is the record of folder dir (see recordKey) kept in cache; nil for none, or
// one that cannot be read.
func readRecord(cache Cache, out, dir string) *folderRecord {
	rec, err := decodeRecord(recordData(cache, out, dir))
	if err != nil {
		return nil
	}
	return rec
}

// recordData is the record of folder dir kept in cache, whole and of this format (its
// head) but not decoded; nil for none. A build decides by it to keep the folder, and
// decodes it (1.5 MB at 10,000 results) while the content loads.
func recordData(cache Cache, out, dir string) []byte {
	key, ok := recordKey(out, dir)
	if !ok {
		return nil
	}
	data, ok := cache.Get(key)
	if !ok || !bytes.HasPrefix(data, []byte(recordHead)) {
		return nil
	}
	return data
}

// encode is the record as kept: the folders, then the files, each sorted, a name
// sharing its start with the name before it.
func (r *folderRecord) encode() []byte {
	w := record.NewWriter(append(make([]byte, 0, 64+100*len(r.files)+40*len(r.dirs)), recordHead...))
	for _, m := range []map[string]stamp{r.dirs, r.files} {
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		sort.Strings(names)
		w.Uvarint(uint64(len(names)))
		prev := ""
		for _, n := range names {
			s := m[n]
			w.FrontCoded(prev, n)
			w.String(s.key)
			w.Varint(s.size)
			w.Varint(s.mtime)
			w.Varint(s.inode)
			w.Uvarint(uint64(s.mode))
			prev = n
		}
	}
	return w.Data()
}

var errRecord = errors.New("record damaged")

// decodeRecord reads what encode wrote. A name that would lead out of the folder, or is
// not in its plainest form, refuses the whole record: the names are what a build removes.
func decodeRecord(data []byte) (*folderRecord, error) {
	if !bytes.HasPrefix(data, []byte(recordHead)) {
		return nil, errRecord
	}
	r := record.NewReader(data[len(recordHead):])
	src := string(data[len(recordHead):]) // the keys are cut from it: one string, not one each
	str := func() string {
		b := r.Bytes()
		end := len(src) - r.Len()
		return src[end-len(b) : end]
	}
	rec := &folderRecord{}
	for _, m := range []*map[string]stamp{&rec.dirs, &rec.files} {
		count := r.Count(1)
		if r.Err() != nil {
			return nil, errRecord
		}
		*m = make(map[string]stamp, count)
		prev := ""
		for range count {
			name := r.FrontCoded(prev)
			s := stamp{key: str(), size: r.Varint(), mtime: r.Varint(), inode: r.Varint()}
			mode := r.Uvarint()
			if r.Err() != nil || mode > 1<<32-1 || !localName(name) {
				return nil, errRecord
			}
			s.mode = uint32(mode)
			(*m)[name] = s
			prev = name
		}
	}
	if r.End() != nil {
		return nil, errRecord
	}
	return rec, nil
}

// localName tells whether name is "." or a clean slash-separated path inside a folder:
// parts neither empty nor "." nor "..", no backslash, no NUL (what path.Clean leaves as
// it is and filepath.IsLocal takes, read in one pass: a record has 11,000 names).
func localName(name string) bool {
	if name == "." {
		return true
	}
	start := 0
	for i := 0; i <= len(name); i++ {
		if i < len(name) {
			if c := name[i]; c == '\\' || c == 0 {
				return false
			} else if c != '/' {
				continue
			}
		}
		if part := name[start:i]; part == "" || part == "." || part == ".." {
			return false
		}
		start = i + 1
	}
	return true
}
