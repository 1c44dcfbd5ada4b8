package generator

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// compressible are the extensions worth storing pre-compressed: text, and WebAssembly.
// Images, PDFs and fonts are compressed already.
var compressible = map[string]bool{
	".html": true, ".css": true, ".js": true, ".mjs": true, ".json": true, ".xml": true,
	".svg": true, ".txt": true, ".csv": true, ".wasm": true, ".webmanifest": true, ".map": true,
}

// minCompress is the smallest file worth a compressed copy: below it the headers cost more.
const minCompress = 256

// precompress writes NAME.gz (gzip, best compression) and NAME.br (brotli, quality 9)
// beside every compressible file of at least minCompress bytes in the folder held, when the copy
// is smaller than the file, so that nginx's gzip_static and brotli_static serve them
// without compressing on each request. The output is deterministic (no names or times in
// the gzip header). The folder is reached as the build holds it, not by its name in the
// output's parent (holdFolder). It returns how many files got copies.
func precompress(dir heldFolder) (int, error) {
	var files []string
	err := fs.WalkDir(os.DirFS(dir.name), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !compressible[strings.ToLower(path.Ext(p))] {
			return err
		}
		if info, err := d.Info(); err != nil || info.Size() < minCompress {
			return err
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return 0, err
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		done  int
		next  = make(chan string)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newCompressor()
			for p := range next {
				ok, err := c.compressFile(dir, p)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				if ok {
					done++
				}
				mu.Unlock()
			}
		}()
	}
	for _, p := range files {
		next <- p
	}
	close(next)
	wg.Wait()
	return done, first
}

// compressor is one worker's gzip and brotli writers and their buffers, reset for each
// file: a brotli writer at quality 9 allocates megabytes of window and tables, which one a
// file cost the demo's `build --compress` 33 MiB of fresh memory a page
// (TestPrecompressReusesItsCompressors).
type compressor struct {
	gz, br bytes.Buffer
	zw     *gzip.Writer
	bw     *brotli.Writer
}

func newCompressor() *compressor {
	c := &compressor{}
	c.zw, _ = gzip.NewWriterLevel(&c.gz, gzip.BestCompression)
	c.bw = brotli.NewWriterLevel(&c.br, 9)
	return c
}

// compressFile writes p.gz and p.br (p slash-separated in dir), each only when smaller than p.
func (c *compressor) compressFile(dir heldFolder, p string) (bool, error) {
	data, err := os.ReadFile(filepath.Join(dir.name, filepath.FromSlash(p)))
	if err != nil {
		return false, err
	}
	c.gz.Reset()
	c.zw.Reset(&c.gz)
	c.zw.Write(data)
	if err := c.zw.Close(); err != nil {
		return false, err
	}
	c.br.Reset()
	c.bw.Reset(&c.br)
	c.bw.Write(data)
	if err := c.bw.Close(); err != nil {
		return false, err
	}
	wrote := false
	for _, copy := range []struct {
		ext string
		b   []byte
	}{{".gz", c.gz.Bytes()}, {".br", c.br.Bytes()}} {
		if len(copy.b) >= len(data) {
			continue
		}
		if err := dir.writeFile(p+copy.ext, copy.b); err != nil {
			return false, err
		}
		wrote = true
	}
	return wrote, nil
}
