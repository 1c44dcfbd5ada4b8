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

// timedChromium is TestBrowserSearch10k's, which reports how long queries take: V8's
// optimizing compilers on, as in a reader's browser (headless.Browser.Timed).
var timedChromium = headless.Browser{Timed: true}

func TestMain(m *testing.M) {
	testtree.CollectLessOften()
	code := m.Run()
	chromium.Close()
	timedChromium.Close()
	os.Exit(code)
}
