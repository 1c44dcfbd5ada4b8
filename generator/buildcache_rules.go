package generator

import (
	"fmt"
	"maps"

	"wuxiao/generator/rules"
)

// rulesKey names the rules' memo in the cache (rules.Memo): what each file's one-file
// rules found, by the file's hash, and what the tree rules found, by a hash of all they
// read. One entry for the whole tree, read and written whole.
const rulesKey = "rule-findings"

// loadRules is the rules' memo kept in cache (nil without a cache; empty when the cache
// has none, or one it cannot read, which warn is told of).
func loadRules(cache Cache, warn func(string)) *rules.Memo {
	if cache == nil {
		return nil
	}
	data, ok := cache.Get(rulesKey)
	if !ok {
		return rules.NewMemo()
	}
	memo, err := rules.ReadMemo(data)
	if err != nil && warn != nil {
		warn(fmt.Sprintf("构建缓存中的 %s 无法读取（%v），已忽略，全部规则重新检查", rulesKey, err))
	}
	return memo
}

// saveRules keeps the rules' memo in cache for the next build.
func saveRules(cache Cache, memo *rules.Memo) {
	if cache == nil || memo == nil {
		return
	}
	if data, err := memo.MarshalBinary(); err == nil {
		cache.Put(rulesKey, data)
	}
}

// sum is the hash of file name, if read so far. The renderer and the rules read files
// through s while the page keys and the search index look sums up: the map is read only
// under its lock.
func (s *sumFS) sum(name string) ([32]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum, ok := s.sums[name]
	return sum, ok
}

// snapshot is a copy of the sums taken so far: the files the loader parsed once the
// tree has loaded (the renderer reads others through s while the rules run).
func (s *sumFS) snapshot() map[string][32]byte {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.sums)
}
