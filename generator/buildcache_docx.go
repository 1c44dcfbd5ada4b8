package generator

import (
	"encoding/binary"
	"strings"
	"sync"

	"wuxiao/generator/record"
	"wuxiao/generator/render"
)

// Deflated and Deflate make pageKeys the renderer's render.Deflates: a piece of a
// decision's annex is kept in the cache under the key the renderer made of its rows, as
// its CRC-32, its text's length and its deflated bytes.
func (k *pageKeys) Deflated(key string) (render.Deflated, bool) {
	k.pieces.add(key)
	data, ok := k.cache.Get(key)
	if !ok {
		return render.Deflated{}, false
	}
	return readDeflated(data)
}

func (k *pageKeys) Deflate(key string, d render.Deflated) {
	w := record.NewWriter(make([]byte, 0, 4+binary.MaxVarintLen64+len(d.Bytes)))
	w.Uint32(d.CRC)
	w.Uvarint(uint64(d.Size))
	w.Fixed(d.Bytes)
	k.cache.Put(key, w.Data())
}

// readDeflated reads what Deflate kept; false for anything else.
func readDeflated(data []byte) (render.Deflated, bool) {
	r := record.NewReader(data)
	crc, size := r.Uint32(), r.Uvarint()
	if r.Err() != nil || size > 1<<40 || r.Len() == 0 {
		return render.Deflated{}, false
	}
	return render.Deflated{CRC: crc, Size: int64(size), Bytes: r.Fixed(r.Len())}, true
}

// pieceList is the keys of the annex pieces a decision being made asked for: the
// renderer makes one decision at a time (writeDecisions), and YearFileMade keeps them
// beside the file's (piecesKey), so that a build that leaves the file in place keeps
// its pieces too (keepParts).
type pieceList struct {
	mu   sync.Mutex
	keys []string
}

func (l *pieceList) add(key string) {
	l.mu.Lock()
	l.keys = append(l.keys, key)
	l.mu.Unlock()
}

// take is the keys asked for since the last take.
func (l *pieceList) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	keys := l.keys
	l.keys = nil
	return keys
}

// piecesKey names in the cache the list of the pieces of the year file kept under key.
func piecesKey(key string) string { return "pieces-" + key }

// keepPieces keeps the pieces listed for the year file kept under key.
func (k *pageKeys) keepPieces(c interface{ Keep(string) }, key string) {
	data, ok := k.cache.Get(piecesKey(key))
	if !ok {
		return
	}
	for _, p := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(p, "annex-") {
			c.Keep(p)
		}
	}
}
