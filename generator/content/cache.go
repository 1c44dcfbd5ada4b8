package content

import (
	"errors"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"wuxiao/generator/diag"
)

// Cache keeps every parsed file of a tree between loads, so that a reload after a change
// reads and parses only what changed. A Cache is not safe for concurrent use.
type Cache struct {
	fsys  fs.FS
	files map[string]*cached
	found map[string]bool    // the cached files with findings of their own, which diags gathers
	last  *Tree              // the tree the last reload returned; nil before one
	was   map[string]*cached // what the reload under way replaced or dropped, by path (nil: not cached)
	// changes is what the last reload of given paths changed (Changes); nil after a
	// reload of every file.
	changes []Change
}

// Change is a file the last reload parsed again, found new or dropped: its parsed value
// before and now (nil when it had none: absent, unparsed, misplaced, refused), the
// value a tree holds but for a registry's list, which each tree copies.
type Change struct {
	Path     string
	Place    Place
	Old, New any
}

// Changes is what the last reload changed, when it was a reload of given paths (ok);
// after a reload of every file, or a failed one, ok is false.
func (c *Cache) Changes() (changes []Change, ok bool) { return c.changes, c.changes != nil }

// cached is one file as the last load found it.
type cached struct {
	place Place
	size  int64
	mod   time.Time
	skip  bool // misplaced: listed in Files but not loaded
	// refused is a link or special file, dir an unreadable folder: neither is in Files.
	refused, dir bool
	out          parsed // the decoded value and the file's own findings (syntax, schema, path)
}

// NewCache starts an empty cache of the tree in fsys (the folder holding content/).
func NewCache(fsys fs.FS) *Cache {
	return &Cache{fsys: fsys, files: map[string]*cached{}, found: map[string]bool{}}
}

// Reload brings the cache up to date and returns the tree, as Load would. With changed
// nil it looks at every file, parsing only those whose size or time changed; otherwise it
// looks only at the given root-relative paths: files (always parsed again) or folders
// (walked like the whole tree), new, changed or gone.
// The values of unchanged files are shared between the trees of successive loads.
func (c *Cache) Reload(changed []string) (*Tree, *diag.List, error) {
	c.was, c.changes = map[string]*cached{}, nil
	if info, err := fs.Stat(c.fsys, "content"); err != nil || !info.IsDir() {
		c.files, c.found, c.last = map[string]*cached{}, map[string]bool{}, nil
		return nil, &diag.List{}, ErrNoContent
	}
	all := changed == nil
	if all {
		changed = []string{"content"}
	}
	for _, p := range changed {
		if p != "content" && !strings.HasPrefix(p, "content/") {
			continue
		}
		if err := c.refresh(p); err != nil {
			c.last = nil
			return nil, &diag.List{}, err
		}
	}
	tree := c.patched() // cache_patch.go: the usual edit, an existing submission's text
	if all || tree == nil {
		tree = c.tree()
	}
	if !all {
		c.changes = make([]Change, 0, len(c.was))
		for p, old := range c.was {
			now := c.files[p]
			c.changes = append(c.changes, Change{Path: p, Place: Classify(p), Old: treeValue(old), New: treeValue(now)})
		}
	}
	c.last, c.was = tree, nil // the values replaced are not kept past the reload
	return tree, c.diags(), nil
}

// treeValue is the value f adds to a tree: nil for none.
func treeValue(f *cached) any {
	if f == nil || f.refused || f.dir || f.skip {
		return nil
	}
	return f.out.value
}

// set caches f as path q, noting what it replaces.
func (c *Cache) set(q string, f *cached) {
	c.note(q)
	c.files[q] = f
	if f.out.diags.Len() > 0 {
		c.found[q] = true
	} else {
		delete(c.found, q)
	}
}

// drop forgets path q, noting what it was: nothing when it was not cached (an editor's
// temporary file come and gone changes nothing).
func (c *Cache) drop(q string) {
	if _, ok := c.files[q]; ok {
		c.note(q)
		delete(c.files, q)
		delete(c.found, q)
	}
}

// note keeps what path q was before the reload under way, the first time it changes.
func (c *Cache) note(q string) {
	if _, ok := c.was[q]; !ok {
		c.was[q] = c.files[q]
	}
}

