package generator

import (
	"encoding/binary"

	"wuxiao/generator/render"
)

// Deflated and Deflate make pageKeys the renderer's render.Deflates: a piece of a
// decision's annex is kept in the cache under the key the renderer made of its rows, as
// its CRC-32, its text's length and its deflated bytes.
func (k *pageKeys) Deflated(key string) (render.Deflated, bool) {
	data, ok := k.cache.Get(key)
	if !ok {
		return render.Deflated{}, false
	}
	return readDeflated(data)
}

func (k *pageKeys) Deflate(key string, d render.Deflated) {
	b := binary.LittleEndian.AppendUint32(make([]byte, 0, 4+binary.MaxVarintLen64+len(d.Bytes)), d.CRC)
	b = binary.AppendUvarint(b, uint64(d.Size))
	k.cache.Put(key, append(b, d.Bytes...))
}

// readDeflated reads what Deflate kept; false for anything else.
func readDeflated(data []byte) (render.Deflated, bool) {
	if len(data) < 4 {
		return render.Deflated{}, false
	}
	size, n := binary.Uvarint(data[4:])
	if n <= 0 || size > 1<<40 || len(data) == 4+n {
		return render.Deflated{}, false
	}
	return render.Deflated{CRC: binary.LittleEndian.Uint32(data), Size: int64(size), Bytes: data[4+n:]}, true
}
