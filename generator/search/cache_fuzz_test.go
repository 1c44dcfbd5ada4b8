package search

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
)

// FuzzCachedIndex: whatever bytes stand in the cache as the kept index or as a
// document's kept part (damaged, cut, foreign, hostile counts), a build through that
// cache after one document changed ends in bounded time, never a panic; with the bytes
// a build put there, or none, it writes every file as a cold build does. (Bytes that read
// as another index may give another index: the build's cache refuses a damaged entry
// before search sees it, by its SHA-256: generator's TestBuildCacheMatchesCold.)
func FuzzCachedIndex(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 9))
	docs := randomDocs(r, 24)
	opt := Options{ShardBytes: 1024, DocBytes: 512}
	cache := &memCache{}
	copt := opt
	copt.Cache = cache
	if _, err := Build(slices.Clone(docs), copt); err != nil {
		f.Fatal(err)
	}
	state := cache.m[stateKey]
	h, _ := docHash(&docs[0], nil, nil)
	part := cache.m[partKey(h)]
	if len(state) == 0 || len(part) == 0 {
		f.Fatal("the first build kept no index or no part of the first document")
	}
	f.Add(state, part)
	for i := len(stateHead); i < len(state)-len(stateHead); i += 97 { // damage across every section: counts, lengths, lists
		bad := slices.Clone(state)
		bad[i] ^= 0xff
		f.Add(bad, part)
	}
	f.Add(state[:len(state)/2], part[:len(part)/2])
	f.Add([]byte(stateHead+stateHead), []byte{})
	edited := slices.Clone(docs)
	edited[0].Title += "改"
	cold, err := Build(slices.Clone(edited), opt)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, state, part []byte) {
		c := &memCache{m: map[string][]byte{}}
		for k, v := range cache.m {
			c.m[k] = v
		}
		c.m[stateKey], c.m[partKey(h)] = state, part
		o := opt
		o.Cache = c
		warm, err := Build(slices.Clone(edited), o)
		if err != nil {
			t.Fatal(err)
		}
		if (bytes.Equal(state, cache.m[stateKey]) || len(state) == 0) && (bytes.Equal(part, cache.m[partKey(h)]) || len(part) == 0) {
			sameFiles(t, "entries as put, or none", cold, warm)
		}
	})
}

// TestShardRefusesHostileLengths: a kept shard whose lists claim any length, however
// large or (read as a signed number) negative, is refused, without making a list of that
// length (FuzzCachedIndex found a build that ran out of memory on a damaged byte).
func TestShardRefusesHostileLengths(t *testing.T) {
	for _, l := range []uint64{1 << 40, 1<<63 + 5, 1<<64 - 1, 4} {
		shard := binary.AppendUvarint([]byte{1, 1}, l) // one entry, key 1, its first list l bytes
		shard = append(shard, 0, 0, 'a', 'b')
		es, ok := readShard(shard)
		if ok || es != nil && es[0].list[0] != nil {
			t.Errorf("length %d: read %v, %v", l, es, ok)
		}
	}
	if es, ok := readShard([]byte{1, 1, 2, 0, 0, 'a', 'b'}); !ok || string(es[0].list[0]) != "ab" {
		t.Errorf("a whole shard: %v, %v", es, ok)
	}
}
