package render

// crc32Combine is the CRC-32 (IEEE) of two byte strings joined, from crc1 of the first,
// crc2 of the second and the second's length: zlib's crc32_combine (multiplication
// modulo the polynomial, by x to the power of 8·len2), so that a .docx part assembled
// from pieces deflated at different times is checked without reading the pieces again.
func crc32Combine(crc1, crc2 uint32, len2 int64) uint32 {
	return multModP(xPow8n(len2), crc1) ^ crc2
}

// crcPoly is the IEEE polynomial, reflected (bit 31 is x^0).
const crcPoly = 0xedb88320

// multModP is a·b modulo the polynomial, both reflected.
func multModP(a, b uint32) uint32 {
	var p uint32
	for m := uint32(1) << 31; m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
		}
		if b&1 != 0 {
			b = b>>1 ^ crcPoly
		} else {
			b >>= 1
		}
	}
	return p
}

// xPow8n is x^(8n) modulo the polynomial: x^(2^k) squared up from x^8, taken for each
// bit of n.
func xPow8n(n int64) uint32 {
	p := uint32(1) << 31        // x^0
	sq := uint32(1) << (31 - 8) // x^8
	for ; n > 0; n >>= 1 {
		if n&1 != 0 {
			p = multModP(sq, p)
		}
		sq = multModP(sq, sq)
	}
	return p
}
