package search_test

import (
	"os"
	"testing"

	"wuxiao/generator/headless"
	"wuxiao/generator/testtree"
)

// chromium is the Chromium the browser tests of this package share: starting one cost
// 3.4 s of processor time, and four tests started one each.
var chromium headless.Browser

func TestMain(m *testing.M) {
	testtree.CollectLessOften()
	code := m.Run()
	chromium.Close()
	os.Exit(code)
}
