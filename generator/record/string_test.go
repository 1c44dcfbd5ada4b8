package record

import (
	"bytes"
	"testing"
)

// FuzzStringReader: a StringReader of any bytes, read as any sequence of items, reads
// what a Reader of the same bytes reads, is damaged at the same read, and cuts what it
// gives from the string it reads. Run it for a bounded time:
//
//	go test ./generator/record -run - -fuzz FuzzStringReader -fuzztime 60s -parallel 1
func FuzzStringReader(f *testing.F) {
	f.Add(encode(sample), []byte("uuuuuuuvvvvvvvcc88fbbbssbuuuu"))
	f.Add([]byte{0x80, 0x80, 1, 3, 'a', 'b'}, []byte("ubuf"))
	f.Add(append(bytes.Repeat([]byte{0xff}, 9), 1), []byte("u"))
	f.Add(append(bytes.Repeat([]byte{0xff}, 9), 2), []byte("u"))
	f.Add(bytes.Repeat([]byte{0x80}, 12), []byte("vu"))
	f.Add([]byte{5, 'a', 'b'}, []byte("bu"))
	f.Add([]byte{1, 2, 3}, []byte("8c"))
	f.Fuzz(func(t *testing.T, data, ops []byte) {
		if len(ops) > 256 {
			ops = ops[:256]
		}
		src := string(data)
		r, s := NewReader(data), NewStringReader(src)
		for _, op := range ops {
			var want, got string
			var wantN, gotN uint64
			switch op % 6 {
			case 0:
				wantN, gotN = r.Uvarint(), s.Uvarint()
			case 1:
				wantN, gotN = uint64(r.Varint()), uint64(s.Varint())
			case 2:
				wantN, gotN = uint64(r.Byte()), uint64(s.Byte())
			case 3:
				wantN, gotN = r.Uint64(), s.Uint64()
			case 4:
				want, got = string(r.Fixed(int(op)-100)), s.Fixed(int(op)-100)
			case 5:
				want, got = string(r.Bytes()), s.String()
			}
			if want != got || wantN != gotN || r.Len() != s.Len() || (r.Err() == nil) != (s.Err() == nil) || (r.End() == nil) != (s.End() == nil) {
				t.Fatalf("op %q: StringReader read %d %q (%d left, %v), Reader %d %q (%d left, %v)", op, gotN, got, s.Len(), s.Err(), wantN, want, r.Len(), r.Err())
			}
			if at := len(src) - s.Len() - len(got); len(got) > 0 && got != src[at:at+len(got)] {
				t.Fatalf("op %q: %q is not what the record holds before what is left", op, got)
			}
		}
	})
}
