package generator

import (
	"bytes"
	"testing"
)

// TestEntryRefusesDamage: an entry reads back as what was sealed, and any one flipped
// bit, anywhere, and any cut make it a miss, not other bytes; read as bytes or as a
// string (GetString) alike.
func TestEntryRefusesDamage(t *testing.T) {
	payload := make([]byte, 1000)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	entry := sealEntry(payload)
	if got, err := openEntry(entry); err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("read back %d bytes, %v", len(got), err)
	}
	for i := range entry {
		for bit := range 8 {
			bad := bytes.Clone(entry)
			bad[i] ^= 1 << bit
			if got, err := openEntry(bad); err == nil {
				t.Fatalf("bit %d of byte %d flipped: read as %d bytes", bit, i, len(got))
			}
			if got, err := openEntry(string(bad)); err == nil {
				t.Fatalf("bit %d of byte %d flipped: read as a string of %d bytes", bit, i, len(got))
			}
		}
	}
	for cut := range len(entry) {
		if _, err := openEntry(entry[:cut]); err == nil {
			t.Fatalf("cut at %d of %d bytes: read", cut, len(entry))
		}
		if _, err := openEntry(string(entry[:cut])); err == nil {
			t.Fatalf("cut at %d of %d bytes: read as a string", cut, len(entry))
		}
	}
	if _, err := openEntry(append(bytes.Clone(entry), 0)); err == nil {
		t.Fatal("a byte more: read")
	}
	if got, err := openEntry(string(entry)); err != nil || got != string(payload) {
		t.Fatalf("read back as a string of %d bytes, %v", len(got), err)
	}
	big := sealEntry(bytes.Repeat(payload, 100)) // longer than checksum's buffer
	if _, err := openEntry(string(big)); err != nil {
		t.Fatalf("100 KB read as a string: %v", err)
	}
}

// partsCache is a memCache that takes an entry in parts.
type partsCache struct {
	memCache
	parts [][]byte // of the last PutParts
}

func (c *partsCache) PutParts(key string, parts ...[]byte) {
	c.parts = parts
	c.Put(key, bytes.Join(parts, nil))
}

// TestCheckedCachePutsParts: to a cache that takes an entry in parts, the frame is given
// apart from the caller's bytes, which are not copied; the entry reads back whole.
func TestCheckedCachePutsParts(t *testing.T) {
	inner := &partsCache{}
	c := newCheckedCache(inner, nil)
	payload := bytes.Repeat([]byte("页面"), 1000)
	c.Put("k", payload)
	if len(inner.parts) != 2 || &inner.parts[1][0] != &payload[0] {
		t.Fatalf("given %d parts, the payload copied", len(inner.parts))
	}
	if got, ok := c.Get("k"); !ok || !bytes.Equal(got, payload) {
		t.Fatalf("read back %d bytes, %v", len(got), ok)
	}
	if got, ok := c.GetString("k"); !ok || got != string(payload) {
		t.Fatalf("read back as a string of %d bytes, %v", len(got), ok)
	}
}
