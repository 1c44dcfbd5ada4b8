package main

import (
	"os"
	"testing"
)

// TestMain keeps the commands' fingerprint cache (the user's cache directory) in a
// temporary folder, so that tests leave nothing behind.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wuxiao-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
