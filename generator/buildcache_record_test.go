package generator

import (
	"maps"
	"testing"
	"time"
)

// TestRecordRoundTrip: a folder's record reads back as written; cut anywhere it is
// refused; with a byte changed it reads as an error or as some record, never a panic; a
// record naming a file or folder out of the folder, or not in its plainest form, is
// refused whole (its names are what a build removes).
func TestRecordRoundTrip(t *testing.T) {
	rec := newRecord()
	rec.dirs["."] = stamp{mtime: 1, inode: 2, mode: modeDir | 0o755}
	rec.dirs["2023"] = stamp{mtime: racy, inode: 3, mode: modeDir | 0o755}
	rec.dirs["2023/results"] = stamp{mtime: 5, inode: 4, mode: modeDir | 0o755}
	rec.files["2023/results/index.html"] = stamp{key: "page-ab", size: 10, mtime: 7, inode: 8, mode: modeReg | 0o644}
	rec.files["2023/index.html"] = stamp{size: 1 << 40, mtime: -1, inode: 9, mode: modeReg | 0o600}
	rec.files[outMarker] = stamp{size: 3, mtime: 9, inode: 10, mode: modeReg | 0o644}
	data := rec.encode()
	got, err := decodeRecord(data)
	if err != nil || !maps.Equal(got.dirs, rec.dirs) || !maps.Equal(got.files, rec.files) {
		t.Fatalf("read back %+v, %v; wrote %+v", got, err, rec)
	}
	for i := range data {
		if _, err := decodeRecord(data[:i]); err == nil {
			t.Fatalf("a record cut at %d of %d bytes was read", i, len(data))
		}
		damaged := append([]byte(nil), data...)
		damaged[i] ^= 0x41
		decodeRecord(damaged)
	}
	for _, bad := range []string{"../x", "/etc/passwd", "a/../../b", "a//b", "a/./b", "", "a/", `a\..\b`} {
		r := newRecord()
		r.files[bad] = stamp{}
		if _, err := decodeRecord(r.encode()); err == nil {
			t.Errorf("a record naming file %q was read", bad)
		}
		r = newRecord()
		r.dirs[bad] = stamp{}
		if _, err := decodeRecord(r.encode()); err == nil {
			t.Errorf("a record naming folder %q was read", bad)
		}
	}
}

// TestStampSettled: a stamp vouches for nothing (racy) when its file changed within
// racyWindow of the moment it vouches from, or, when its time is of whole seconds (a
// file system whose clock ticks in seconds, as ext3's, or in two, as FAT's), within two
// seconds of it; for a content file its ctime counts too.
func TestStampSettled(t *testing.T) {
	since := time.Unix(1000, 500_000_000)
	l := racyLimit(since)
	for _, c := range []struct {
		time int64
		racy bool
	}{
		{since.UnixNano() - int64(racyWindow) - 1, false},
		{since.UnixNano() - int64(racyWindow), true},
		{since.UnixNano() + 5, true},
		{time.Unix(999, 0).UnixNano(), true}, // whole seconds, 1.5 s before
		{time.Unix(998, 0).UnixNano(), false},
		{time.Unix(999, 1).UnixNano(), false}, // 1.5 s before, a clock of nanoseconds
	} {
		if got := (stamp{mtime: c.time}).settled(l).mtime == racy; got != c.racy {
			t.Errorf("mtime %d, since %d: racy %v", c.time, since.UnixNano(), got)
		}
		old := time.Unix(500, 7).UnixNano()
		if got := (fileStamp{stamp: stamp{mtime: old}, ctime: c.time}).settled(l).mtime == racy; got != c.racy {
			t.Errorf("ctime %d, since %d: racy %v", c.time, since.UnixNano(), got)
		}
	}
}
