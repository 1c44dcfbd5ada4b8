package render

import (
	"hash/crc32"
	"math/rand/v2"
	"testing"
)

// TestCRC32Combine: the CRC-32 of two pieces joined is made from the two pieces' CRCs
// and the second's length, for lengths from 0 to over a megabyte.
func TestCRC32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 2))
	lengths := []int{0, 1, 2, 3, 7, 8, 255, 256, 4095, 65536, 1<<20 + 17}
	for range 40 {
		lengths = append(lengths, rng.IntN(100000))
	}
	for _, n1 := range []int{0, 1, 13, 5000} {
		for _, n2 := range lengths {
			a, b := make([]byte, n1), make([]byte, n2)
			for i := range a {
				a[i] = byte(rng.Uint32())
			}
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			want := crc32.ChecksumIEEE(append(append([]byte{}, a...), b...))
			if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(n2)); got != want {
				t.Fatalf("%d + %d bytes: %08x, want %08x", n1, n2, got, want)
			}
		}
	}
}
