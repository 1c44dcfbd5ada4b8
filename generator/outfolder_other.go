//go:build !linux

package generator

import (
	"errors"
	"os"
)

// canExchange tells whether Replace exchanges the two folders (no exchange here: the replaced output is moved aside, then deleted), so that a
// build through a cache may bring the folder left beside up to date in place.
const canExchange = false

// errNoExchange means the system cannot exchange two names in one step.
var errNoExchange = errors.New("exchange unsupported")

// exchange is unsupported here: Replace falls back to two renames.
func exchange(a, b string) error { return errNoExchange }

// lockFolder does not lock here; builds into one folder must not run at once.
func lockFolder(dir string, waiting func()) (*os.File, error) { return nil, nil }
