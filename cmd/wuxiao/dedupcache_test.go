package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestShardOverTheCeilingReadsAsEmpty: a shard file of the fingerprint cache that grew to a
// terabyte (sparse; the folder is the user's, and any tool may damage it) is read no
// further than dedup.MaxShardFile and a byte, counts as empty, and is written anew: the
// pairs are found as without a cache, in bounded time, and nothing is said of the cache.
func TestShardOverTheCeilingReadsAsEmpty(t *testing.T) {
	root := dupesTree(t)
	dir := t.TempDir()
	for i := range 256 {
		name := filepath.Join(dir, fmt.Sprintf("fp-%02x.bin", i))
		if err := os.WriteFile(name, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(name, 1<<40); err != nil {
			t.Skipf("this file system makes no sparse file of a terabyte: %v", err)
		}
	}
	start := time.Now()
	code, out, errs := run("dupes", "--root", root, "--cache", dir)
	if code != 0 || strings.Contains(errs, "缓存") {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
	if !strings.Contains(out, " 83%  疑似冒用  content/2023/submissions/energy-power/pidai-tiaopian.md") {
		t.Errorf("the pairs are not found:\n%s", out)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	rewritten := 0
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Size() < 1<<20 {
			rewritten++
		}
	}
	if rewritten == 0 {
		t.Errorf("no shard was written anew")
	}
}
