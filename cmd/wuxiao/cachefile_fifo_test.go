//go:build unix

package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"wuxiao/generator/dedup"
	"wuxiao/generator/testtree"
)

// zeros is an endless file of zeros.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestShardReadIsBounded: a shard that goes on past what its stat said (a file grown
// since) is read no further than the bound and a byte, however much it holds, and one
// said to be larger not at all; one within the bound is read whole, into the buffer
// given when it has room. (ReadFileInto's bound is dedup.MaxShardFile, 64 MiB: the
// bound here is smaller, for the test's time.)
func TestShardReadIsBounded(t *testing.T) {
	const limit = 1 << 20
	for _, size := range []int64{0, 100, limit} {
		counted := &countingReader{r: zeros{}}
		data, err := readBounded(counted, size, nil, limit)
		if !errors.Is(err, dedup.ErrShardTooLarge) || counted.n > limit+1 {
			t.Errorf("stat said %d bytes: read %d bytes (%d from the file), %v; want dedup.ErrShardTooLarge", size, len(data), counted.n, err)
		}
	}
	if _, err := readBounded(&countingReader{r: zeros{}}, limit+1, nil, limit); !errors.Is(err, dedup.ErrShardTooLarge) {
		t.Errorf("a shard said larger than the bound: %v", err)
	}
	buf := make([]byte, 0, 1<<10)
	data, err := readBounded(strings.NewReader("指纹"), 6, buf, limit)
	if err != nil || string(data) != "指纹" || &data[0] != &buf[:1][0] {
		t.Errorf("read %q, %v (into the buffer given: %v)", data, err, err == nil && &data[0] == &buf[:1][0])
	}
}

// countingReader counts what it read.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestDirStoreFIFOIsNoFile: a FIFO in the fingerprint cache's folder, with no writer at
// its other end, is no shard file, at once (fs.ErrNotExist: the shard counts as empty
// and is written anew); opened to be read, it kept wuxiao check waiting for ever.
func TestDirStoreFIFOIsNoFile(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fp-00.bin"), 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := dirStore(dir).ReadFileInto("fp-00.bin", nil)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a FIFO read as a shard: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("still waiting after a minute for a FIFO's writer")
	}
	if err := dirStore(dir).WriteFile("fp-00.bin", []byte("新")); err != nil {
		t.Fatal(err)
	}
	if data, err := dirStore(dir).ReadFile("fp-00.bin"); err != nil || string(data) != "新" {
		t.Errorf("written over the FIFO and read back: %q, %v", data, err)
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

// TestAwardWriteFIFO: wuxiao award --write with a FIFO in results.yaml's place (no
// writer at its other end) refuses at once, saying what is wrong, and leaves it there;
// it read the FIFO and waited for ever.
func TestAwardWriteFIFO(t *testing.T) {
	root := testtree.Write(t, nil)
	p := filepath.Join(root, filepath.FromSlash(resultsRel))
	os.Remove(p)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	type ran struct {
		code      int
		out, errs string
	}
	done := make(chan ran, 1)
	go func() {
		code, out, errs := run("award", "--year", "2023", "--root", root, "--now", "2024-06-01", "--write")
		done <- ran{code, out, errs}
	}()
	select {
	case r := <-done:
		if r.code == ExitOK || !strings.Contains(r.errs, "不是普通文件") {
			t.Errorf("exit %d\n%s%s", r.code, r.out, r.errs)
		}
	case <-time.After(time.Minute):
		t.Fatal("still waiting after a minute for the FIFO's writer")
	}
	if info, err := os.Lstat(p); err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO is no longer there: %v, %v", info, err)
	}
}
