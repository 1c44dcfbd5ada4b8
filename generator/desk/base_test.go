package desk

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

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

// baseClone commits the base tree in a new repository (origin, branch main) and clones it:
// the desk's base is the clone.
func baseClone(t *testing.T) (origin, clone string) {
	t.Helper()
	origin, clone = t.TempDir(), filepath.Join(t.TempDir(), "clone")
	testtree.Copy(t, testtree.Base(), origin)
	gitIn(t, origin, "init", "-q", "-b", "main")
	gitIn(t, origin, "add", "-A")
	gitIn(t, origin, "commit", "-q", "-m", "base")
	gitIn(t, filepath.Dir(clone), "clone", "-q", origin, clone)
	return origin, clone
}

// addAdmin commits in origin, as a merged pull request would, mine1-new as a second
// admin of kuangqu-mine1 (hasAdmin tells whether a tree has him).
func addAdmin(t *testing.T, origin string) {
	t.Helper()
	units := filepath.Join(origin, "content/units.yaml")
	data, err := os.ReadFile(units)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(units, []byte(strings.Replace(string(data), "admins: [mine1-admin]", "admins: [mine1-admin, mine1-new]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, origin, "commit", "-q", "-am", "a new admin")
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
	origin, clone := baseClone(t)
	b := &DirBase{Root: clone}
	if _, _, err := b.Tree(context.Background()); err != nil {
		t.Fatal(err)
	}
	addAdmin(t, origin)

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

// A desk's every request asks the base for its tree: between pulls (Every) that answer
// must start no git process, which would also hold every other request behind the
// base's lock while it runs. After Refresh the next request pulls and sees the merge.
func TestBaseStartsNoGitBetweenPulls(t *testing.T) {
	real, err := exec.LookPath("git")
	if err != nil || runtime.GOOS == "windows" {
		t.Skip("counts git's starts through a shell script: needs git and sh")
	}
	origin, clone := baseClone(t)

	bin, starts := t.TempDir(), filepath.Join(t.TempDir(), "starts")
	script := "#!/bin/sh\necho \"$*\" >> '" + starts + "'\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	started := func() int {
		data, _ := os.ReadFile(starts)
		return strings.Count(string(data), "\n")
	}

	b := &DirBase{Root: clone, Every: time.Hour}
	first, _, err := b.Tree(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if started() == 0 {
		t.Fatal("the first tree started no git: the counter does not count")
	}
	before := started()
	for range 20 {
		if tree, _, err := b.Tree(context.Background()); err != nil || tree != first {
			t.Fatalf("a tree between pulls: %v (the same tree: %v)", err, tree == first)
		}
	}
	if n := started() - before; n != 0 {
		data, _ := os.ReadFile(starts)
		t.Errorf("20 requests between pulls started git %d times:\n%s", n, data)
	}

	addAdmin(t, origin)
	b.Refresh()
	tree, _, err := b.Tree(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !hasAdmin(tree, "kuangqu-mine1", "mine1-new") {
		t.Errorf("after Refresh the merged commit is not in the tree")
	}
}
