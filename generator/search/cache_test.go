package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// memCache is a Cache in memory.
type memCache struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (c *memCache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	data, ok := c.m[key]
	return data, ok
}

func (c *memCache) Put(key string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string][]byte{}
	}
	c.m[key] = slices.Clone(data)
}

// sameFiles reports every file a and b do not hold alike.
func sameFiles(t *testing.T, step string, cold, warm *Index) {
	t.Helper()
	for _, n := range sortedNames(cold.Files) {
		if w, ok := warm.Files[n]; !ok {
			t.Errorf("%s: the cached build has no %s", step, n)
		} else if !bytes.Equal(w, cold.Files[n]) {
			t.Errorf("%s: %s differs from the cold build's", step, n)
		}
	}
	for n := range warm.Files {
		if _, ok := cold.Files[n]; !ok {
			t.Errorf("%s: the cached build has an extra %s", step, n)
		}
	}
	if cold.Docs != warm.Docs || cold.Keys != warm.Keys || cold.Frequent != warm.Frequent ||
		cold.Shards != warm.Shards || cold.PerFile != warm.PerFile || cold.MaxShard != warm.MaxShard {
		t.Errorf("%s: cached index %+v, cold %+v", step, *warm, *cold)
	}
}

// TestBuildCachedMatchesCold: after each of many random edits of a few documents (a
// title, a body, a name, an award that moves the document in the order, a word made
// common enough for trigrams, a document added or removed, the options), a build
// through the cache kept from the builds before writes every file as a cold build of
// the same documents does; an edit of one document tokenises that document alone, and
// a damaged or missing entry costs time only.
func TestBuildCachedMatchesCold(t *testing.T) {
	t.Parallel() // the package is the last go test runs: its tests fill both cores
	r := rand.New(rand.NewPCG(17, 3))
	docs := randomDocs(r, 300)
	for i := range docs { // a few of each kind, so that the order has runs of them
		docs[i].Kind = []string{KindResult, KindResult, KindResult, KindCase, KindBulletin, KindPage}[i%6]
		if docs[i].Kind != KindResult {
			docs[i].Category, docs[i].Award = "", ""
		}
	}
	opt := Options{ShardBytes: 2048, DocBytes: 1024, Categories: []string{"小革新", "小发明"}, Awards: []string{"一等奖", "二等奖"}}
	cache := &memCache{}
	var frequent string // of the last build
	build := func(step string, want int) {
		t.Helper()
		cold, err := Build(slices.Clone(docs), opt)
		if err != nil {
			t.Fatal(err)
		}
		if cold.Frequent == 0 {
			t.Fatalf("%s: no frequent bigrams: the test wants trigrams too", step)
		}
		var m meta
		if err := json.Unmarshal(cold.Files[Dir+"meta.json"], &m); err != nil {
			t.Fatal(err)
		}
		if m.Frequent != frequent && want >= 0 {
			want = -1 // a bigram came to be frequent or ceased to be: every document is read again
		}
		frequent = m.Frequent
		copt := opt
		copt.Cache = cache
		warm, err := Build(slices.Clone(docs), copt)
		if err != nil {
			t.Fatal(err)
		}
		sameFiles(t, step, cold, warm)
		if want >= 0 && warm.Tokenised != want {
			t.Errorf("%s: %d documents tokenised, want %d", step, warm.Tokenised, want)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	build("first build", len(docs))
	build("no change", 0)
	word := func() string {
		return string([]rune("皮带输送机温室大棚王李明阀门试压托辊，。AbＣ1 𠀋")[r.IntN(26)])
	}
	edits := []struct {
		what string
		do   func(d *Doc)
		one  bool // the edit keeps the documents' number and order: the one is tokenised alone
	}{
		{"title", func(d *Doc) { d.Title += word() + word() }, true},
		{"body", func(d *Doc) { d.Body = word() + d.Body[len(d.Body)/2:] + "新增" + word() }, true},
		{"summary", func(d *Doc) { d.Summary = "" }, true},
		{"author", func(d *Doc) { d.Authors = append(d.Authors, "新人"+word()) }, true},
		{"unit short form", func(d *Doc) { d.UnitShort = []string{"简称" + word()} }, true},
		{"extra", func(d *Doc) { d.Extra = append(d.Extra, "工作室"+word()) }, true},
		{"url", func(d *Doc) { d.URL += "x/" }, true},
		{"provisional", func(d *Doc) { d.Provisional = !d.Provisional }, true},
		{"many new words", func(d *Doc) { // so many new keys that the shards are laid out anew
			var b strings.Builder
			for range 300 {
				b.WriteRune(rune(0x5000 + r.IntN(0x1000)))
			}
			d.Body += b.String()
		}, true},
		{"award", func(d *Doc) { d.Award = "三等奖" }, false},
		{"year", func(d *Doc) { d.Year++ }, false},
		{"kind", func(d *Doc) { d.Kind, d.Category, d.Award = KindCase, "", "" }, false},
	}
	for n := range 60 {
		var what []string
		edited := map[int]bool{}
		one := true
		for range 1 + n%3 { // one, two or three documents at a time
			e := edits[r.IntN(len(edits))]
			i := r.IntN(len(docs))
			e.do(&docs[i])
			what = append(what, e.what+" of "+docs[i].URL)
			edited[i], one = true, one && e.one
		}
		want := len(edited)
		if !one {
			want = -1
		}
		build(fmt.Sprintf("edit %d: %s", n, strings.Join(what, ", ")), want)
	}
	// A bigram in a few documents, then in enough of them to be frequent, then in
	// fewer again: the trigrams after it come and go in every document that has it.
	for n := range 70 {
		docs[n].Body += "钻探"
		if n%10 == 9 {
			build(fmt.Sprintf("钻探 in %d documents", n+1), -1)
		}
	}
	for n := range 70 {
		docs[n].Body = strings.TrimSuffix(docs[n].Body, "钻探")
	}
	build("钻探 in none", -1)
	for n := range 12 { // documents removed and added: the others are not read again
		if i := r.IntN(len(docs)); n%2 == 0 {
			url := docs[i].URL
			docs = slices.Delete(docs, i, i+1)
			build(fmt.Sprintf("%s removed", url), 0)
		} else {
			d := randomDocs(r, 1)[0]
			d.URL = fmt.Sprintf("new/%d/", n)
			docs = slices.Insert(docs, i, d)
			build(fmt.Sprintf("%s added at %d", d.URL, i), 1)
		}
	}
	docs = slices.Delete(docs, 10, 10+20)
	build("twenty documents removed", -1)
	opt.Awards = []string{"二等奖", "一等奖"}
	build("the awards' order", -1)
	opt.ShardBytes = 1024
	build("smaller shards", -1)
	for k := range cache.m {
		if strings.HasPrefix(k, partPrefix) {
			delete(cache.m, k)
			break
		}
	}
	for k := range cache.m {
		if !strings.HasPrefix(k, partPrefix) {
			cache.m[k] = cache.m[k][:len(cache.m[k])/2]
		}
	}
	docs[0].Title += "改"
	build("damaged entries", -1)
	docs[1].Title += "改"
	build("after the damage", 1)
}

// slowState is a Cache that takes its time to keep the index's state, as a large one
// written to a disk would.
type slowState struct{ *memCache }

func (c slowState) Put(key string, data []byte) {
	if key == stateKey {
		time.Sleep(50 * time.Millisecond)
	}
	c.memCache.Put(key, data)
}

// TestWriteSiteKeepsState: WriteSite returns with the state of the index it wrote kept
// in the cache (it is kept while the files are written), and the next build through the
// cache tokenises only the document that changed.
func TestWriteSiteKeepsState(t *testing.T) {
	site, tree := loadSite(t, "../..")
	cache := &memCache{}
	out := &filesOut{files: map[string][]byte{}}
	first, err := WriteSite(out, site, tree, Options{Cache: slowState{cache}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cache.Get(stateKey); !ok {
		t.Fatal("WriteSite returned before the index's state was kept")
	}
	if len(out.files) != len(first.Files) {
		t.Errorf("%d files written of %d", len(out.files), len(first.Files))
	}
	site.Results[0].Title += "改"
	again, err := WriteSite(discard{}, site, tree, Options{Cache: slowState{cache}})
	if err != nil {
		t.Fatal(err)
	}
	if again.Tokenised != 1 {
		t.Errorf("one title changed: %d documents tokenised", again.Tokenised)
	}
}

// filesOut keeps the files written to it.
type filesOut struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (o *filesOut) WriteFile(name string, data []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.files[name] = slices.Clone(data)
	return nil
}
