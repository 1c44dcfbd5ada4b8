package generator

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/digest"
)

// countingFS counts the files read through it, as the loader reads them (ReadFileLimit).
type countingFS struct {
	fs.FS
	mu    sync.Mutex
	reads []string
}

func (c *countingFS) ReadFileLimit(name string, limit int64) ([]byte, error) {
	c.mu.Lock()
	c.reads = append(c.reads, name)
	c.mu.Unlock()
	return content.ReadAtMost(c.FS, name, limit)
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }
func (c *countingFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(c.FS, name) }

// TestLoadTrustsStamps: a load through the cache reads only the files whose stamps
// (size, times, inode, device, mode) are not as the load before recorded them, even with
// the stamps slow to come (recall reads them while the tree is walked), and
// every file's hash it gives is the hash of the file's bytes: a file changed with its
// size kept and its time set back is read (its ctime changed), and so is a file whose
// stamp was taken too close to its change to vouch for it (racy, as in git's index).
func TestLoadTrustsStamps(t *testing.T) {
	if !stampsTrusted {
		t.Skip("no file stamps here")
	}
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS(filepath.Join("..", "content"))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * racyWindow) // the files copied are no longer racy
	cache := newCheckedCache(&memCache{}, nil)
	load := func(step string) []string {
		t.Helper()
		c := &countingFS{FS: content.DirFS(root)}
		sums := newSumFS(c)
		sums.recall(slowStamps{cache}, root) // read while the tree is walked, and waited for
		reuse := loadReuse(cache, nil)
		tree, _, err := loadFS(Config{Root: root}, sums, reuse)
		if err != nil {
			t.Fatal(err)
		}
		sums.record(cache, root, sums.snapshot())
		data, err := reuse.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		cache.Put(parsedKey, data) // every time: saveReuse keeps it only when stale enough
		got := sums.snapshot()
		parsed := 0
		for p := range tree.Files {
			sum, ok := got[p]
			if !ok {
				continue // not parsed (an attachment)
			}
			parsed++
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			if sum != digest.Sum(data) {
				t.Errorf("%s: the hash given for %s is not of its bytes", step, p)
			}
		}
		if parsed < 20 {
			t.Fatalf("%s: only %d files hashed", step, parsed)
		}
		slices.Sort(c.reads)
		return c.reads
	}
	all := load("first load")
	if len(all) < 20 {
		t.Fatalf("the first load read only %d files", len(all))
	}
	if got := load("nothing changed"); len(got) != 0 {
		t.Errorf("nothing changed, yet %d files were read: %v", len(got), got)
	}
	file := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
	subs, _ := filepath.Glob(file("content/*/submissions/*/*.md"))
	slices.Sort(subs)
	rel := func(p string) string { r, _ := filepath.Rel(root, p); return filepath.ToSlash(r) }

	// A title changed, the usual edit.
	data, _ := os.ReadFile(subs[0])
	os.WriteFile(subs[0], []byte(strings.Replace(string(data), "title: ", "title: 改", 1)), 0o644)
	time.Sleep(2 * racyWindow)
	if got := load("a title changed"); !slices.Equal(got, []string{rel(subs[0])}) {
		t.Errorf("a title of %s changed: read %v", rel(subs[0]), got)
	}

	// The same size and the modification time set back: only the ctime tells.
	info, _ := os.Stat(subs[1])
	data, _ = os.ReadFile(subs[1])
	changed := strings.Replace(string(data), "title: ", "title:_", 1)
	if changed == string(data) {
		t.Fatalf("no title in %s", subs[1])
	}
	os.WriteFile(subs[1], []byte(changed), 0o644)
	os.Chtimes(subs[1], info.ModTime(), info.ModTime())
	time.Sleep(2 * racyWindow)
	if got := load("size and time kept"); !slices.Equal(got, []string{rel(subs[1])}) {
		t.Errorf("%s changed with its size and time kept: read %v", rel(subs[1]), got)
	}

	// Written just before a load: its stamp vouches for nothing, and it is read again.
	data, _ = os.ReadFile(subs[2])
	os.WriteFile(subs[2], []byte(strings.Replace(string(data), "title: ", "title: 又", 1)), 0o644)
	load("just written")
	if got := load("after a racy stamp"); !slices.Contains(got, rel(subs[2])) {
		t.Errorf("%s, written just before the load before, was trusted by its stamp: read %v", rel(subs[2]), got)
	}

	// Another root with the same cache trusts nothing of the first.
	other := t.TempDir()
	if err := os.CopyFS(filepath.Join(other, "content"), os.DirFS(filepath.Join(root, "content"))); err != nil {
		t.Fatal(err)
	}
	sums := newSumFS(&countingFS{FS: content.DirFS(other)})
	sums.recall(cache, other)
	sums.waitRecall()
	if len(sums.was) != 0 {
		t.Errorf("the stamps of %s were taken for %s", root, other)
	}
}

