// Package digest is the hash the build names content by in its caches and keys:
// BLAKE2b-256, as hard to collide as SHA-256 and three times as fast on processors
// without SHA instructions (the 2-core Xeon of this project's measurements: 540 against
// 171 MB/s on 300-byte keys, 770 against 240 MB/s on 7 MB files).
package digest

import (
	"hash"

	"golang.org/x/crypto/blake2b"
)

// Size is the length of a digest in bytes.
const Size = 32

// Sum is the digest of data.
func Sum(data []byte) [Size]byte { return blake2b.Sum256(data) }

// New is a hash.Hash making digests.
func New() hash.Hash {
	h, err := blake2b.New256(nil)
	if err != nil { // only a key longer than 64 bytes is refused
		panic(err)
	}
	return h
}
