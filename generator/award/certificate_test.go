package award

import (
	"regexp"
	"strconv"
	"testing"
)

func TestCertificateNumber(t *testing.T) {
	a := CertificateNumber(2023, "kuangqu-mine1/pidai-jiupian")
	if !regexp.MustCompile(`^WX2023-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$`).MatchString(a) {
		t.Fatalf("bad form: %s", a)
	}
	if a != CertificateNumber(2023, "kuangqu-mine1/pidai-jiupian") {
		t.Error("not stable")
	}
	if a == CertificateNumber(2024, "kuangqu-mine1/pidai-jiupian") || a == CertificateNumber(2023, "kuangqu-mine1/pidai-jiupia") {
		t.Error("different results should get different numbers")
	}
	seen := map[string]bool{}
	for i := range 20000 {
		n := CertificateNumber(2023, "u/s"+strconv.Itoa(i))
		if seen[n] {
			t.Fatalf("collision at %d: %s", i, n)
		}
		seen[n] = true
	}
}
