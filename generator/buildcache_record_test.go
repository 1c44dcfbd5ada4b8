package generator

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"path"
	"path/filepath"
	"strings"
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

// TestLocalNameMatchesClean: localName accepts exactly the names that are "." or their
// own path.Clean, local (filepath.IsLocal) and free of backslashes and NULs, over every
// name of up to five characters from the alphabet that matters and 20,000 random longer
// ones.
func TestLocalNameMatchesClean(t *testing.T) {
	ref := func(name string) bool {
		return name == "." || path.Clean(name) == name && filepath.IsLocal(filepath.FromSlash(name)) && !strings.ContainsAny(name, "\\\x00")
	}
	check := func(name string) {
		if got, want := localName(name), ref(name); got != want {
			t.Fatalf("localName(%q) = %v, path.Clean's rule says %v", name, got, want)
		}
	}
	const alphabet = "./a\\\x00"
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		check(prefix)
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			all(prefix+string(c), n-1)
		}
	}
	all("", 5)
	rnd := rand.New(rand.NewPCG(9, 9))
	parts := []string{"", ".", "..", "...", "a", "2023", "index.html", ".hidden", "a\\b", "x\x00", "结果"}
	for range 20000 {
		var b strings.Builder
		for i := range 1 + rnd.IntN(6) {
			if i > 0 || rnd.IntN(8) == 0 {
				b.WriteByte('/')
			}
			b.WriteString(parts[rnd.IntN(len(parts))])
		}
		check(b.String())
	}
}

// BenchmarkRecordDecode reads the record of a folder as a build of 10,000 results
// leaves it: 11,000 pages, each in a folder of its own, and their folders.
func BenchmarkRecordDecode(b *testing.B) {
	rec := newRecord()
	rec.dirs["."] = stamp{mtime: 1, inode: 2, mode: modeDir | 0o755}
	for i := range 11000 {
		dir := fmt.Sprintf("2023/results/unit-u%05d/s%06d", i/20, i)
		rec.dirs[dir] = stamp{mtime: int64(i) * 1000003, inode: int64(i) + 100, mode: modeDir | 0o755}
		rec.files[dir+"/index.html"] = stamp{key: fmt.Sprintf("page-%064x", i*7919), size: 9000 + int64(i%700), mtime: int64(i) * 1000033, inode: int64(i) + 20000, mode: modeReg | 0o644}
	}
	data := rec.encode()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := decodeRecord(data); err != nil {
			b.Fatal(err)
		}
	}
}
