package generator

import (
	"bytes"
	"testing"
)

// TestEntryRefusesDamage: an entry reads back as what was sealed, and any one flipped
// bit, anywhere, and any cut make it a miss, not other bytes.
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
		}
	}
	for cut := range len(entry) {
		if _, err := openEntry(entry[:cut]); err == nil {
			t.Fatalf("cut at %d of %d bytes: read", cut, len(entry))
		}
	}
	if _, err := openEntry(append(bytes.Clone(entry), 0)); err == nil {
		t.Fatal("a byte more: read")
	}
}
