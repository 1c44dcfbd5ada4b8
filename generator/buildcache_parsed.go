package generator

import (
	"fmt"

	"wuxiao/generator/content"
)

// parsedKey names the files the last build parsed, kept in its cache (content.Reuse):
// one entry for the whole tree, read and written whole.
const parsedKey = "parsed-files"

// loadReuse is the parse of the files the last build kept in cache (nil without a cache;
// empty when it has none, or one it cannot read, which warn is told of), read while the
// loader walks the tree.
func loadReuse(cache Cache, warn func(string)) *content.Reuse {
	if cache == nil {
		return nil
	}
	return content.ReadReuseLater(func() (string, bool) { return getString(cache, parsedKey) }, func(err error) {
		if warn != nil {
			warn(fmt.Sprintf("构建缓存中的 %s 无法读取（%v），已忽略，全部文件重新解析", parsedKey, err))
		}
	})
}

// saveReuse keeps in cache the files the build parsed, while the rest of the build goes
// on; the function it returns waits for that. It keeps them only once the kept ones are
// stale by more than a few files (staleFiles): encoding all costs more (0.4 s of CPU at
// 10,000 results) than parsing a few files again at each build until then.
func saveReuse(cache Cache, reuse *content.Reuse) (wait func()) {
	if cache == nil || reuse == nil || reuse.Stale() <= staleFiles(reuse.Files()) {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if data, err := reuse.MarshalBinary(); err == nil {
			cache.Put(parsedKey, data)
		}
	}()
	return func() { <-done }
}

// staleFiles is how many of n files may be parsed anew at each build before the parse of
// all is kept again: one in 64, at least 16.
func staleFiles(n int) int { return max(16, n/64) }

// getString is cache's entry at key as a string: read straight into one where the cache
// can (StringCache: checkedCache over the command line's folder), else copied from its
// bytes.
func getString(cache Cache, key string) (string, bool) {
	if s, ok := cache.(StringCache); ok {
		return s.GetString(key)
	}
	data, ok := cache.Get(key)
	return string(data), ok
}
