//go:build unix

package main

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"wuxiao/generator/dedup"
)

// TestDirStoreStopsAnEndlessFile: a shard that says it is empty when asked (a FIFO here;
// a file grown after its stat likewise) is read no further than dedup.MaxShardFile and a
// byte, however much it holds.
func TestDirStoreStopsAnEndlessFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "fp-00.bin")
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	go func() { // zeros until the reader closes its end
		w, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		zeros := make([]byte, 1<<20)
		for {
			if _, err := w.Write(zeros); err != nil {
				return
			}
		}
	}()
	start := time.Now()
	data, err := dirStore(dir).ReadFileInto("fp-00.bin", nil)
	if !errors.Is(err, dedup.ErrShardTooLarge) {
		t.Errorf("read %d bytes, %v; want dedup.ErrShardTooLarge", len(data), err)
	}
	// The bound is what is tested, not the speed: 64 MiB through a pipe of 64 KiB took
	// 1.7 s alone and 5.7 s beside the other packages' tests; without the bound the read
	// never ends (or runs out of memory).
	if d := time.Since(start); d > time.Minute {
		t.Errorf("took %v", d)
	}
}
