package dedup

import (
	"fmt"
	"reflect"
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
	nz := newNormalizer()
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
