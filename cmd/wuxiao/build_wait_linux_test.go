//go:build linux

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"wuxiao/generator/testtree"
)

// TestBuildSaysItWaits: wuxiao build, finding another build at work in its output's
// folder, says on stderr that it waits for it, and builds once the other is done,
// rather than sit silent.
func TestBuildSaysItWaits(t *testing.T) {
	root := testtree.Write(t, nil)
	parent := t.TempDir()
	other, err := os.Open(parent)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := syscall.Flock(int(other.Fd()), syscall.LOCK_EX); err != nil { // another build's lock
		t.Fatal(err)
	}
	stderr := &markWriter{mark: "另一次构建正在 " + parent, seen: make(chan struct{})}
	var stdout bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- (&Main{Stdout: &stdout, Stderr: stderr, Getenv: os.Getenv}).Run([]string{"build", "--root", root, "--out", filepath.Join(parent, "public"), "--now", "2026-11-25"})
	}()
	select {
	case <-stderr.seen:
	case code := <-done:
		t.Fatalf("exit %d without waiting\n%s", code, stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("nothing said after 20 s: %q", stderr.String())
	}
	syscall.Flock(int(other.Fd()), syscall.LOCK_UN)
	select {
	case code := <-done:
		if code != ExitOK || !strings.Contains(stderr.String(), "个页面") {
			t.Fatalf("exit %d once the other was done\n%s", code, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no build once the other was done")
	}
}

// markWriter keeps what is written to it and closes seen once it holds mark.
type markWriter struct {
	mu   sync.Mutex
	b    bytes.Buffer
	mark string
	seen chan struct{}
	once sync.Once
}

func (w *markWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	if strings.Contains(w.b.String(), w.mark) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

func (w *markWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
