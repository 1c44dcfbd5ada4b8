package digest

import (
	"encoding/hex"
	"testing"
)

// TestDigestIsBLAKE2b256: Sum and New agree with each other and with BLAKE2b-256's
// published value for "abc" (RFC 7693's test vector is of BLAKE2b-512; this is the
// reference implementation's b2sum -l 256).
func TestDigestIsBLAKE2b256(t *testing.T) {
	const abc = "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"
	sum := Sum([]byte("abc"))
	if got := hex.EncodeToString(sum[:]); got != abc {
		t.Errorf("Sum(abc) = %s, want %s", got, abc)
	}
	h := New()
	h.Write([]byte("a"))
	h.Write([]byte("bc"))
	if got := hex.EncodeToString(h.Sum(nil)); got != abc {
		t.Errorf("New then a, bc = %s, want %s", got, abc)
	}
}
