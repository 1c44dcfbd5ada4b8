package generator

import (
	"os"
	"path/filepath"
	"sort"

	"wuxiao/generator/schema"
)

// WriteSchemas writes one JSON Schema per kind of content file into dir and returns their names.
func WriteSchemas(dir string) ([]string, error) {
	files, err := schema.All()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := writeAtomic(filepath.Join(dir, name), files[name]); err != nil {
			return nil, err
		}
	}
	return names, nil
}
