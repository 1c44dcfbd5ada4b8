package desk

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
)

// gitIn runs git in dir, failing the test on an error.
func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.cn"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// The base branch's git commands are the desk's, not the request's that set them off: a
// request that went away (its visitor closed the connection) skipped the pull, which
// then waited another minute, and failed rev-parse, so that the whole tree was loaded
// again from disk: any signed-in visitor, with no role at all, could have that done for
// each request he abandons.
func TestBasePullOutlivesTheRequest(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	origin, clone := t.TempDir(), filepath.Join(t.TempDir(), "clone")
	testtree.Copy(t, testtree.Base(), origin)
	gitIn(t, origin, "init", "-q", "-b", "main")
	gitIn(t, origin, "add", "-A")
	gitIn(t, origin, "commit", "-q", "-m", "base")
	gitIn(t, filepath.Dir(clone), "clone", "-q", origin, clone)
	b := &DirBase{Root: clone}
	if _, _, err := b.Tree(context.Background()); err != nil {
		t.Fatal(err)
	}
	units := filepath.Join(origin, "content/units.yaml")
	data, _ := os.ReadFile(units)
	os.WriteFile(units, []byte(strings.Replace(string(data), "admins: [mine1-admin]", "admins: [mine1-admin, mine1-new]", 1)), 0o644)
	gitIn(t, origin, "commit", "-q", "-am", "a new admin")

	gone, cancel := context.WithCancel(context.Background())
	cancel()
	before, _, _ := b.Tree(context.Background())
	if again, _, _ := b.Tree(gone); again != before {
		t.Errorf("a request that went away had the tree loaded again")
	}
	b.Refresh()
	tree, _, err := b.Tree(gone)
	if err != nil {
		t.Fatal(err)
	}
	if !hasAdmin(tree, "kuangqu-mine1", "mine1-new") {
		t.Errorf("a request that went away stopped the pull: the base is stale")
	}
}

func hasAdmin(tree *content.Tree, unit, login string) bool {
	for _, u := range tree.Units {
		if u != nil && u.ID == unit {
			return adminOf(u, login)
		}
	}
	return false
}
