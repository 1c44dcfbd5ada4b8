//go:build unix

package main

import (
	"bytes"
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

// TestBuildCacheFIFOIsAMiss: a FIFO, or a device, at a build cache entry's place (nothing
// this program writes) is a miss at once, by Get, GetInto and GetString alike, with no
// writer at its other end: opened without O_NONBLOCK it would wait for one forever, and
// so would every build through the cache.
func TestBuildCacheFIFOIsAMiss(t *testing.T) {
	c := &buildCache{dir: t.TempDir(), used: map[string]bool{}}
	c.Put("page-fifo", []byte("placeholder"))
	if err := os.Remove(c.path("page-fifo")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(c.path("page-fifo"), 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	c.Put("page-null", []byte("placeholder"))
	os.Remove(c.path("page-null"))
	if err := os.Symlink("/dev/null", c.path("page-null")); err != nil {
		t.Fatal(err)
	}
	done := make(chan []string, 1)
	go func() {
		var read []string
		var buf bytes.Buffer
		for _, key := range []string{"page-fifo", "page-null"} {
			if _, ok := c.Get(key); ok {
				read = append(read, key+" by Get")
			}
			if _, ok := c.GetInto(key, &buf); ok {
				read = append(read, key+" by GetInto")
			}
			if _, ok := c.GetString(key); ok {
				read = append(read, key+" by GetString")
			}
		}
		done <- read
	}()
	select {
	case read := <-done:
		if len(read) > 0 {
			t.Errorf("read as entries: %v", read)
		}
	case <-time.After(time.Minute):
		t.Fatal("still waiting after a minute for a FIFO at an entry's place")
	}
}
