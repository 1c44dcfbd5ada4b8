package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestLineIndexDamaged: a year file's line index is read back as kept; any prefix of it,
// another base, or a line placed outside the file or over the one before is refused; and
// whatever byte is flipped, what is read places every line inside the file, each after
// the one before.
func TestLineIndexDamaged(t *testing.T) {
	src := filepath.Join(t.TempDir(), "2023.json")
	if err := os.WriteFile(src, make([]byte, 4000), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x := newLineIndex("base", 30)
	for i := range 30 {
		x.add(fmt.Sprintf("2023/results/u%d/s%d/", i, i), fmt.Sprintf("%064x", i), int64(10+i*100), 98)
	}
	data := x.encode()
	got := readLineIndex(data, "base", f)
	if got == nil || len(got.lines) != 30 || string(got.lines[7].url) != "2023/results/u7/s7/" || got.lines[29].off != 2910 {
		t.Fatalf("read back %+v", got)
	}
	if off, n, ok := got.find("2023/results/u7/s7/", fmt.Sprintf("%064x", 7)); !ok || off != 710 || n != 98 {
		t.Errorf("find: %d, %d, %v", off, n, ok)
	}
	if _, _, ok := got.find("2023/results/u7/s7/", fmt.Sprintf("%064x", 8)); ok {
		t.Error("a line found under another sum")
	}
	if readLineIndex(data, "other", f) != nil {
		t.Error("an index of another base was read")
	}
	for n := range len(data) {
		if readLineIndex(data[:n], "base", f) != nil {
			t.Errorf("%d bytes of %d read as an index", n, len(data))
		}
	}
	for _, bad := range []struct {
		what   string
		off, n int64
	}{{"past the end", 3950, 98}, {"over the one before", 2850, 98}, {"empty", 3100, 0}} {
		y := newLineIndex("base", 31)
		y.lines = append(y.lines, x.lines...)
		y.add("2023/results/x/", fmt.Sprintf("%064x", 99), bad.off, bad.n)
		if readLineIndex(y.encode(), "base", f) != nil {
			t.Errorf("a line %s was read", bad.what)
		}
	}
	for i := range data {
		for _, bit := range []byte{1, 0x80} {
			d := append([]byte(nil), data...)
			d[i] ^= bit
			if got := readLineIndex(d, "base", f); got != nil {
				end := int64(0)
				for _, l := range got.lines {
					if l.off < end || l.off+l.n > 4000 {
						t.Fatalf("byte %d flipped: a line at [%d, +%d)", i, l.off, l.n)
					}
					end = l.off + l.n
				}
			}
		}
	}
}
