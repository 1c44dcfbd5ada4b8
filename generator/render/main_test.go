package render

import (
	"os"
	"testing"

	"wuxiao/generator/testtree"
)

func TestMain(m *testing.M) {
	testtree.CollectLessOften()
	os.Exit(m.Run())
}
