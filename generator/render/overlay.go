package render

import (
	"errors"
	"io/fs"
	"sort"
)

// Overlay is a theme whose files come from Site where it has them and from Default
// otherwise: a site's own layouts/ overrides the default theme file by file.
type Overlay struct {
	Site, Default fs.FS // Site may be nil
}

// Open opens name from Site, else from Default.
func (o Overlay) Open(name string) (fs.File, error) {
	if o.Site != nil {
		f, err := o.Site.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.Default.Open(name)
}

// ReadDir merges both folders' entries, Site's winning, sorted by name.
func (o Overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	byName := map[string]fs.DirEntry{}
	var found bool
	for _, fsys := range []fs.FS{o.Default, o.Site} {
		if fsys == nil {
			continue
		}
		entries, err := fs.ReadDir(fsys, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, err
		}
		found = true
		for _, e := range entries {
			byName[e.Name()] = e
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(byName))
	for _, e := range byName {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
