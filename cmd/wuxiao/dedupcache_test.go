package main

import (
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
)

// TestDirStoreReadFileInto: the folder's ReadFileInto reads each file whole into the one
// buffer it is given from file to file (smaller, larger, empty), as ReadFile reads it, and
// a missing file is fs.ErrNotExist.
func TestDirStoreReadFileInto(t *testing.T) {
	d := dirStore(filepath.Join(t.TempDir(), "dedup"))
	var buf []byte
	for i, size := range []int{5000, 10, 300000, 0, 4096, 4097, 70000} {
		want := bytes.Repeat([]byte{byte('a' + i)}, size)
		name := "fp-0" + string(rune('0'+i)) + ".bin"
		if err := d.WriteFile(name, want); err != nil {
			t.Fatal(err)
		}
		got, err := d.ReadFileInto(name, buf)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("file of %d bytes: %v, read %d bytes, equal %v", size, err, len(got), bytes.Equal(got, want))
		}
		buf = got
	}
	if _, err := d.ReadFileInto("fp-ff.bin", buf); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a missing file: %v", err)
	}
}
