package generator

import (
	"maps"
	"testing"
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
