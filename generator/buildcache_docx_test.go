package generator

import (
	"bytes"
	"testing"

	"wuxiao/generator/render"
)

// TestDeflatedKept: a piece of an annex kept in the cache is read back as it was put,
// and no prefix of it nor anything empty is read as a piece.
func TestDeflatedKept(t *testing.T) {
	cache := &memCache{}
	k := &pageKeys{cache: cache}
	want := render.Deflated{Bytes: []byte{0x2a, 0x49, 0x2d, 0x2e, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff}, CRC: 0xdeadbeef, Size: 300}
	k.Deflate("annex-x", want)
	got, ok := k.Deflated("annex-x")
	if !ok || got.CRC != want.CRC || got.Size != want.Size || !bytes.Equal(got.Bytes, want.Bytes) {
		t.Fatalf("read back %+v, %v; want %+v", got, ok, want)
	}
	if _, ok := k.Deflated("annex-y"); ok {
		t.Error("a key never put was found")
	}
	data := cache.m["annex-x"]
	for n := range len(data) - len(want.Bytes) {
		if d, ok := readDeflated(data[:n]); ok {
			t.Errorf("%d bytes of the entry read as %+v", n, d)
		}
	}
}
