package content

import (
	"crypto/sha256"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"wuxiao/generator/record"
	"wuxiao/generator/testtree"
)

// TestReuseMatchesLoad: a load through the parse an earlier load kept, encoded and
// decoded, gives exactly Load's tree and findings (a value's empty list is still empty,
// not absent; the positions of every key are kept), for the demo content, the rules'
// base tree and files that do not parse; it parses nothing then, and again only the file
// that changed after an edit.
func TestReuseMatchesLoad(t *testing.T) {
	for _, root := range []string{"../..", "../rules/testdata/base"} {
		m := memTree(t, root)
		m["content/pages/bad.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [\n---\n正文\n")}
		m["content/pages/empty-list.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 空列表\nweight: 0\n---\n正文\n")}
		for p, f := range m { // a submission with empty lists and mappings
			if Classify(p).Kind == KindSubmission {
				m[p[:len(p)-3]+"-empty.md"] = &fstest.MapFile{Data: []byte(strings.Replace(string(f.Data), "---\n", "---\ntags: []\nattachments: []\nbenefit: {}\n", 1))}
				break
			}
		}
		reuse := &Reuse{}
		same := func(what string, wantChanged bool) {
			t.Helper()
			want, wantDiags, err1 := Load(m)
			data, err := reuse.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if reuse, err = ReadReuse(string(data)); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			got, gotDiags, err2 := LoadReusing(m, reuse)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("%s: %v / %v", what, err1, err2)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: the tree through the kept parse differs from Load's", what)
			}
			if w, g := wantDiags.Items(), gotDiags.Items(); !slices.Equal(w, g) {
				t.Errorf("%s: findings differ:\nLoad: %v\nreused: %v", what, w, g)
			}
			if (reuse.Stale() > 0) != wantChanged {
				t.Errorf("%s: %d files stale", what, reuse.Stale())
			}
		}
		same(root+" first", true)
		same(root+" again", false)
		same(root+" once more", false)
		sub := ""
		for p := range m {
			if Classify(p).Kind == KindSubmission && (sub == "" || p < sub) {
				sub = p
			}
		}
		m[sub] = &fstest.MapFile{Data: append(slices.Clone(m[sub].Data), "\n补充一句。\n"...)}
		same(root+" edited", true)
		delete(m, sub)
		same(root+" deleted", true)
	}
}

// TestReadReuseDamaged: damaged or foreign bytes give an empty Reuse and a reason, never
// a panic.
func TestReadReuseDamaged(t *testing.T) {
	data := baseReuse(t)
	for i, bad := range [][]byte{nil, []byte("x"), data[:len(data)/2], data[:len(reuseHead)+10], append([]byte("wuxiao parsed files v0\n"), data[len(reuseHead):]...)} {
		r, err := ReadReuse(string(bad))
		if err == nil || r == nil || len(r.old) != 0 {
			t.Errorf("damage %d: err %v, %d files", i, err, len(r.old))
		}
	}
	for cut := max(len(reuseHead), len(data)-2048); cut < len(data); cut++ { // cut anywhere, between two files too
		if r, err := ReadReuse(string(data[:cut])); err == nil || len(r.old) != 0 {
			t.Fatalf("cut at %d of %d bytes: err %v, %d files", cut, len(data), err, len(r.old))
		}
	}
	for i := len(reuseHead); i < len(data); i += 97 { // a byte changed anywhere: an error, or a whole Reuse
		bad := slices.Clone(data)
		bad[i] ^= 0x5a
		ReadReuse(string(bad))
	}
}

// memTree is the files of root/content in memory, at their paths from root, all with
// one time (a cache takes a file of the same size and time for unchanged).
func memTree(t testing.TB, root string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for p, text := range testtree.Files(t, filepath.Join(root, "content")) {
		m["content/"+p] = &fstest.MapFile{Data: []byte(text), ModTime: time.Unix(1, 0)}
	}
	return m
}

// baseReuse is the kept parse of the rules' base tree, as a build writes it.
func baseReuse(t testing.TB) []byte {
	t.Helper()
	reuse := &Reuse{}
	if _, _, err := LoadReusing(memTree(t, testtree.Base()), reuse); err != nil {
		t.Fatal(err)
	}
	data, err := reuse.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// FuzzReadReuse: any bytes give a Reuse or an error, in bounded time, never a panic;
// a Reuse read from them loads the tree as Load does, or says why not.
func FuzzReadReuse(f *testing.F) {
	f.Add(baseReuse(f))
	f.Add([]byte(reuseHead))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadReuse(string(data))
		if r == nil || err != nil && len(r.old) != 0 {
			t.Fatalf("ReadReuse gave %v with error %v", r, err)
		}
	})
}

// summing is a SummingFS over a tree in memory that counts the files it read whole, and
// can lie about one file's hash.
type summing struct {
	fstest.MapFS
	mu   sync.Mutex // the loader reads files on several goroutines
	read map[string]int
	lie  string
}

