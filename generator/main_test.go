package generator

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/headless"
)

// browser is the Chromium the browser tests of this package share.
var browser headless.Browser

// demo is the demo content built once for the browser tests that only read it.
var demo struct {
	once sync.Once
	dir  string
	out  string
	srv  *httptest.Server
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	if demo.srv != nil {
		demo.srv.Close()
	}
	if demo.dir != "" {
		os.RemoveAll(demo.dir)
	}
	os.Exit(code)
}

// builtDemo builds the demo content once for a server and returns the output folder and
// the server; the tests that share it must not change it.
func builtDemo(t *testing.T) (string, *httptest.Server) {
	t.Helper()
	demo.once.Do(func() {
		if demo.dir, demo.err = os.MkdirTemp("", "wuxiao-demo-"); demo.err != nil {
			return
		}
		demo.out = filepath.Join(demo.dir, "public")
		demo.srv = httptest.NewServer(serveSite(demo.out))
		now, _ := content.ParseDate("2026-11-25")
		diags, _, err := Build(Config{Root: "..", Now: now}, BuildOptions{Out: demo.out, BaseURL: demo.srv.URL + "/"})
		if err != nil && diags != nil {
			err = fmt.Errorf("%w\n%s", err, diags.Text())
		}
		demo.err = err
	})
	if demo.err != nil {
		t.Fatalf("build of the demo content: %v", demo.err)
	}
	return demo.out, demo.srv
}
