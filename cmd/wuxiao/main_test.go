package main

import (
	"os"
	"strings"
	"testing"
)

// userCacheHome is XDG_CACHE_HOME as the tests found it (and whether it was set), for the
// go commands the tests run: their build cache stays the user's (see goCommandEnv).
var userCacheHome struct {
	value string
	set   bool
}

// TestMain keeps the commands' fingerprint cache (the user's cache directory) in a
// temporary folder, so that tests leave nothing behind.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wuxiao-cache-")
	if err != nil {
		panic(err)
	}
	userCacheHome.value, userCacheHome.set = os.LookupEnv("XDG_CACHE_HOME")
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	baseRepos.remove()
	os.RemoveAll(dir)
	os.Exit(code)
}

// goCommandEnv is the environment for a go command a test runs: the tests' own, with
// XDG_CACHE_HOME as the user had it, so that the go command finds its build cache where
// it always does. In the tests' empty cache folder, `go tool buildid` (a tool Go no
// longer ships built) compiled itself and the standard library it needs from nothing:
// 18 s alone, 100 s beside the other packages' tests.
func goCommandEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "XDG_CACHE_HOME=") {
			env = append(env, kv)
		}
	}
	if userCacheHome.set {
		env = append(env, "XDG_CACHE_HOME="+userCacheHome.value)
	}
	return env
}
