package ruleset_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
)

// TestCodeownersHugeFile: a code owners file of a terabyte (sparse: a pull request can
// bring one in a few bytes of Git, or it may grow after the walk) is compared no further
// than the file it should be, in bounded time and memory, and warned of where it differs:
// the rule read it whole and the check died of it.
func TestCodeownersHugeFile(t *testing.T) {
	root := t.TempDir()
	units := "- {id: yq, name: 阳泉市总工会, type: city, admins: [city-admin]}\n"
	if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content", "units.yaml"), []byte(units), 0o644); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(root, ".github", "CODEOWNERS")
	if err := os.MkdirAll(filepath.Dir(huge), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(huge, []byte("# 代码所有者\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 1<<40); err != nil {
		t.Skipf("this file system makes no sparse file of a terabyte: %v", err)
	}
	tree, _, err := content.Load(content.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	only := codeownersRule(t)
	start := time.Now()
	var out diag.List
	rules.Run(tree, content.Date{}, only, &out)
	want := ".github/CODEOWNERS:1:1: codeowners: warning: 与 content/units.yaml 的 admins 不一致"
	if got := out.Text(); !strings.HasPrefix(got, want) {
		t.Errorf("got:\n%s\nwant it to begin %q", got, want)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
