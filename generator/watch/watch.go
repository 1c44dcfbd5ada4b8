// Package watch reports changes under a folder tree in batches, following folders as they appear, move and go.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options tune a Watcher; zero values take the defaults.
type Options struct {
	// Quiet closes a batch once no event came for this long (default 10 ms): an editor's
	// save (write a temporary file, rename it over the old one) arrives within it.
	Quiet time.Duration
	// Max closes a batch this long after its first event even if events keep coming
	// (default 50 ms), so that a long burst (a git checkout) still shows progress.
	Max time.Duration
	// Skip names folders not to watch, by their root-relative slash path; dot-folders
	// are always skipped.
	Skip func(rel string) bool
}

// Batch is one set of changes: root-relative slash paths of files or folders that were
// created, written, renamed or removed, sorted, each once. All means events were lost
// (the kernel's queue overflowed): look at everything again.
type Batch struct {
	Paths []string
	All   bool
}

// Watcher watches every folder under a root.
type Watcher struct {
	fw      *fsnotify.Watcher
	root    string
	opt     Options
	watched map[string]bool // absolute folder paths
}

// New starts watching root and every folder under it.
func New(root string, opt Options) (*Watcher, error) {
	if opt.Quiet <= 0 {
		opt.Quiet = 10 * time.Millisecond
	}
	if opt.Max <= 0 {
		opt.Max = 50 * time.Millisecond
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, err
	}
	w := &Watcher{fw: fw, root: abs, opt: opt, watched: map[string]bool{}}
	if err := w.addTree(abs, nil); err != nil {
		fw.Close()
		return nil, err
	}
	return w, nil
}

// Close stops watching.
func (w *Watcher) Close() error { return w.fw.Close() }

// skip tells whether the folder at abs is not to be watched.
func (w *Watcher) skip(abs string) bool {
	if abs == w.root {
		return false
	}
	if strings.HasPrefix(filepath.Base(abs), ".") {
		return true
	}
	rel, err := filepath.Rel(w.root, abs)
	return err != nil || w.opt.Skip != nil && w.opt.Skip(filepath.ToSlash(rel))
}

// addTree watches dir and every folder under it; found, when set, is told of each file
// and folder under dir, which may have come before its folder was watched.
func (w *Watcher) addTree(dir string, found func(p string)) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone again meanwhile
			}
			return err
		}
		if d.IsDir() && w.skip(p) {
			return filepath.SkipDir
		}
		if found != nil && p != dir {
			found(p)
		}
		if !d.IsDir() {
			return nil
		}
		if w.watched[p] {
			return nil
		}
		if err := w.fw.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			return err
		}
		w.watched[p] = true
		return nil
	})
}

// forget stops watching dir and the folders under it (after it was moved or removed).
func (w *Watcher) forget(dir string) {
	for p := range w.watched {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			_ = w.fw.Remove(p)
			delete(w.watched, p)
		}
	}
}

// Run sends batches until ctx ends; errors that stop the watching go to the returned error.
func (w *Watcher) Run(ctx context.Context, batches chan<- Batch) error {
	bt := newBatcher(w.opt)
	var due <-chan time.Time // the pending batch's closing time, nil when none
	flush := func() {
		due = nil
		b, ok := bt.take()
		if !ok {
			return
		}
		select {
		case batches <- b:
		case <-ctx.Done():
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fw.Events:
			if !ok {
				return nil
			}
			changed := w.event(ev)
			if len(changed) == 0 {
				continue
			}
			for _, rel := range changed {
				bt.add(rel, time.Now())
			}
			due = time.After(time.Until(bt.closes()))
		case err, ok := <-w.fw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				bt.lost(time.Now())
				due = time.After(time.Until(bt.closes()))
				continue
			}
			return err
		case now := <-due:
			if bt.closes().After(now) { // a later event moved the closing time
				due = time.After(bt.closes().Sub(now))
				continue
			}
			flush()
		}
	}
}

// batcher gathers paths into a batch that closes Quiet after its last event or Max
// after its first, whichever is sooner. It reads no clock: the times come with the events.
type batcher struct {
	opt         Options
	pending     map[string]bool
	all         bool
	first, last time.Time
}

func newBatcher(opt Options) *batcher { return &batcher{opt: opt, pending: map[string]bool{}} }

// add records a change of rel at time now.
func (b *batcher) add(rel string, now time.Time) {
	b.mark(now)
	b.pending[rel] = true
}

// lost records that events were lost at time now: the batch says look at everything.
func (b *batcher) lost(now time.Time) {
	b.mark(now)
	b.all = true
}

func (b *batcher) mark(now time.Time) {
	if len(b.pending) == 0 && !b.all {
		b.first = now
	}
	b.last = now
}

// closes is when the pending batch is due.
func (b *batcher) closes() time.Time {
	q, m := b.last.Add(b.opt.Quiet), b.first.Add(b.opt.Max)
	if m.Before(q) {
		return m
	}
	return q
}

// take returns the pending batch, sorted, and starts a new one; false when there is none.
func (b *batcher) take() (Batch, bool) {
	if len(b.pending) == 0 && !b.all {
		return Batch{}, false
	}
	out := Batch{All: b.all}
	for p := range b.pending {
		out.Paths = append(out.Paths, p)
	}
	sort.Strings(out.Paths)
	b.pending, b.all = map[string]bool{}, false
	return out, true
}

// event follows folders as they come and go and returns the root-relative paths ev
// changed: its own, and for a new folder what is in it already (files written into it
// before it was watched make no event of their own); none when it is of no interest
// (attribute changes, skipped folders, editors' temporary files).
func (w *Watcher) event(ev fsnotify.Event) []string {
	if ev.Op == fsnotify.Chmod {
		return nil
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forget(ev.Name)
	}
	changed := []string{ev.Name}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			if w.skip(ev.Name) {
				return nil
			}
			// a folder that fails to be watched is still reported
			_ = w.addTree(ev.Name, func(p string) { changed = append(changed, p) })
		}
	}
	var out []string
	for _, p := range changed {
		if rel, ok := w.relevant(p); ok {
			out = append(out, rel)
		}
	}
	return out
}

// relevant is the root-relative path of p, or false when p is of no interest.
func (w *Watcher) relevant(p string) (string, bool) {
	rel, err := filepath.Rel(w.root, p)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", false
	}
	if base := filepath.Base(rel); strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") {
		return "", false // editors' temporary and backup files
	}
	rel = filepath.ToSlash(rel)
	for dir := filepath.Dir(p); dir != w.root && len(dir) > len(w.root); dir = filepath.Dir(dir) {
		if w.skip(dir) {
			return "", false
		}
	}
	return rel, true
}
