//go:build unix

package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestBuildOverFIFOs: a named pipe where the output built over has a page (or the folder
// a cached build brings up to date in place has one) is no page: a build does not wait
// on it for a writer that never comes, and writes the site a cold build writes.
func TestBuildOverFIFOs(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS(filepath.Join("..", "content"))); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	sub := filepath.Join(root, "content/2025/submissions/chengqu-heating/huanrezhan-wurenzhishou.md")
	orig, err := os.ReadFile(sub)
	if err != nil {
		t.Fatal(err)
	}
	for _, cached := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "public")
		opt := BuildOptions{Out: out}
		if cached {
			opt.Cache = &memCache{}
		}
		for i := range 4 { // cached: an output, the folder kept beside it, both recorded
			if i > 0 {
				for _, dir := range []string{out, keptBeside(t, out)} {
					if dir == "" {
						continue
					}
					for _, page := range []string{"index.html", "static/style.css", "data/2025.json"} {
						if page == "data/2025.json" && dir == out && i%2 == 1 {
							continue // the kept folder's alone: the cached build copies from the output's
						}
						p := filepath.Join(dir, page)
						os.Remove(p)
						if err := syscall.Mkfifo(p, 0o644); err != nil {
							t.Skipf("no named pipes here: %v", err)
						}
					}
				}
			}
			// a title changed: the year's data file is made anew from the old one's lines
			edited := bytes.Replace(orig, []byte("title: "), []byte("title: 第"+strconv.Itoa(i)+"次"), 1)
			if err := os.WriteFile(sub, edited, 0o644); err != nil {
				t.Fatal(err)
			}
			cold := filepath.Join(t.TempDir(), "cold")
			if diags, _, err := Build(cfg, BuildOptions{Out: cold}); err != nil {
				t.Fatalf("%v\n%s", err, diags.Text())
			}
			done := make(chan error, 1)
			go func() {
				_, _, err := Build(cfg, opt)
				done <- err
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("cached %v, build %d: %v", cached, i, err)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("cached %v, build %d: still waiting after 30 s (on a named pipe?)", cached, i)
			}
			sameTrees(t, snapshot(t, cold), snapshot(t, out))
		}
	}
}

// keptBeside is the marked folder a build left beside out, or "".
func keptBeside(t *testing.T, out string) string {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+"-*"))
	for _, m := range matches {
		if isOurs(m) {
			return m
		}
	}
	return ""
}

// TestOpenOverwriteRefusesPipes: the kept folder's copy of a year's file is written over
// only when it is a regular file; a named pipe there is refused at once, not waited on.
func TestOpenOverwriteRefusesPipes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "2025.json")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	done := make(chan bool, 1)
	go func() {
		f, ok := openOverwrite(p, 0o644|syscall.S_IFREG)
		if ok {
			f.Close()
		}
		done <- ok
	}()
	select {
	case ok := <-done:
		if ok {
			t.Error("a named pipe was opened to be written over")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still waiting on the pipe after 10 s")
	}
}