// refresh re-examines one path, dropping what is gone and walking folders.
func (c *Cache) refresh(p string) error {
	info, err := fs.Stat(c.fsys, p)
	if err == nil && !spelt(c.fsys, p) {
		err = &fs.PathError{Op: "stat", Path: p, Err: fs.ErrNotExist}
	}
	if f, isFile := c.files[p]; (err != nil || !info.IsDir()) && (!isFile || f.dir) {
		c.forget(p + "/") // it was perhaps a folder (a path cached as a file was none)
	}
	if errors.Is(err, fs.ErrNotExist) {
		c.drop(p)
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		info, err := fs.Lstat(c.fsys, p)
		if err != nil {
			c.drop(p)
			return nil
		}
		c.file(p, fs.FileInfoToDirEntry(info), true)
		return nil
	}
	seen := map[string]bool{}
	err = fs.WalkDir(c.fsys, p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			seen[q] = true
			c.set(q, &cached{dir: true, out: parsed{diags: *unreadable(q, d, err)}})
			if d == nil || d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if q != "content" && d.Name()[0] == '.' {
				return fs.SkipDir
			}
			return nil
		}
		seen[q] = true
		c.file(q, d, false)
		return nil
	})
	for q := range c.files {
		if (q == p || strings.HasPrefix(q, p+"/")) && !seen[q] {
			c.drop(q)
		}
	}
	return err
}

// spelt reports whether p's last name is in its folder as p spells it. Windows and macOS
// find a name whatever the case of its letters: once guide.md is renamed Guide.md, Stat
// still finds guide.md, which Load, listing the folder, does not.
func spelt(fsys fs.FS, p string) bool {
	if p == "content" {
		return true
	}
	entries, err := fs.ReadDir(fsys, path.Dir(p))
	if err != nil {
		return true // Stat's answer stands
	}
	name := path.Base(p)
	return slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == name })
}

// forget drops every cached file under prefix.
func (c *Cache) forget(prefix string) {
	for q := range c.files {
		if strings.HasPrefix(q, prefix) {
			c.drop(q)
		}
	}
}

// file parses q, unless force is off and its size and time are what the cache has.
func (c *Cache) file(q string, d fs.DirEntry, force bool) {
	pl := Classify(q)
	if pl.Kind == KindIgnored && d.Type().IsRegular() {
		c.drop(q)
		return
	}
	if problem := refusal(q, d); problem != nil {
		c.set(q, &cached{refused: true, out: parsed{diags: *problem}})
		return
	}
	var size int64
	var mod time.Time
	if info, err := d.Info(); err == nil {
		size, mod = info.Size(), info.ModTime()
	}
	if old := c.files[q]; !force && old != nil && old.size == size && old.mod.Equal(mod) && !mod.IsZero() {
		return
	}
	f := &cached{place: pl, size: size, mod: mod}
	switch {
	case pl.Problem != "":
		f.skip = true
		f.out.diags.Errorf(diag.FileStart(q), "path", "%s", pl.Problem)
	default:
		f.out = parseFile(c.fsys, q, pl, size)
	}
	c.set(q, f)
}

// tree assembles a new Tree from the cached files, in the order Load adds them.
func (c *Cache) tree() *Tree {
	t := &Tree{FS: c.fsys, Files: make(map[string]int64, len(c.files)), Broken: map[string]bool{}, Refused: map[string]bool{}}
	paths := make([]string, 0, len(c.files))
	for p := range c.files {
		paths = append(paths, p)
	}
	sort.Strings(paths) // every list add builds is sorted again by t.sort; this keeps the rest stable
	for _, p := range paths {
		f := c.files[p]
		if f.refused {
			t.Refused[p] = true
		}
		if f.refused || f.dir {
			continue
		}
		t.Files[p] = f.size
		if !f.skip {
			t.add(p, f.place, fresh(f.out.value))
		}
	}
	t.sort()
	return t
}

// diags gathers every cached file's findings: those of the files that have any (at
// 100,000 results, gathering from every file took 27 ms of each save in wuxiao serve).
func (c *Cache) diags() *diag.List {
	out := &diag.List{}
	for q := range c.found {
		out.Append(&c.files[q].out.diags)
	}
	return out
}

// fresh copies the slice of a registry so that add can compact it without touching the
// cached one; every other value is shared as it is.
func fresh(v any) any {
	rv := reflect.ValueOf(v)
	if v == nil || rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Slice {
		return v
	}
	cp := reflect.New(rv.Elem().Type())
	cp.Elem().Set(reflect.AppendSlice(reflect.MakeSlice(rv.Elem().Type(), 0, rv.Elem().Len()), rv.Elem()))
	return cp.Interface()
}