// slowStamps is a Cache that takes its time to give stamps, as a large record would.
type slowStamps struct{ Cache }

func (c slowStamps) Get(key string) ([]byte, bool) {
	if strings.HasPrefix(key, "stamps-") {
		time.Sleep(50 * time.Millisecond)
	}
	return c.Cache.Get(key)
}

// TestStampsRecordRoundTrip: the stamps of a load read back as recorded, a stamp taken
// too close to the load's start (its mtime or its ctime) recorded racy; cut anywhere or
// with a byte changed, the record reads as an error or as some record, never a panic.
func TestStampsRecordRoundTrip(t *testing.T) {
	since := time.Unix(1000, 0)
	limit := since.Add(-racyWindow).UnixNano()
	old := limit - int64(time.Second)
	seen := map[string]fileStamp{
		"content/site.yaml":             {stamp: stamp{size: 10, mtime: old, inode: 3, mode: modeReg | 0o644}, ctime: old, dev: 7},
		"content/2023/submissions/a.md": {stamp: stamp{size: 1 << 40, mtime: old, inode: 4, mode: modeReg | 0o600}, ctime: limit, dev: 7},
		"content/2023/submissions/b.md": {stamp: stamp{size: 3, mtime: limit + 1, inode: 5, mode: modeReg | 0o644}, ctime: old, dev: 7},
		"content/unread.yaml":           {stamp: stamp{size: 3, mtime: old, inode: 6, mode: modeReg | 0o644}, ctime: old, dev: 7},
	}
	sums := map[string][32]byte{
		"content/site.yaml":             {1},
		"content/2023/submissions/a.md": {2},
		"content/2023/submissions/b.md": {3},
	}
	data := encodeStamps("/root", seen, sums, since)
	got, err := decodeStamps(data, "/root")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]fileStamp{}
	for p, sum := range sums {
		st := seen[p]
		st.sum = sum
		want[p] = st
	}
	a, b := want["content/2023/submissions/a.md"], want["content/2023/submissions/b.md"]
	a.mtime, b.mtime = racy, racy
	want["content/2023/submissions/a.md"], want["content/2023/submissions/b.md"] = a, b
	if !maps.Equal(got, want) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, want)
	}
	for p, st := range got {
		if now := seen[p]; st.same(now) != (st.mtime != racy) {
			t.Errorf("%s: recorded %+v, same as %+v: %v", p, st, now, st.same(now))
		}
	}
	if _, err := decodeStamps(data, "/other"); err == nil {
		t.Error("the stamps of /root were read for /other")
	}
	for i := range data {
		decodeStamps(data[:i], "/root")
		damaged := slices.Clone(data)
		damaged[i] ^= 0x41
		decodeStamps(damaged, "/root")
	}
	if _, err := decodeStamps(data[:len(data)-1], "/root"); err == nil {
		t.Error("a record cut short was read")
	}
}

// TestBuildRecordsStamps: a build through a cache keeps the stamps and hashes of the
// files it parsed for the next one, whether the content passes the check or not.
func TestBuildRecordsStamps(t *testing.T) {
	if !stampsTrusted {
		t.Skip("no file stamps here")
	}
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS(filepath.Join("..", "content"))); err != nil {
		t.Fatal(err)
	}
	for _, broken := range []bool{false, true} {
		if broken { // a title too short: the check fails
			subs, _ := filepath.Glob(filepath.Join(root, "content", "*", "submissions", "*", "*.md"))
			slices.Sort(subs)
			data, _ := os.ReadFile(subs[0])
			os.WriteFile(subs[0], []byte(strings.Replace(string(data), "title: ", "title: 短\n#", 1)), 0o644)
		}
		cache := &memCache{}
		_, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, BuildOptions{Out: filepath.Join(t.TempDir(), "out"), Cache: cache})
		if broken != (err != nil) {
			t.Fatalf("broken %v: %v", broken, err)
		}
		abs, _ := filepath.Abs(root)
		data, ok := newCheckedCache(cache, nil).Get(stampsKey(abs))
		if !ok {
			t.Fatalf("broken %v: no stamps kept", broken)
		}
		was, err := decodeStamps(data, abs)
		if err != nil {
			t.Fatal(err)
		}
		if len(was) < 100 {
			t.Errorf("broken %v: the stamps of %d files kept", broken, len(was))
		}
		for name, st := range was {
			bytes, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
			if err != nil || digest.Sum(bytes) != st.sum {
				t.Errorf("broken %v: %s kept with a hash not of its bytes", broken, name)
			}
		}
	}
}
