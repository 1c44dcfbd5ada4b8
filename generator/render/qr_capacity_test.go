package render

import (
	"bytes"
	"strings"
	"testing"

	"rsc.io/qr"
	"rsc.io/qr/coding"
)

// TestQRCapacityMatches: at the most characters each version holds at level M in each
// mode, and one more, qrEncode draws the code qr.Encode draws: where the data fills the
// version to its last bit, the end's four zeros are cut short or left out, and one more
// character takes the next version (or none past 40). TestQREncodeMatches draws lengths
// at random steps, which pass most of these edges.
func TestQRCapacityMatches(t *testing.T) {
	for _, m := range []struct {
		name, unit string
		enc        func(string) coding.Encoding
	}{
		{"numeric", "7", func(s string) coding.Encoding { return coding.Num(s) }},
		{"alphanumeric", "A", func(s string) coding.Encoding { return coding.Alpha(s) }},
		{"bytes", "x", func(s string) coding.Encoding { return coding.String(s) }},
		{"bytes of Chinese", "证", func(s string) coding.Encoding { return coding.String(s) }},
	} {
		n := 0 // the most units version v holds
		for v := coding.Version(coding.MinVersion); v <= coding.MaxVersion; v++ {
			for m.enc(strings.Repeat(m.unit, n+1)).Bits(v) <= v.DataBytes(coding.M)*8 {
				n++
			}
			for _, k := range []int{n, n + 1} {
				text := strings.Repeat(m.unit, k)
				want, werr := qr.Encode(text, qr.M)
				got, gerr := qrEncode(text)
				if (werr == nil) != (gerr == nil) {
					t.Fatalf("%s, %d units (version %d holds %d): qrEncode error %v, qr.Encode's %v", m.name, k, v, n, gerr, werr)
				}
				if werr != nil {
					continue
				}
				if got.Size != want.Size || !bytes.Equal(got.Bitmap, want.Bitmap) {
					t.Fatalf("%s, %d units (version %d holds %d): qrEncode draws another code (%d modules, qr.Encode %d)", m.name, k, v, n, got.Size, want.Size)
				}
				if l, data, _ := qrCodewords(text); !bytes.Equal(l.drawRows(data), qrRows(want)) {
					t.Fatalf("%s, %d units (version %d holds %d): drawRows draws other rows than qrRows of qr.Encode's code", m.name, k, v, n)
				}
			}
		}
	}
}
