package generator

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wuxiao/generator/testtree"
)

// repoRoot copies the minimal example into <tmp>/parent/repo, makes it a Git work tree
// and leaves a file beside it in parent, so that every refusal can be seen to delete nothing.
func repoRoot(t *testing.T) (root, parent string) {
	t.Helper()
	parent = filepath.Join(t.TempDir(), "parent")
	root = filepath.Join(parent, "repo")
	testtree.Copy(t, testtree.Write(t, nil), root)
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ".git", "HEAD"), []byte("ref: refs/heads/main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parent, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, parent
}

// TestBuildOutRefused: an output folder that is, holds or lies inside the content or the
// root, a Git work tree, or a non-empty folder wuxiao did not make is refused with a
// Chinese error, and nothing anywhere is deleted.
func TestBuildOutRefused(t *testing.T) {
	for name, tc := range map[string]struct {
		out  func(root, parent string) string
		want string
	}{
		"content":        {func(r, _ string) string { return filepath.Join(r, "content") }, "content"},
		"inside content": {func(r, _ string) string { return filepath.Join(r, "content/2023") }, "content"},
		"root":           {func(r, _ string) string { return r }, "根目录"},
		"root with dots": {func(r, _ string) string { return filepath.Join(r, "content", "..") }, "根目录"},
		"parent of root": {func(_, p string) string { return p }, "根目录"},
		"git work tree": {func(_, p string) string {
			other := filepath.Join(p, "other")
			_ = os.MkdirAll(filepath.Join(other, ".git"), 0o755)
			return other
		}, "Git"},
		"someone's folder": {func(_, p string) string {
			other := filepath.Join(p, "docs")
			_ = os.MkdirAll(other, 0o755)
			_ = os.WriteFile(filepath.Join(other, "plan.txt"), []byte("x"), 0o644)
			return other
		}, "不是空目录"},
		"a file": {func(_, p string) string { return filepath.Join(p, "notes.txt") }, "不是目录"},
	} {
		t.Run(name, func(t *testing.T) {
			root, parent := repoRoot(t)
			out := tc.out(root, parent)
			before := snapshot(t, parent)
			_, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, BuildOptions{Out: out})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "拒绝") {
				t.Errorf("err = %v, want a refusal naming %q", err, tc.want)
			}
			sameTrees(t, before, snapshot(t, parent))
		})
	}
}

// TestBuildOutAccepted: a new folder, an empty one and wuxiao's own output are fine, and
// the output carries the marker that lets the next build replace it.
func TestBuildOutAccepted(t *testing.T) {
	root, parent := repoRoot(t)
	empty := filepath.Join(parent, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{"", filepath.Join(parent, "site"), empty, filepath.Join(parent, "site")} {
		opt := BuildOptions{Out: out}
		if out == "" {
			out = filepath.Join(root, "public")
		}
		if diags, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, opt); err != nil {
			t.Fatalf("--out %s: %v\n%s", out, err, diags.Text())
		}
		if _, err := os.Stat(filepath.Join(out, outMarker)); err != nil {
			t.Errorf("%s has no marker: %v", out, err)
		}
	}
}

