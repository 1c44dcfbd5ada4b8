package desk

import (
	"os"
	"testing"

	"wuxiao/generator/headless"
)

// chromium is the Chromium the browser tests of this package share, each in private tabs
// of its own (its own cookies and storage, as a fresh browser had): starting one cost
// about 3.7 s of processor time, and four tests started one each.
var chromium headless.Browser

func TestMain(m *testing.M) {
	code := m.Run()
	chromium.Close()
	os.Exit(code)
}
