package generator

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFile writes, replaces a longer file whole, and names the file it could not write.
func TestWriteFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "index.html")
	for _, want := range []string{strings.Repeat("长", 50000), "短", ""} {
		if err := writeFile(p, []byte(want)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != want {
			t.Fatalf("read back %d bytes (%v), wrote %d", len(got), err, len(want))
		}
		if info, _ := os.Stat(p); info.Mode().Perm()&0o644 != 0o644 {
			t.Errorf("mode %v", info.Mode())
		}
	}
	missing := filepath.Join(t.TempDir(), "no", "index.html")
	var pe *fs.PathError
	if err := writeFile(missing, []byte("x")); !errors.As(err, &pe) || pe.Path != missing || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("writing into a missing folder: %v", err)
	}
}
