package dedup

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// TestCacheOtherCorpora: a cache shared by several corpora (the user's cache folder
// holds the fingerprints of every tree checked on the machine) costs a run only what
// its own texts need. Opening it allocates nothing for the other corpora's entries,
// and a run that rewrites a shard keeps them, byte for byte usable.
func TestCacheOtherCorpora(t *testing.T) {
	store := &memStore{}
	other := buildEval(11, 40, 8) // a larger corpus checked before
	if _, err := Find(other.docs, Options{Cache: store}); err != nil {
		t.Fatal(err)
	}
	mine := buildEval(4, 3, 2)
	want, err := Find(mine.docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Find(mine.docs, Options{Cache: store}); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("with a shared cache: %v, pairs differ: %v", err, !reflect.DeepEqual(got, want))
	}

	// Opening the cache for mine's texts allocates per shard and per own text, not
	// per entry of the other corpus.
	allocs := func(s Store) float64 {
		return testing.AllocsPerRun(3, func() {
			if _, err := openCache(s, mine.docs, 1); err != nil {
				t.Fatal(err)
			}
		})
	}
	alone := &memStore{}
	if _, err := Find(mine.docs, Options{Cache: alone}); err != nil {
		t.Fatal(err)
	}
	if shared, own := allocs(store), allocs(alone); shared > own+16 {
		t.Errorf("opening a cache shared with %d other texts: %.0f allocations, %.0f alone", len(other.docs), shared, own)
	}

	// A run with new texts rewrites their shards; the other corpus's entries are
	// still there and right: every one of its texts is found.
	for i := range mine.docs {
		mine.docs[i].Text += fmt.Sprintf("\n第%d版修订说明：更换托辊并加装防跑偏挡轮", i)
	}
	if _, err := Find(mine.docs, Options{Cache: store}); err != nil {
		t.Fatal(err)
	}
	c, err := openCache(store, other.docs, 1)
	if err != nil {
		t.Fatal(err)
	}
	nz := sharedNormalizer()
	var tx text
	var sc scratch
	for i, d := range other.docs {
		fp, ok := c.get(i)
		if !ok {
			t.Fatalf("other corpus's text %d lost from the cache", i)
		}
		nz.normalize(d.Text, &tx, false)
		if want := fingerprint(tx.key, &sc); !reflect.DeepEqual(fp, want) {
			t.Fatalf("other corpus's text %d: cached fingerprints differ", i)
		}
	}
}

// TestShardDamaged: a shard file cut anywhere reads as the entries wholly before the
// cut, each with its fingerprints as written; with any byte changed it reads without a
// panic.
func TestShardDamaged(t *testing.T) {
	s := &shard{entries: map[cacheKey]*cacheEntry{}}
	prints := []fpset{{}, {1}, {5, 200, 70000, 1<<32 - 1}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}
	want := map[cacheKey]struct{}{}
	for i, fp := range prints {
		k := cacheKey{byte(i), 7}
		s.entries[k] = &cacheEntry{fp: fp, used: true}
		want[k] = struct{}{}
	}
	store := &memStore{}
	if err := writeShard(store, "fp-00.bin", s); err != nil {
		t.Fatal(err)
	}
	data := store.files["fp-00.bin"]
	var ends []int // where each entry ends in the file, in its order
	var starts []int
	for at := len(cacheMagic); at < len(data); {
		k := cacheKey(data[at : at+len(cacheKey{})])
		starts = append(starts, at)
		n := len(appendPrint(nil, s.entries[k].fp))
		at += len(k) + len(binary.AppendUvarint(nil, uint64(n))) + n
		ends = append(ends, at)
	}
	if len(ends) != len(prints) || ends[len(ends)-1] != len(data) {
		t.Fatalf("the file holds %d entries, ending at %v of %d bytes", len(prints), ends, len(data))
	}
	read := func(b []byte) map[cacheKey]*cacheEntry {
		store.files["fp-00.bin"] = b
		m, _, _, err := readShard(store, "fp-00.bin", want, nil)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	for cut := range len(data) + 1 {
		m := read(slices.Clone(data[:cut]))
		whole := 0
		for _, end := range ends {
			if end <= cut {
				whole++
			}
		}
		if len(m) != whole {
			t.Fatalf("cut at %d of %d: %d entries read, %d wholly before the cut", cut, len(data), len(m), whole)
		}
		for k, e := range m {
			if !slices.Equal(e.fp, s.entries[k].fp) {
				t.Fatalf("cut at %d: entry %x read as %v, written %v", cut, k[:2], e.fp, s.entries[k].fp)
			}
		}
	}
	for i := range data {
		bad := slices.Clone(data)
		bad[i] ^= 0x81
		read(bad)
	}
	// An entry whose fingerprints do not decode whole (a value past 32 bits, a count past
	// its bytes) is a miss; the entries after it, passed by their lengths, still read.
	for e, at := range starts {
		bad := slices.Clone(data)
		k := cacheKey(bad[at : at+len(cacheKey{})])
		count := at + len(k) + 1 // the print's first byte (every print here is under 128 bytes)
		bad[count] = 0x7f
		m := read(bad)
		if _, ok := m[k]; ok {
			t.Fatalf("entry %d with a count past its bytes was read as %v", e, m[k].fp)
		}
		if len(m) != len(prints)-1 {
			t.Fatalf("entry %d damaged: %d entries read, want the %d others", e, len(m), len(prints)-1)
		}
	}
}

// bufStore is a memStore that reads into the caller's buffer, as the command's folder does.
type bufStore struct {
	memStore
	into int // ReadFileInto calls
}

func (b *bufStore) ReadFileInto(name string, buf []byte) ([]byte, error) {
	data, err := b.ReadFile(name)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	b.into++
	b.mu.Unlock()
	return append(buf[:0], data...), nil
}

// TestBufferedStoreReread: through a store that reads into a buffer kept from shard to
// shard, every text's fingerprints are still its own (nothing decoded refers to the
// buffer the next shard is read into), and the pairs are those found without a cache.
func TestBufferedStoreReread(t *testing.T) {
	store := &bufStore{memStore: memStore{}}
	ev := buildEval(8, 20, 4)
	want, err := Find(ev.docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for run := range 2 {
		if got, err := Find(ev.docs, Options{Cache: store, Workers: 1}); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d through the cache: %v, pairs differ: %v", run, err, !reflect.DeepEqual(got, want))
		}
	}
	c, err := openCache(store, ev.docs, 1)
	if err != nil {
		t.Fatal(err)
	}
	nz := sharedNormalizer()
	var tx text
	var sc scratch
	for i := range ev.docs {
		fp, ok := c.get(i)
		nz.normalizeDoc(&ev.docs[i], &tx, false)
		if !ok || !slices.Equal(fp, fingerprint(tx.key, &sc)) {
			t.Fatalf("text %d: %v, its cached fingerprints differ", i, ok)
		}
	}
	if store.into == 0 {
		t.Fatal("the cache never read into a buffer")
	}
}
