package award

import (
	"crypto/sha256"
	"strconv"
)

// crockford is Crockford's base32 alphabet: no I, L, O or U, so a number read aloud or
// typed from paper is not mistaken.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// CertificateNumber is the number printed on the certificate (荣誉证书) of submission id
// (<unit>/<slug>) awarded in year: WX, the year, and ten base32 characters of
// SHA-256("<year>/<id>"), e.g. WX2023-7K3QD-M8P2X. It depends on nothing but the year and the
// id, so it never changes when other results, the order or the layout change.
func CertificateNumber(year int, id string) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(year) + "/" + id))
	var bits uint64
	for _, b := range sum[:8] {
		bits = bits<<8 | uint64(b)
	}
	out := []byte("WX" + strconv.Itoa(year) + "-")
	for i := range 10 {
		if i == 5 {
			out = append(out, '-')
		}
		out = append(out, crockford[bits>>(64-5*(i+1))&31])
	}
	return string(out)
}