// TestBuildCleansStaleTemporaries: the temporaries a killed build left are removed by the
// next one; a folder of the same shape that is not ours stays.
func TestBuildCleansStaleTemporaries(t *testing.T) {
	root, parent := repoRoot(t)
	out := filepath.Join(parent, "public")
	stale := filepath.Join(parent, ".public-123456")
	if err := os.MkdirAll(filepath.Join(stale, "results"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stale, outMarker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(parent, ".public-notes")
	if err := os.Mkdir(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	// Killed between making its folder and marking it, or between removing the marker
	// and the folder: an empty folder named as the build names them.
	unmarked := filepath.Join(parent, ".public-654321")
	if err := os.Mkdir(unmarked, 0o755); err != nil {
		t.Fatal(err)
	}
	// Not empty and not marked: someone else's, whatever its name.
	kept := filepath.Join(parent, ".public-777")
	if err := os.MkdirAll(filepath.Join(kept, "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	if diags, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, BuildOptions{Out: out}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary still there: %v", err)
	}
	if _, err := os.Stat(unmarked); !os.IsNotExist(err) {
		t.Errorf("empty unmarked temporary still there: %v", err)
	}
	for _, dir := range []string{foreign, kept} {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("removed a folder that is not ours: %v", err)
		}
	}
}

// TestBuildConcurrent: two builds into the same folder at once both succeed, one after
// the other, and leave one complete site (and the output the last one replaced).
func TestBuildConcurrent(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("builds take turns by flock on Linux only (lockFolder): elsewhere two at once leave an output more beside")
	}
	root, parent := repoRoot(t)
	out := filepath.Join(parent, "public")
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = Build(Config{Root: root, Now: testDate("2026-11-25")}, BuildOptions{Out: out})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("build %d: %v", i, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error(err)
	}
	onlyReplacedLeft(t, parent)
}

// TestExchange: the new folder takes the old one's place in one step; the old one is
// then found at the temporary's name.
func TestExchange(t *testing.T) {
	if !canExchange {
		t.Skip("no exchange of two names here (Linux's renameat2): Replace renames twice")
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for p, s := range map[string]string{a: "new", b: "old"} {
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "f"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := exchange(a, b); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(b, "f")); string(got) != "new" {
		t.Errorf("out holds %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(a, "f")); string(got) != "old" {
		t.Errorf("the temporary holds %q", got)
	}
}

// TestBuildPutsBackAnOutputMovedAside: a build killed between the two renames of the
// fallback leaves no output but the old one at <tmp>.old; the next build puts it back
// first, so that a failing build still leaves the last good site in place.
func TestBuildPutsBackAnOutputMovedAside(t *testing.T) {
	root, parent := repoRoot(t)
	out := filepath.Join(parent, "public")
	aside := filepath.Join(parent, ".public-4242.old")
	if err := os.MkdirAll(aside, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{outMarker: markerText, "index.html": "old site"} {
		if err := os.WriteFile(filepath.Join(aside, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sub := filepath.Join(root, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md")
	data, _ := os.ReadFile(sub)
	if err := os.WriteFile(sub, bytes.Replace(data, []byte("category: 小革新"), []byte("category: 大革新"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, BuildOptions{Out: out}); !errors.Is(err, ErrCheckFailed) {
		t.Fatalf("err = %v, want ErrCheckFailed", err)
	}
	if got, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || string(got) != "old site" {
		t.Errorf("the old site is not back: %q, %v", got, err)
	}
	if _, err := os.Stat(aside); !os.IsNotExist(err) {
		t.Errorf("%s is still there", aside)
	}
}

// TestBuildKilled kills builds at random moments (kill -9): the output folder is there,
// whole, after every one of them, and the next build cleans up what they left (leaving
// only the output it replaced).
func TestBuildKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills builds")
	}
	if os.Getenv("WUXIAO_KILLED_BUILD") != "" {
		t.Skip("inside a killed build")
	}
	root, parent := repoRoot(t)
	out := filepath.Join(parent, "public")
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	if diags, _, err := Build(cfg, BuildOptions{Out: out}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuildProcess$")
		cmd.Env = append(os.Environ(), "WUXIAO_KILLED_BUILD="+root+"|"+out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(150+r.IntN(1000)) * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if !isOurs(out) {
			t.Fatalf("kill %d: no whole output left", i)
		}
		if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
	}
	if diags, _, err := Build(cfg, BuildOptions{Out: out}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	onlyReplacedLeft(t, parent)
}

// TestBuildKilledCached kills builds through a cache (kill -9) at random moments, while
// they bring the folder kept beside the output up to date in place, each after a title
// changed: the output is whole after every kill, and the next builds through the same
// cache give a cold build's output, byte for byte, in both folders they fill.
func TestBuildKilledCached(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills builds")
	}
	if os.Getenv("WUXIAO_KILLED_BUILD") != "" {
		t.Skip("inside a killed build")
	}
	root, parent := repoRoot(t)
	out, cacheDir := filepath.Join(parent, "public"), filepath.Join(parent, "cache")
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	cache := dirCache(cacheDir)
	for range 3 { // an output, the one kept beside, both recorded
		if diags, _, err := Build(cfg, BuildOptions{Out: out, Cache: cache}); err != nil {
			t.Fatalf("%v\n%s", err, diags.Text())
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuildProcess$")
		cmd.Env = append(os.Environ(), "WUXIAO_KILLED_BUILD="+root+"|"+out+"|"+cacheDir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(150+r.IntN(1000)) * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if !isOurs(out) {
			t.Fatalf("kill %d: no whole output left", i)
		}
		if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
	}
	// The tree stays as the last kill left it: one cold build is the answer for all three.
	cold := filepath.Join(t.TempDir(), "cold")
	if diags, _, err := Build(cfg, BuildOptions{Out: cold}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	want := snapshot(t, cold)
	for i := range 3 {
		if diags, _, err := Build(cfg, BuildOptions{Out: out, Cache: cache}); err != nil {
			t.Fatalf("%v\n%s", err, diags.Text())
		}
		before := t.Failed()
		sameTrees(t, want, snapshot(t, out))
		if !before && t.Failed() {
			t.Fatalf("cached build %d after the kills differs from a cold one", i)
		}
		onlyReplacedLeft(t, parent)
	}
}

// dirCache is a Cache in a folder, one file per key written whole by a rename, as
// wuxiao build's: it outlives a killed build.
type dirCache string

func (c dirCache) Get(key string) ([]byte, bool) {
	data, err := os.ReadFile(filepath.Join(string(c), key))
	return data, err == nil
}

func (c dirCache) Put(key string, data []byte) {
	_ = os.MkdirAll(string(c), 0o755)
	tmp, err := os.CreateTemp(string(c), ".tmp-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil && cerr == nil {
		err = os.Rename(tmp.Name(), filepath.Join(string(c), key))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}

// TestKilledBuildProcess is the build TestBuildKilled and TestBuildKilledCached start and
// kill: through a cache (a third part), after changing a title each time.
func TestKilledBuildProcess(t *testing.T) {
	parts := strings.Split(os.Getenv("WUXIAO_KILLED_BUILD"), "|")
	if len(parts) < 2 {
		t.Skip("started by TestBuildKilled only")
	}
	root, out := parts[0], parts[1]
	opt := BuildOptions{Out: out}
	if len(parts) == 3 {
		opt.Cache = dirCache(parts[2])
	}
	sub := filepath.Join(root, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md")
	data, err := os.ReadFile(sub)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		if opt.Cache != nil { // a whole file each time, by a rename: a kill leaves one or the other
			text := strings.Replace(string(data), "title: ", "title: 第"+strconv.Itoa(i%3)+"版", 1)
			if err := os.WriteFile(filepath.Join(root, "edit.tmp"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(filepath.Join(root, "edit.tmp"), sub); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, opt); err != nil {
			t.Fatal(err)
		}
	}
}

// onlyReplacedLeft fails the test unless all that is left beside parent/public is at most
// one marked folder: the output the last build replaced, which the next one deletes.
func onlyReplacedLeft(t *testing.T, parent string) {
	t.Helper()
	var left []string
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") {
			left = append(left, e.Name())
			if !isOurs(filepath.Join(parent, e.Name())) {
				t.Errorf("left %s behind, not marked", e.Name())
			}
		}
	}
	if len(left) > 1 {
		t.Errorf("left %v behind", left)
	}
}

// TestRebuildLeavesOldOutputToTheNext: the output a build replaces is not deleted before
// the build returns (on a disk that takes longer than the build: 18 s of 33 for the
// 10,000-result site) but left beside, marked; the next build deletes it while it works.
func TestRebuildLeavesOldOutputToTheNext(t *testing.T) {
	root, parent := repoRoot(t)
	out := filepath.Join(parent, "public")
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	leftovers := func() []string {
		var dirs []string
		entries, _ := os.ReadDir(parent)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".public") {
				if !isOurs(filepath.Join(parent, e.Name())) {
					t.Errorf("%s is left and not marked", e.Name())
				}
				dirs = append(dirs, e.Name())
			}
		}
		return dirs
	}
	var before []string
	for i := range 3 {
		if diags, _, err := Build(cfg, BuildOptions{Out: out}); err != nil {
			t.Fatalf("%v\n%s", err, diags.Text())
		}
		left := leftovers()
		if want := min(i, 1); len(left) != want {
			t.Fatalf("build %d left %v, want %d folder(s)", i+1, left, want)
		}
		for _, d := range before {
			if slices.Contains(left, d) {
				t.Errorf("build %d did not delete %s, the output build %d replaced", i+1, d, i-1)
			}
		}
		before = left
		if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCachedBuildKeepsFolder: a build through a cache brings the folder kept beside the
// output up to date in place when the cache has its record (the folder itself becomes
// the output, its unchanged pages the very same files), and fills a new folder when it
// has none (a folder left by builds without the cache, or by an older wuxiao); each time
// the output is a cold build's, byte for byte.
func TestCachedBuildKeepsFolder(t *testing.T) {
	if !canExchange {
		t.Skip("a folder is kept beside the output only where an exchange of two names keeps it (Linux)")
	}
	root, parent := repoRoot(t)
	out := filepath.Join(parent, "public")
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	cache := &memCache{}
	kept := func() string {
		t.Helper()
		dirs, _ := filepath.Glob(filepath.Join(parent, ".public-*"))
		if len(dirs) != 1 {
			t.Fatalf("folders beside the output: %v", dirs)
		}
		return dirs[0]
	}
	inode := func(p string) os.FileInfo {
		t.Helper()
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	cold := filepath.Join(t.TempDir(), "cold")
	if diags, _, err := Build(cfg, BuildOptions{Out: cold}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	build := func(step string, c Cache) {
		t.Helper()
		if diags, _, err := Build(cfg, BuildOptions{Out: out, Cache: c}); err != nil {
			t.Fatalf("%s: %v\n%s", step, err, diags.Text())
		}
		before := t.Failed()
		sameTrees(t, snapshot(t, cold), snapshot(t, out))
		if !before && t.Failed() {
			t.Fatalf("%s: the output differs from a cold build's", step)
		}
	}
	build("without the cache", nil)
	build("without the cache again", nil)
	// Held open, the folder keeps its inode number until the check even once deleted: a
	// new folder cannot be given the same number and pass for it.
	held, err := os.Open(kept())
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	unrecorded, err := held.Stat()
	if err != nil {
		t.Fatal(err)
	}
	build("first through the cache", cache)
	if os.SameFile(unrecorded, inode(out)) {
		t.Fatal("a folder the cache has no record of was brought up to date in place")
	}
	build("second through the cache", cache) // the folder kept is the one built without it
	recorded, page := inode(kept()), filepath.Join("2023", "results", "kuangqu-mine1", "pidai-jiupian", "index.html")
	pageBefore := inode(filepath.Join(kept(), page))
	build("third through the cache", cache)
	if !os.SameFile(recorded, inode(out)) {
		t.Error("the folder kept beside the output, recorded, was not brought up to date in place")
	}
	if !os.SameFile(pageBefore, inode(filepath.Join(out, page))) {
		t.Error("an unchanged page of the folder kept was written again")
	}
	// Refused at the content's errors, while the folder was readied beside: no new
	// folder is left behind, nor is the kept one lost.
	if err := os.WriteFile(filepath.Join(root, "content", "units.yaml"), []byte("units: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, _, err := Build(cfg, BuildOptions{Out: out, Cache: cache}); !errors.Is(err, ErrCheckFailed) {
			t.Fatalf("err = %v, want ErrCheckFailed", err)
		}
		onlyReplacedLeft(t, parent)
		kept()
	}
}

// TestBuildWaitsForAnotherBuild: a build whose output's folder another build holds
// says so (Waiting, with that folder) and waits, writing nothing, until the other is
// done; then it builds.
func TestBuildWaitsForAnotherBuild(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("builds take turns by flock on Linux only")
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	other, err := lockFolder(parent, nil) // another build, in the middle of its work
	if err != nil {
		t.Fatal(err)
	}
	waiting := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		_, _, err := Build(Config{Root: "..", Now: testDate("2026-11-25")}, BuildOptions{Out: out, Waiting: func(dir string) { waiting <- dir }})
		done <- err
	}()
	select {
	case dir := <-waiting:
		if dir != parent {
			t.Errorf("waiting for %s, want %s", dir, parent)
		}
	case err := <-done:
		t.Fatalf("the build did not wait: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the build neither said it waits nor finished")
	}
	select {
	case err := <-done:
		t.Fatalf("the build finished while the other held the folder: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the output, while waiting: %v", err)
	}
	other.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the build did not finish once the other was done")
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error(err)
	}
}
