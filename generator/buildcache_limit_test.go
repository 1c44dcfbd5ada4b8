package generator

import (
	"os"
	"path/filepath"
	"testing"

	"wuxiao/generator/content"
)

// TestSumFSReadsNoFurtherThanAsked: the build's summing file system reads a file that grew
// to a terabyte since the walk no further than the loader's limit plus one byte, and keeps
// no sum for what it cut (that hash is not the file's); a file within the limit is read
// whole and its sum kept. The read took the whole terabyte into memory before.
func TestSumFSReadsNoFurtherThanAsked(t *testing.T) {
	root := t.TempDir()
	big := filepath.Join(root, "units.yaml")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 1<<40); err != nil {
		t.Skipf("this file system makes no sparse file of a terabyte: %v", err)
	}
	if err := os.WriteFile(filepath.Join(root, "site.yaml"), []byte("title: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newSumFS(content.DirFS(root))
	data, _, err := s.ReadFileSum("units.yaml", content.MaxYAML)
	if err != nil || len(data) != content.MaxYAML+1 {
		t.Fatalf("ReadFileSum gave %d bytes (%v), want %d", len(data), err, content.MaxYAML+1)
	}
	if data, err := s.ReadFileLimit("units.yaml", 10); err != nil || len(data) != 11 {
		t.Fatalf("ReadFileLimit gave %d bytes (%v), want 11", len(data), err)
	}
	if _, ok := s.sum("units.yaml"); ok {
		t.Error("a sum kept for a file read only in part")
	}
	if data, _, err := s.ReadFileSum("site.yaml", content.MaxYAML); err != nil || string(data) != "title: x\n" {
		t.Fatalf("ReadFileSum gave %q (%v)", data, err)
	}
	if _, ok := s.sum("site.yaml"); !ok {
		t.Error("no sum kept for a file read whole")
	}
}
