package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync/atomic"
)

// entryHead begins every entry a build keeps in its Cache, naming the format's version:
// a cache written by another version is not read (its entries are all misses).
const entryHead = "wuxiao build cache entry v2\n"

// maxEntry bounds one entry: a cache is content of no more trust than the build's own
// files, and a file larger than this is no entry this program wrote.
const maxEntry = 1 << 30

// checkedCache frames what it keeps in a Cache with the format's version, the length
// and a SHA-256 of the bytes, so that a damaged entry (truncated, bit-flipped, written
// by something else) is a miss, reported once, never wrong output.
type checkedCache struct {
	Cache
	warn   func(string) // reports the first damaged entry; nil for none
	warned atomic.Bool
}

// newCheckedCache wraps c (nil for none).
func newCheckedCache(c Cache, warn func(string)) *checkedCache {
	if c == nil {
		return nil
	}
	return &checkedCache{Cache: c, warn: warn}
}

func (c *checkedCache) Get(key string) ([]byte, bool) {
	data, ok := c.Cache.Get(key)
	if !ok {
		return nil, false
	}
	payload, err := openEntry(data)
	if err != nil {
		if c.warn != nil && !c.warned.Swap(true) {
			c.warn(fmt.Sprintf("构建缓存中的 %s 已损坏或不是本版本写的（%v），已忽略，相应内容重新生成", key, err))
		}
		return nil, false
	}
	return payload, true
}

func (c *checkedCache) Put(key string, data []byte) {
	if len(data) > maxEntry {
		return
	}
	c.Cache.Put(key, sealEntry(data))
}

// Keep tells the cache that key is still of use though not read (a page left in place,
// see placement): a cache that forgets what a build did not use keeps it.
func (c *checkedCache) Keep(key string) {
	if k, ok := c.Cache.(interface{ Keep(string) }); ok {
		k.Keep(key)
	}
}

// sealEntry is data framed as an entry.
func sealEntry(data []byte) []byte {
	out := make([]byte, 0, len(entryHead)+8+16+len(data))
	out = append(out, entryHead...)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(data)))
	sum := sha256.Sum256(data)
	out = append(out, sum[:16]...)
	return append(out, data...)
}

// openEntry is the payload of an entry, or why it is not one.
func openEntry(data []byte) ([]byte, error) {
	if !bytes.HasPrefix(data, []byte(entryHead)) {
		return nil, fmt.Errorf("格式版本不符")
	}
	data = data[len(entryHead):]
	if len(data) < 24 {
		return nil, fmt.Errorf("文件被截断")
	}
	n, sum, payload := binary.LittleEndian.Uint64(data), data[8:24], data[24:]
	if n != uint64(len(payload)) {
		return nil, fmt.Errorf("长度为 %d 字节，应为 %d 字节", len(payload), n)
	}
	if got := sha256.Sum256(payload); !bytes.Equal(got[:16], sum) {
		return nil, fmt.Errorf("校验和不符")
	}
	return payload, nil
}
