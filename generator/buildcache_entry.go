package generator

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"sync/atomic"
)

// entryHead begins every entry a build keeps in its Cache, naming the format's version:
// a cache written by another version is not read (its entries are all misses).
const entryHead = "wuxiao build cache entry v3\n"

// maxEntry bounds one entry: a cache is content of no more trust than the build's own
// files, and a file larger than this is no entry this program wrote.
const maxEntry = 1 << 30

// checkedCache frames what it keeps in a Cache with the format's version, the length
// and a CRC-32C of the bytes, so that a damaged entry (truncated, bit-flipped, written
// by something else) is a miss, reported once, never wrong output. The checksum guards
// against damage, not against someone who may write the cache (README: the cache is
// trusted input), which is why it need not be a SHA-256: CRC-32C (Castagnoli, as ext4,
// Btrfs and iSCSI check their blocks) finds every burst of up to 32 flipped bits and
// misses other damage once in 2³² times, and is made at 32 GB/s here against SHA-256's
// 2 GB/s, over about 100 MB of entries read and written by a cached rebuild of 10,000
// results.
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
	return checkEntry(c, key, data)
}

// GetInto is Get read into buf where the cache can (BufferCache), else Get: the
// payload is then buf's, checked as Get checks it.
func (c *checkedCache) GetInto(key string, buf *bytes.Buffer) ([]byte, bool) {
	bc, ok := c.Cache.(BufferCache)
	if !ok {
		return c.Get(key)
	}
	data, ok := bc.GetInto(key, buf)
	if !ok {
		return nil, false
	}
	return checkEntry(c, key, data)
}

// StringCache is a Cache that reads an entry straight into a string (the command line's
// folder does), for a reader that keeps what it cuts from it: the kept parse
// (content.ReadReuse).
type StringCache interface {
	GetString(key string) (string, bool)
}

// GetString is Get of an entry as a string, read into one where the cache can
// (StringCache), else copied from its bytes.
func (c *checkedCache) GetString(key string) (string, bool) {
	if s, ok := c.Cache.(StringCache); ok {
		data, ok := s.GetString(key)
		if !ok {
			return "", false
		}
		return checkEntry(c, key, data)
	}
	data, ok := c.Cache.Get(key)
	if !ok {
		return "", false
	}
	return checkEntry(c, key, string(data))
}

// checkEntry is the payload of entry data read at key, or a miss, reported once.
func checkEntry[T ~string | ~[]byte](c *checkedCache, key string, data T) (T, bool) {
	payload, err := openEntry(data)
	if err != nil {
		if c.warn != nil && !c.warned.Swap(true) {
			c.warn(fmt.Sprintf("构建缓存中的 %s 已损坏或不是本版本写的（%v），已忽略，相应内容重新生成", key, err))
		}
		var none T
		return none, false
	}
	return payload, true
}

func (c *checkedCache) Put(key string, data []byte) {
	if len(data) > maxEntry {
		return
	}
	if p, ok := c.Cache.(interface{ PutParts(string, ...[]byte) }); ok {
		p.PutParts(key, entryFrame(data), data) // not copied: a rebuild writes some 30 MB of entries
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
	return append(append(make([]byte, 0, frameSize+len(data)), entryFrame(data)...), data...)
}

// frameSize is the length of an entry's frame: its head, length and checksum.
const frameSize = len(entryHead) + 8 + 4

// entryFrame is what an entry of data has before it.
func entryFrame(data []byte) []byte {
	out := make([]byte, 0, frameSize)
	out = append(out, entryHead...)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(data)))
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(data, castagnoli))
}

// castagnoli is CRC-32C's table (computed by the processor where it can).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// openEntry is the payload of an entry, or why it is not one.
func openEntry[T ~string | ~[]byte](data T) (T, error) {
	var none T
	if len(data) < len(entryHead) || string(data[:len(entryHead)]) != entryHead {
		return none, fmt.Errorf("格式版本不符")
	}
	data = data[len(entryHead):]
	if len(data) < 12 {
		return none, fmt.Errorf("文件被截断")
	}
	var frame [12]byte
	copy(frame[:], data)
	n, sum, payload := binary.LittleEndian.Uint64(frame[:]), binary.LittleEndian.Uint32(frame[8:]), data[12:]
	if n != uint64(len(payload)) {
		return none, fmt.Errorf("长度为 %d 字节，应为 %d 字节", len(payload), n)
	}
	if checksum(payload) != sum {
		return none, fmt.Errorf("校验和不符")
	}
	return payload, nil
}

// checksum is the CRC-32C of p: of a string, through a buffer on the stack, a piece at
// a time.
func checksum[T ~string | ~[]byte](p T) uint32 {
	if b, ok := any(p).([]byte); ok {
		return crc32.Checksum(b, castagnoli)
	}
	var buf [16 << 10]byte
	crc := uint32(0)
	for len(p) > 0 {
		n := copy(buf[:], p)
		crc = crc32.Update(crc, castagnoli, buf[:n])
		p = p[n:]
	}
	return crc
}
