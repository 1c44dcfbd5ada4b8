package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"wuxiao/generator/render"
)

// yearKey is the cache key of file name made of year y's results (its open data, its
// decision): as a result page, it depends on everything but the submissions and the
// commendations, and on each result's submission and ladder, in the year's order.
func (k *pageKeys) yearKey(y *render.Year, name string) string {
	if key, ok := k.yearKeys.Load(name); ok {
		return key.(string)
	}
	h := sha256.New()
	fmt.Fprintf(h, "year file %q %d\x00%s", name, y.Year, k.base)
	for _, r := range y.Results {
		sub, ok := k.subOf(r)
		if !ok {
			h.Reset()
			fmt.Fprintf(h, "year file %q %d\x00%s", name, y.Year, k.all)
			break
		}
		fmt.Fprintf(h, "\x00result %q %s\x00ladder %q", r.URL, sub, r.Ladder)
	}
	key := "year-" + hex.EncodeToString(h.Sum(nil))
	k.yearKeys.Store(name, key)
	return key
}

// YearFile and YearFileMade make pageKeys the renderer's render.YearFiles: the file is
// left in place as a page is (placement), else read from the cache.
func (k *pageKeys) YearFile(y *render.Year, name string) ([]byte, int64, bool) {
	key := k.yearKey(y, name)
	if k.placed != nil {
		if size, ok := k.placed.place(name, key); ok {
			if c, ok := k.cache.(interface{ Keep(string) }); ok {
				c.Keep(key)
			}
			return nil, size, true
		}
	}
	data, ok := k.cache.Get(key)
	return data, int64(len(data)), ok
}

func (k *pageKeys) YearFileMade(y *render.Year, name string, data []byte) {
	k.cache.Put(k.yearKey(y, name), data)
}
