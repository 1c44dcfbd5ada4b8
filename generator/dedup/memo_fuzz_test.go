package dedup

import (
	"reflect"
	"slices"
	"testing"
)

// FuzzMemoBytes: any bytes read as a saved memo give a memo or an error, in bounded time,
// never a panic; a memo refused is empty, and a run through it finds the pairs a run
// without one finds.
func FuzzMemoBytes(f *testing.F) {
	c := buildEval(5, 2, 1)
	memo := NewMemo()
	want, err := Find(c.docs, Options{Memo: memo})
	if err != nil || len(want) == 0 {
		f.Fatalf("%v, %d pairs", err, len(want))
	}
	data, err := memo.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	for i := 0; i < len(data); i += len(data)/64 + 1 {
		bad := slices.Clone(data)
		bad[i] ^= 0xff
		f.Add(bad)
		f.Add(data[:i])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m := NewMemo()
		if err := m.UnmarshalBinary(b); err != nil {
			if m.last != nil {
				t.Fatalf("refused (%v) but not empty", err)
			}
			if got, _ := Find(c.docs, Options{Memo: m}); !reflect.DeepEqual(got, want) {
				t.Fatal("pairs differ after a refused memo")
			}
			return
		}
		Find(c.docs, Options{Memo: m}) // a memo read whole: the run ends, whatever it finds
	})
}
