package render

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"wuxiao/layouts"
)

// TestBesideAfterPages: Options.Beside runs once, when every page is written, beside
// the site's last files, and Render gives its error.
func TestBesideAfterPages(t *testing.T) {
	tree := loadTree(t, minimalRoot)
	for _, fail := range []bool{false, true} {
		out := &mapOutput{files: map[string][]byte{}}
		var calls atomic.Int32
		pagesThen := -1
		boom := errors.New("beside failed")
		opt := Options{Theme: layouts.FS(), Src: tree.FS, Beside: func() error {
			calls.Add(1)
			out.mu.Lock()
			pagesThen = 0
			for name := range out.files {
				if strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "static/") {
					pagesThen++
				}
			}
			out.mu.Unlock()
			if fail {
				return boom
			}
			return nil
		}}
		rep, err := Render(NewSite(tree, "https://example.org/wuxiao/", date("2026-11-25")), opt, out)
		if fail {
			if !errors.Is(err, boom) {
				t.Fatalf("Beside failed, Render gave %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if calls.Load() != 1 {
			t.Fatalf("Beside ran %d times", calls.Load())
		}
		if pagesThen != rep.Pages || rep.Pages < 10 {
			t.Errorf("Beside ran with %d pages written, of %d", pagesThen, rep.Pages)
		}
	}
}
