package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

// TestCoverOverTheLimit: a case's cover is held to the proof materials' 20 MiB, at the
// case's cover field; a cover of a terabyte (sparse, its PNG head kept) passed the check
// and the build read it whole to publish it.
func TestCoverOverTheLimit(t *testing.T) {
	root := testtree.Demo(t)
	cover := filepath.Join(root, "content/2026/cases/yejian-liuliang.png")
	if err := os.Truncate(cover, 1<<40); err != nil {
		t.Skipf("this file system makes no sparse file of a terabyte: %v", err)
	}
	failed, out := checkFails(t, root, "2026-11-25")
	want := "content/2026/cases/yejian-liuliang.md:6:8: ref: 封面图片 content/2026/cases/yejian-liuliang.png 过大（1048576.0 MiB），上限为 20 MiB"
	if !failed || !strings.Contains(out, want) {
		t.Errorf("failed %v, want %q in:\n%s", failed, want, out)
	}
}