func (s *summing) ReadFileSum(name string, limit int64) ([]byte, [32]byte, error) {
	s.mu.Lock()
	s.read[name]++
	s.mu.Unlock()
	data, err := ReadAtMost(s.MapFS, name, limit)
	sum := sha256.Sum256(data)
	if name == s.lie {
		sum[0] ^= 1
	}
	return data, sum, err
}

// TestReuseTakesTheReadersHash: through a SummingFS, Reuse matches a file by the hash the
// file system made while reading it (a file whose hash changed is parsed anew, even with
// its bytes the same) and reads each file once.
func TestReuseTakesTheReadersHash(t *testing.T) {
	m := memTree(t, testtree.Base())
	fsys := &summing{MapFS: m, read: map[string]int{}}
	reuse := &Reuse{}
	if _, _, err := LoadReusing(fsys, reuse); err != nil {
		t.Fatal(err)
	}
	sub := ""
	for p := range m {
		if Classify(p).Kind == KindSubmission && (sub == "" || p < sub) {
			sub = p
		}
	}
	if fsys.read[sub] != 1 {
		t.Fatalf("%s read %d times through ReadFileSum, want 1", sub, fsys.read[sub])
	}
	fsys.lie = sub
	if _, _, err := LoadReusing(fsys, reuse); err != nil {
		t.Fatal(err)
	}
	if reuse.Stale() != 1 {
		t.Errorf("%d files parsed anew, want only %s, whose hash changed", reuse.Stale(), sub)
	}
}

// TestReadReuseLater: a load through a Reuse still being read (ReadReuseLater, its bytes
// slow to come) waits for it before parsing, and parses nothing of what it holds; one
// whose bytes are damaged, or missing, parses everything, the damage reported.
func TestReadReuseLater(t *testing.T) {
	m := memTree(t, "../..")
	want, wantDiags, _ := Load(m)
	reuse := &Reuse{}
	LoadReusing(m, reuse)
	data, err := reuse.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what  string
		data  []byte
		found bool
		stale bool
	}{{"kept", data, true, false}, {"damaged", data[:len(data)/2], true, true}, {"none", nil, false, true}} {
		var failed error
		later := ReadReuseLater(func() (string, bool) {
			time.Sleep(50 * time.Millisecond)
			return string(c.data), c.found
		}, func(err error) { failed = err })
		got, gotDiags, err := LoadReusing(m, later)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || !slices.Equal(gotDiags.Items(), wantDiags.Items()) {
			t.Errorf("%s: the tree through a Reuse read later differs from Load's", c.what)
		}
		if stale := later.Stale() > 0; stale != c.stale {
			t.Errorf("%s: %d files parsed anew", c.what, later.Stale())
		}
		if (failed != nil) != (c.found && c.stale) {
			t.Errorf("%s: told %v", c.what, failed)
		}
	}
}

// TestReuseChecksKind: a kept parse is taken only for a file of the kind it was made as
// (the kind is kept with it, not classified again when read).
func TestReuseChecksKind(t *testing.T) {
	m := memTree(t, "../..")
	want, _, _ := Load(m)
	reuse := &Reuse{}
	LoadReusing(m, reuse)
	for p, f := range reuse.old {
		if Classify(p).Kind == KindSubmission {
			f.kind = KindUnits
			reuse.old[p] = f
			break
		}
	}
	got, _, _ := LoadReusing(m, reuse)
	if reuse.Stale() != 1 || !reflect.DeepEqual(got, want) {
		t.Errorf("%d files parsed anew; the tree is Load's: %v", reuse.Stale(), reflect.DeepEqual(got, want))
	}
}

// TestReadReuseTwice: a file written twice, in one shard or in two, is damage: an error
// and no files.
func TestReadReuseTwice(t *testing.T) {
	reuse := &Reuse{}
	if _, _, err := LoadReusing(memTree(t, testtree.Base()), reuse); err != nil {
		t.Fatal(err)
	}
	paths := slices.Sorted(maps.Keys(reuse.old))
	shard := func(paths ...string) []byte {
		data, err := reuse.encodeShard(paths)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	for i, shards := range [][][]byte{
		{shard(paths[0], paths[1], paths[0])},
		{shard(paths[0], paths[1]), shard(paths[2], paths[1])},
	} {
		w := record.NewWriter([]byte(reuseHead))
		w.Uvarint(uint64(len(shards)))
		for _, sh := range shards {
			w.Bytes(sh)
		}
		if r, err := ReadReuse(string(w.Data())); err == nil || !strings.Contains(err.Error(), "两次") || len(r.old) != 0 {
			t.Errorf("case %d: err %v, %d files", i, err, len(r.old))
		}
	}
	if r, err := ReadReuse(func() string { // and the same files once each are read
		w := record.NewWriter([]byte(reuseHead))
		w.Uvarint(2)
		w.Bytes(shard(paths[0], paths[1]))
		w.Bytes(shard(paths[2]))
		return string(w.Data())
	}()); err != nil || len(r.old) != 3 {
		t.Errorf("three files once each: err %v, %d files", err, len(r.old))
	}
}
