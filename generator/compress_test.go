package generator

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestPrecompress(t *testing.T) {
	dir := t.TempDir()
	page := strings.Repeat("<p>小发明、小创造、小革新、小设计、小建议</p>\n", 50)
	files := map[string]string{
		"index.html":          page,
		"static/app.js":       strings.Repeat("console.log(1);\n", 40),
		"static/checker.wasm": strings.Repeat("\x00asm\x01", 100),
		"small.css":           "a{}",                    // too small to be worth it
		"photo.jpg":           strings.Repeat("x", 900), // compressed already
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	n, err := precompress(heldFolder{name: dir})
	if err != nil || n != 3 {
		t.Fatalf("precompress = %d, %v; want 3", n, err)
	}
	for _, name := range []string{"index.html", "static/app.js", "static/checker.wasm"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		gz, _ := os.ReadFile(p + ".gz")
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatalf("%s.gz: %v", name, err)
		}
		if got, _ := io.ReadAll(zr); string(got) != files[name] || zr.Name != "" || !zr.ModTime.IsZero() {
			t.Errorf("%s.gz does not hold the file, or names it (%q, %v)", name, zr.Name, zr.ModTime)
		}
		br, _ := os.ReadFile(p + ".br")
		if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); string(got) != files[name] {
			t.Errorf("%s.br does not hold the file", name)
		}
	}
	for _, name := range []string{"small.css.gz", "photo.jpg.gz", "photo.jpg.br"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s written", name)
		}
	}
	first, _ := os.ReadFile(filepath.Join(dir, "index.html.br"))
	precompress(heldFolder{name: dir})
	if again, _ := os.ReadFile(filepath.Join(dir, "index.html.br")); !bytes.Equal(first, again) {
		t.Error("output not deterministic")
	}
}

// TestPrecompressHeldThroughSwap: the copies go into the folder the build holds, even when
// a link to a folder elsewhere has taken its name in the output's parent meanwhile.
func TestPrecompressHeldThroughSwap(t *testing.T) {
	linuxOnly(t)
	parent, elsewhere := t.TempDir(), t.TempDir()
	page := strings.Repeat("<p>小发明、小创造、小革新、小设计、小建议</p>\n", 50)
	o := &outFolder{path: filepath.Join(parent, "public"), parent: parent}
	tmp, err := o.TempDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{tmp, elsewhere} {
		if err := os.MkdirAll(filepath.Join(d, "2023"), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"index.html", "2023/index.html"} {
			if err := os.WriteFile(filepath.Join(d, f), []byte(page), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	held, err := holdFolder(tmp)
	if err != nil {
		t.Fatal(err)
	}
	defer held.close()
	moved := swapForLink(t, tmp, elsewhere)
	if n, err := precompress(held); err != nil || n != 2 {
		t.Fatalf("precompress = %d, %v; want 2", n, err)
	}
	for _, f := range []string{"index.html", "2023/index.html"} {
		for _, ext := range []string{".gz", ".br"} {
			if _, err := os.Stat(filepath.Join(moved, f+ext)); err != nil {
				t.Errorf("%s%s in the folder held: %v", f, ext, err)
			}
			if _, err := os.Lstat(filepath.Join(elsewhere, f+ext)); err == nil {
				t.Errorf("%s%s written where the link leads", f, ext)
			}
		}
	}
}

// TestPrecompressReusesItsCompressors: compressing a site's small pages allocates little
// for each page. A new brotli writer at quality 9 allocates 33 MiB of window and tables;
// one a page made `build --compress` of the demo's 167 files cost 3.3-3.6 s of processor
// time, half of it the kernel handing out fresh memory. A writer reset still makes its
// hash table anew (about 1 MiB).
func TestPrecompressReusesItsCompressors(t *testing.T) {
	dir := t.TempDir()
	const pages = 64
	for i := range pages {
		page := strings.Repeat("<p>小发明、小创造、小革新、小设计、小建议 "+strconv.Itoa(i)+"</p>\n", 40)
		os.WriteFile(filepath.Join(dir, "p"+strconv.Itoa(i)+".html"), []byte(page), 0o644)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n, err := precompress(heldFolder{name: dir})
	runtime.ReadMemStats(&after)
	if err != nil || n != pages {
		t.Fatalf("precompress = %d, %v; want %d", n, err, pages)
	}
	if perPage := (after.TotalAlloc - before.TotalAlloc) / pages; perPage > 4<<20 {
		t.Errorf("compressing a page of about %d bytes allocated %d KiB, want at most 4 MiB", 40*70, perPage>>10)
	}
}
