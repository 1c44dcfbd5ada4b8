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
	if err := w.addTree(abs); err != nil {
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

// addTree watches dir and every folder under it.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone again meanwhile
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if w.skip(p) {
			return filepath.SkipDir
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
	pending := map[string]bool{}
	all := false
	var quiet, deadline <-chan time.Time
	var first time.Time
	flush := func() {
		if len(pending) == 0 && !all {
			return
		}
		b := Batch{All: all}
		for p := range pending {
			b.Paths = append(b.Paths, p)
		}
		sort.Strings(b.Paths)
		pending, all, quiet, deadline = map[string]bool{}, false, nil, nil
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
			rel, relevant := w.event(ev)
			if !relevant {
				continue
			}
			pending[rel] = true
			if quiet == nil && deadline == nil {
				first = time.Now()
				deadline = time.After(w.opt.Max)
			}
			quiet = time.After(min(w.opt.Quiet, w.opt.Max-time.Since(first)))
		case err, ok := <-w.fw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				all = true
				quiet = time.After(w.opt.Quiet)
				continue
			}
			return err
		case <-quiet:
			flush()
		case <-deadline:
			flush()
		}
	}
}

// event follows folders as they come and go and returns the root-relative path of ev,
// or false when it is of no interest (attribute changes, skipped folders).
func (w *Watcher) event(ev fsnotify.Event) (string, bool) {
	if ev.Op == fsnotify.Chmod {
		return "", false
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forget(ev.Name)
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			if w.skip(ev.Name) {
				return "", false
			}
			_ = w.addTree(ev.Name) // a folder that fails to be watched is still reported
		}
	}
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", false
	}
	if base := filepath.Base(rel); strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") {
		return "", false // editors' temporary and backup files
	}
	rel = filepath.ToSlash(rel)
	for dir := filepath.Dir(ev.Name); dir != w.root && len(dir) > len(w.root); dir = filepath.Dir(dir) {
		if w.skip(dir) {
			return "", false
		}
	}
	return rel, true
}
