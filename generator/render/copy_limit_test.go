package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
	"wuxiao/layouts"
)

// TestCopyGrownFileRefused: a case's cover that grew to a terabyte (sparse) after the
// check is not read whole to be published: the build stops with its name and the limit,
// in bounded time and memory.
func TestCopyGrownFileRefused(t *testing.T) {
	root := testtree.Demo(t)
	tree, _, err := content.Load(content.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	cover := "content/2026/cases/yejian-liuliang.png"
	if _, ok := tree.Files[cover]; !ok {
		t.Fatalf("the demo has no %s; adapt the test", cover)
	}
	if err := os.Truncate(filepath.Join(root, filepath.FromSlash(cover)), 1<<40); err != nil {
		t.Skipf("this file system makes no sparse file of a terabyte: %v", err)
	}
	start := time.Now()
	out := &mapOutput{files: map[string][]byte{}}
	_, err = Render(NewSite(tree, "https://example.org/", date("2026-11-25")), Options{Theme: layouts.FS(), Src: tree.FS}, out)
	want := "复制 " + cover + "：文件超过 20.0 MiB 的上限（检查之后变大了），未发布"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Render gave %v, want %q", err, want)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}
