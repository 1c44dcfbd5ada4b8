package generator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/headless"
	"wuxiao/generator/testtree"
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
	testtree.CollectLessOften()
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
		// /office/: what wuxiao ledger writes for the office beside the site (the ledger and
		// the page of all of 2025's certificates, 荣誉证书2025.html)
		office := filepath.Join(demo.dir, "office")
		mux := http.NewServeMux()
		mux.Handle("/office/", http.StripPrefix("/office/", http.FileServer(http.Dir(office))))
		mux.Handle("/", serveSite(demo.out))
		demo.srv = httptest.NewServer(mux)
		now, _ := content.ParseDate("2026-11-25")
		diags, _, err := Build(Config{Root: "..", Now: now}, BuildOptions{Out: demo.out, BaseURL: demo.srv.URL + "/"})
		if err != nil && diags != nil {
			err = fmt.Errorf("%w\n%s", err, diags.Text())
		}
		if err == nil {
			err = os.Mkdir(office, 0o755)
		}
		if err == nil {
			_, _, err = Ledger(Config{Root: "..", Now: now}, &LedgerOptions{Year: 2025, Out: filepath.Join(office, "台帐.xlsx")})
		}
		demo.err = err
	})
	if demo.err != nil {
		t.Fatalf("build of the demo content: %v", demo.err)
	}
	return demo.out, demo.srv
}
