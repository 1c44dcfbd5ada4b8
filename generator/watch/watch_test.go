package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
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

// TestBurstsAreBatched: every path of a burst of real writes arrives, each batch
// sorted and without repeats. How the burst is cut into batches depends on the
// machine's timing; TestBatcher checks the cutting itself on a clock of its own.
func TestBurstsAreBatched(t *testing.T) {
	h := start(t)
	for i := range 200 {
		h.write("burst/f"+string(rune('a'+i%26))+".md", strings.Repeat("x", i))
	}
	seen := map[string]bool{}
	for len(seen) < 27 {
		var b Batch
		select {
		case b = <-h.batches:
		case <-time.After(10 * time.Second):
			t.Fatalf("等了 10 秒，只收到 %d 个路径：%v", len(seen), seen)
		}
		if !slices.IsSorted(b.Paths) || len(slices.Compact(slices.Clone(b.Paths))) != len(b.Paths) {
			t.Errorf("批次未排序或有重复：%v", b.Paths)
		}
		for _, p := range b.Paths {
			seen[p] = true
		}
	}
	if !seen["burst"] || !seen["burst/fz.md"] {
		t.Errorf("缺少路径：%v", seen)
	}
}

// TestBatcher cuts event streams into batches at given times: a batch closes Quiet
// after its last event or Max after its first, whichever comes first.
func TestBatcher(t *testing.T) {
	opt := Options{Quiet: 10 * time.Millisecond, Max: 50 * time.Millisecond}
	ms := func(n float64) time.Duration { return time.Duration(n * float64(time.Millisecond)) }
	tests := []struct {
		name   string
		events []time.Duration // times of the events, one path each (f0, f1, …)
		want   []int           // number of paths in each batch
	}{
		{"one", []time.Duration{0}, []int{1}},
		{"an editor's save", []time.Duration{0, ms(1), ms(2)}, []int{3}},
		{"a pause longer than Quiet", []time.Duration{0, ms(5), ms(16), ms(20)}, []int{2, 2}},
		{"a long burst is cut every Max", func() []time.Duration {
			var ev []time.Duration
			for i := range 200 {
				ev = append(ev, ms(float64(i)*0.6)) // 200 events over 120 ms
			}
			return ev
		}(), []int{84, 84, 32}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newBatcher(opt)
			t0 := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
			var got []int
			for i, at := range tc.events {
				now := t0.Add(at)
				// The loop flushes when the closing time passes before the next event.
				if i > 0 && !b.closes().After(now) {
					batch, _ := b.take()
					got = append(got, len(batch.Paths))
				}
				b.add("f"+strconv.Itoa(i), now)
			}
			if batch, ok := b.take(); ok {
				got = append(got, len(batch.Paths))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("batches of %v, want %v", got, tc.want)
			}
		})
	}
	b := newBatcher(opt)
	if _, ok := b.take(); ok {
		t.Error("an empty batcher gave a batch")
	}
	b.lost(time.Now())
	if batch, ok := b.take(); !ok || !batch.All {
		t.Errorf("lost events: %+v %v, want All", batch, ok)
	}
}

// TestNewFolderReportsWhatItHoldsAlready: a folder that arrives with files in it (copied
// or unpacked in one go, or written faster than the watcher adds the folder: CI's tmpfs
// lost 26 files of TestBurstsAreBatched that way) has its files and folders reported with
// it, since writing them made no event the watcher could see.
func TestNewFolderReportsWhatItHoldsAlready(t *testing.T) {
	root := t.TempDir()
	w, err := New(root, Options{Skip: func(rel string) bool { return rel == "public" || rel == "new/public" }})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, rel := range []string{"new/a.md", "new/sub/b.yaml", "new/.a.md.swp", "new/public/index.html"} {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	// The folder's own event, as fsnotify gives it once the folder exists with all that in it.
	got := w.event(fsnotify.Event{Name: filepath.Join(root, "new"), Op: fsnotify.Create})
	slices.Sort(got)
	if want := []string{"new", "new/a.md", "new/sub", "new/sub/b.yaml"}; !slices.Equal(got, want) {
		t.Errorf("reported %v, want %v", got, want)
	}
	if !w.watched[filepath.Join(root, "new", "sub")] || w.watched[filepath.Join(root, "new", "public")] {
		t.Errorf("watched folders: %v", w.watched)
	}
}
