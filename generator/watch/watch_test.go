package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// harness runs a watcher on a temporary folder and collects its batches.
type harness struct {
	t       *testing.T
	root    string
	batches chan Batch
}

func start(t *testing.T) *harness {
	root := t.TempDir()
	w, err := New(root, Options{Skip: func(rel string) bool { return rel == "public" }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t, root, make(chan Batch, 100)}
	done := make(chan error)
	go func() { done <- w.Run(ctx, h.batches) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		w.Close()
	})
	return h
}

func (h *harness) write(rel, text string) {
	h.t.Helper()
	p := filepath.Join(h.root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) rename(from, to string) {
	h.t.Helper()
	if err := os.Rename(filepath.Join(h.root, from), filepath.Join(h.root, to)); err != nil {
		h.t.Fatal(err)
	}
}

// expect waits for the next batch and checks that it holds want (and nothing under skipped).
func (h *harness) expect(want ...string) Batch {
	h.t.Helper()
	select {
	case b := <-h.batches:
		for _, w := range want {
			if !slices.Contains(b.Paths, w) {
				h.t.Errorf("批次 %v 中没有 %s", b.Paths, w)
			}
		}
		for _, p := range b.Paths {
			if strings.HasPrefix(p, "public/") || strings.HasPrefix(filepath.Base(p), ".") {
				h.t.Errorf("批次中不应有 %s", p)
			}
		}
		return b
	case <-time.After(2 * time.Second):
		h.t.Fatalf("等不到包含 %v 的批次", want)
	}
	return Batch{}
}

func (h *harness) quiet() {
	h.t.Helper()
	select {
	case b := <-h.batches:
		h.t.Errorf("不应有批次：%v", b)
	case <-time.After(150 * time.Millisecond):
	}
}

func TestWatch(t *testing.T) {
	h := start(t)
	h.write("a.md", "1")
	h.expect("a.md")

	h.write("new/sub/b.md", "1") // a new folder: reported at once, then watched
	h.expect("new")
	h.write("new/sub/b.md", "2")
	h.expect("new/sub/b.md")

	h.write(".a.md.swp", "2") // an editor's save: write a temporary file, rename it over
	h.rename(".a.md.swp", "a.md")
	h.expect("a.md")

	h.rename("new", "moved") // a moved folder is followed under its new name
	h.expect("new", "moved")
	h.write("moved/sub/b.md", "3")
	if b := h.expect("moved/sub/b.md"); slices.Contains(b.Paths, "new/sub/b.md") {
		t.Errorf("旧名仍在报告：%v", b.Paths)
	}

	if err := os.Remove(filepath.Join(h.root, "a.md")); err != nil {
		t.Fatal(err)
	}
	h.expect("a.md")

	h.write("public/index.html", "x") // skipped folders stay silent
	h.write("public/index.html", "y")
	h.quiet()
}

func TestBurstsAreBatched(t *testing.T) {
	h := start(t)
	start := time.Now()
	for i := range 200 {
		h.write("burst/f"+string(rune('a'+i%26))+".md", strings.Repeat("x", i))
		time.Sleep(time.Millisecond / 2)
	}
	wrote := time.Since(start)
	n, seen := 0, map[string]bool{}
	for {
		var b Batch
		select {
		case b = <-h.batches:
		case <-time.After(300 * time.Millisecond):
		}
		if b.Paths == nil {
			break
		}
		n++
		for _, p := range b.Paths {
			seen[p] = true
		}
	}
	if max := int(wrote/(50*time.Millisecond)) + 2; n < 2 || n > max || len(seen) != 27 {
		t.Errorf("200 次写入分成了 %d 批，涉及 %d 个路径", n, len(seen))
	}
	t.Logf("200 次写入（用时 %v）分成了 %d 批", wrote.Round(time.Millisecond), n)
}
