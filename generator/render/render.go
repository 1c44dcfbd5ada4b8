// Package render turns the public subset of a content tree into the files of the static showcase site.
//
// It is the pipeline's last step, run only on a tree without errors: NewSite picks what
// the contract makes public, Render executes the theme's templates (html/template) over
// it into an Output at the addresses of package urls (the URL scheme). It never reads content files
// itself; attachments are copied from the tree's fs.FS.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// Output receives the site's files; name is slash-separated and relative to the site
// root. WriteFile is called from several goroutines at once.
type Output interface {
	WriteFile(name string, data []byte) error
}

// FileCreator is an Output that can also write a file in pieces as it is made:
// CreateFile's writer makes the file, which is whole once the writer is closed. A
// year's open data (31 MB at 10,000 results, 310 MB at 100,000) is then never whole in
// memory.
type FileCreator interface {
	CreateFile(name string) (io.WriteCloser, error)
}

// Options say how to render.
type Options struct {
	Theme   fs.FS // the layouts: page templates, "_*.html" partials and static/
	Src     fs.FS // the content root, for attachments and case covers
	Workers int   // page-rendering goroutines; 0 means GOMAXPROCS
	// Pages, when set, gives the bytes of pages rendered before from the same inputs and
	// keeps the pages rendered anew (wuxiao build --cache).
	Pages PageCache
	// Beside, when set, runs once every page is written, on a goroutine of its own beside
	// the site's last files (attachments, open data, decisions, feeds), which mostly wait
	// on one core: wuxiao build --cache writes the search index there. Render returns
	// once both are done, with Beside's error if the files had none.
	Beside func() error

	templatesOnly bool // tests: render result pages with result.html even when typed.go could
}

// PageCache is a store of rendered pages that knows what each page is made from.
type PageCache interface {
	Page(p *PageData) ([]byte, bool)   // p's bytes, if rendered before from the same inputs
	Rendered(p *PageData, data []byte) // keeps p's bytes
}

// PageReader is a PageCache that can read a page's bytes into the renderer's buffer,
// reused from page to page, rather than into memory of their own: a build through a
// cache with no output to leave pages in (CI's) reads some 140 MB of them at 10,000
// results. The bytes returned are buf's, good until the next page.
type PageReader interface {
	PageInto(p *PageData, buf *bytes.Buffer) ([]byte, bool)
}

// PagePlacer is a PageCache that can put a page's file in place itself, when the output
// it was built over already holds that page unchanged, so that its bytes are neither
// read nor compared (wuxiao build --cache). name is the page's file in the output.
type PagePlacer interface {
	Place(p *PageData, name string) (size int64, ok bool)
}

// YearFiles is a PageCache that also keeps the files made of one year's results (its
// open data, its decision), so that those of a year nothing of changed are left in place
// or taken from the cache instead of being made again (wuxiao build --cache).
type YearFiles interface {
	// YearFile is file name of year y as made before from the same inputs: its bytes, or
	// nil and its size when the file is already in place in the output.
	YearFile(y *Year, name string) (data []byte, size int64, ok bool)
	YearFileMade(y *Year, name string, data []byte) // keeps file name of year y
}

// Report counts what was written.
type Report struct {
	Pages int   // HTML pages
	Files int   // every file, pages included
	Bytes int64 // their total size

	Compressed int // files the build gave .gz and .br copies (wuxiao build --compress)

	// Warnings are about the site's own theme (layouts/): a template the search needs marked.
	Warnings []diag.Diagnostic
}

// renderer holds one build's templates, Markdown converter and counters.
type renderer struct {
	site     *Site
	opt      Options
	out      Output
	tmpl     map[string]*template.Template // by page template file name
	twins    *twins                        // the typed twins the templates allow
	md       *markdown
	chrome   chromeCache
	assets   map[string]string // static file → ?v= version
	files    atomic.Int64
	pages    atomic.Int64
	bytes    atomic.Int64
	mu       sync.Mutex
	urls     []string // every HTML page, for the sitemap
	certs    sync.Map // year/id → *Certificate, drawn once for the result page and the year's sheets
	proposed proposedMemo
	rootMark string // stands for .Root while a list entry is rendered (newRootMark)
}

// newRenderer sets up a renderer of site into out: the theme's static files copied, its
// templates parsed.
func newRenderer(site *Site, opt Options, out Output) (*renderer, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	r := &renderer{site: site, opt: opt, out: out, md: newMarkdown(), assets: map[string]string{}, rootMark: newRootMark()}
	if err := r.copyStatic(); err != nil {
		return nil, err
	}
	tmpl, err := loadTemplates(opt.Theme, r.funcs())
	if err != nil {
		return nil, err
	}
	r.tmpl = tmpl
	r.twins = &twins{}
	if !opt.templatesOnly {
		if r.twins, err = findTwins(opt.Theme, tmpl, r.funcs()); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Render writes the whole site to out.
func Render(site *Site, opt Options, out Output) (*Report, error) {
	r, err := newRenderer(site, opt, out)
	if err != nil {
		return nil, err
	}
	if err := r.renderPages(r.pageJobs()); err != nil {
		return nil, err
	}
	r.chrome.m.Clear() // the fragments serve pages only; the data file needs the room
	beside := make(chan error, 1)
	if opt.Beside != nil {
		go func() { beside <- opt.Beside() }()
	} else {
		beside <- nil
	}
	for _, step := range []func() error{r.copyFiles, r.writeData, r.writeDecisions, r.writeFeed, r.writeSitemap, r.writeRobots} {
		if err := step(); err != nil {
			<-beside
			return nil, err
		}
	}
	if err := <-beside; err != nil {
		return nil, err
	}
	return &Report{Pages: int(r.pages.Load()), Files: int(r.files.Load()), Bytes: r.bytes.Load(),
		Warnings: searchBodyWarnings(opt.Theme, r.tmpl)}, nil
}

func (r *renderer) write(name string, data []byte) error {
	if err := r.out.WriteFile(name, data); err != nil {
		return err
	}
	r.files.Add(1)
	r.bytes.Add(int64(len(data)))
	return nil
}

// streamFile writes file name to fc by write, in pieces.
func (r *renderer) streamFile(fc FileCreator, name string, write func(io.Writer) (int64, error)) error {
	f, err := fc.CreateFile(name)
	if err != nil {
		return err
	}
	n, err := write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	r.files.Add(1)
	r.bytes.Add(n)
	return nil
}

// writeYearFile writes file name of year y, made by make unless the page cache has it
// (YearFiles) or splice, when not nil, writes it (its size, or false when it did not);
// keep says whether the cache should keep its bytes, when made, or only their place in
// the output.
func (r *renderer) writeYearFile(y *Year, name string, keep bool, make func() ([]byte, error), splice func() (int64, bool, error)) error {
	yf, _ := r.opt.Pages.(YearFiles)
	if yf != nil {
		if data, size, ok := yf.YearFile(y, name); ok && data == nil {
			r.files.Add(1)
			r.bytes.Add(size)
			return nil
		} else if ok {
			return r.write(name, data)
		}
	}
	if splice != nil {
		size, ok, err := splice()
		if err != nil {
			return err
		}
		if ok {
			r.files.Add(1)
			r.bytes.Add(size)
			return nil
		}
	}
	data, err := make()
	if err != nil {
		return err
	}
	if yf != nil && keep {
		yf.YearFileMade(y, name, data)
	}
	return r.write(name, data)
}

// copyStatic copies the theme's static/ folder and versions each file by its hash.
func (r *renderer) copyStatic() error {
	return fs.WalkDir(r.opt.Theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" {
				return fs.SkipDir // a theme without static files
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(r.opt.Theme, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		r.assets[p] = hex.EncodeToString(sum[:4])
		return r.write(p, data)
	})
}

// copyFiles copies public attachments, case covers and the images that case, bulletin
// and page bodies show out of the content tree. The
// tree's file system opens no symbolic link, and an attachment is copied only when its
// bytes are still the ones the check hashed (and as they are: their SHA-256 is published
// with them); an image leaves out the metadata that records where it was taken.
func (r *renderer) copyFiles() error {
	type file struct{ src, dst, sha string }
	var files []file
	for _, res := range r.site.Results {
		for _, a := range res.Attachments {
			files = append(files, file{a.src, a.URL, a.SHA256})
		}
	}
	for _, c := range r.site.Cases {
		if c.cover != "" {
			files = append(files, file{c.cover, c.CoverURL, ""})
		}
		for _, src := range c.images {
			files = append(files, file{src, c.URL + path.Base(src), ""})
		}
	}
	for _, p := range r.site.Pages {
		for _, src := range p.images {
			files = append(files, file{src, p.URL + path.Base(src), ""})
		}
	}
	for _, b := range r.site.Bulletins {
		for _, src := range b.images {
			files = append(files, file{src, b.URL + path.Base(src), ""})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].dst < files[j].dst })
	for i, f := range files {
		if i > 0 && files[i-1].dst == f.dst {
			continue
		}
		data, err := content.ReadAtMost(r.opt.Src, f.src, content.MaxAttachment)
		if err != nil {
			return fmt.Errorf("复制 %s：%w", f.src, err)
		}
		if len(data) > content.MaxAttachment {
			return fmt.Errorf("复制 %s：文件超过 %s 的上限（检查之后变大了），未发布", f.src, content.HumanSize(content.MaxAttachment))
		}
		if sum := sha256.Sum256(data); f.sha != "" && !strings.EqualFold(hex.EncodeToString(sum[:]), strings.TrimSpace(f.sha)) {
			return fmt.Errorf("复制 %s：文件与检查时不同（SHA-256 不符），未发布", f.src)
		}
		if f.sha == "" { // an image beside a case, bulletin or page: never with where it was taken
			data = content.WithoutLocation(data)
		}
		if err := r.write(f.dst, data); err != nil {
			return err
		}
	}
	return nil
}

// job is one HTML page to render.
type job struct {
	page *PageData
	md   string // Markdown to convert into page.Body
}

func (r *renderer) renderPages(jobs []job) error {
	var (
		wg    sync.WaitGroup
		next  atomic.Int64
		mu    sync.Mutex
		first error
	)
	for w := 0; w < r.opt.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				buf.Reset()
				err := r.renderPage(&buf, jobs[i])
				jobs[i] = job{} // its page and converted body are written: let them go
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	sort.Strings(r.urls)
	return nil
}

func (r *renderer) renderPage(buf *bytes.Buffer, j job) error {
	p := j.page
	if pl, ok := r.opt.Pages.(PagePlacer); ok {
		if size, ok := pl.Place(p, outputFile(p.URL)); ok {
			r.files.Add(1)
			r.bytes.Add(size)
			r.countPage(p)
			return nil
		}
	}
	if pr, ok := r.opt.Pages.(PageReader); ok {
		if data, ok := pr.PageInto(p, buf); ok {
			return r.wrotePage(p, data)
		}
	} else if r.opt.Pages != nil {
		if data, ok := r.opt.Pages.Page(p); ok {
			return r.wrotePage(p, data)
		}
	}
	switch {
	case j.md != "" && p.Kind == "result" && r.twins.page:
		p.bodyMD = j.md // converted as the page is written (resultMain), not made a string first
	case j.md != "":
		html, err := r.md.convertFor(j.md, p.resultFiles())
		if err != nil {
			return fmt.Errorf("%s：%w", p.URL, err)
		}
		p.Body = html
	}
	if err := r.execute(buf, p); err != nil {
		return err
	}
	if r.opt.Pages != nil {
		r.opt.Pages.Rendered(p, buf.Bytes())
	}
	return r.wrotePage(p, buf.Bytes())
}

// execute writes page p by its template, or its typed twin where the theme allows one.
func (r *renderer) execute(buf *bytes.Buffer, p *PageData) error {
	if p.Kind == "result" && r.twins.page {
		if err := p.resultPage(buf); err != nil {
			return fmt.Errorf("渲染 %s：%w", p.URL, err)
		}
		return nil
	}
	t := r.tmpl[p.Kind+".html"]
	if l := r.twins.list[p.Kind+".html"]; l != nil {
		t = l
	}
	if p.Kind == "result" && r.twins.main != nil {
		t = r.twins.main
	}
	if t == nil {
		return fmt.Errorf("主题缺少模板 %s.html", p.Kind)
	}
	if p.Kind != "result" && r.twins.frame[p.Kind+".html"] {
		main := func(b *bytes.Buffer) error { return t.ExecuteTemplate(b, "main", p) }
		if m := r.twins.mains[p.Kind+".html"]; m != nil {
			main = func(b *bytes.Buffer) error { return m(p, b) }
		}
		if err := p.typedFrame(buf, main); err != nil {
			return fmt.Errorf("渲染 %s：%w", p.URL, err)
		}
		return nil
	}
	if err := t.ExecuteTemplate(buf, "base", p); err != nil {
		return fmt.Errorf("渲染 %s：%w", p.URL, err)
	}
	if t == r.twins.main {
		if err := p.spliceTyped(buf); err != nil {
			return fmt.Errorf("渲染 %s：%w", p.URL, err)
		}
	}
	return nil
}

// wrotePage writes page p's bytes and counts it.
func (r *renderer) wrotePage(p *PageData, data []byte) error {
	if err := r.write(outputFile(p.URL), data); err != nil {
		return err
	}
	r.countPage(p)
	return nil
}

// countPage counts page p as written.
func (r *renderer) countPage(p *PageData) {
	r.pages.Add(1)
	if p.Kind != "404" {
		r.mu.Lock()
		r.urls = append(r.urls, p.URL)
		r.mu.Unlock()
	}
}

// loadTemplates parses every page template of theme together with the partials.
func loadTemplates(theme fs.FS, funcs template.FuncMap) (map[string]*template.Template, error) {
	names, err := fs.Glob(theme, "*.html")
	if err != nil {
		return nil, err
	}
	base, err := loadPartials(theme, names, funcs)
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		if n[0] == '_' {
			continue
		}
		if out[n], err = loadPage(theme, base, n); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadPartials parses the partials (files named _*) among theme's names.
func loadPartials(theme fs.FS, names []string, funcs template.FuncMap) (*template.Template, error) {
	base := template.New("").Funcs(funcs)
	for _, n := range names {
		if n[0] != '_' {
			continue
		}
		data, err := fs.ReadFile(theme, n)
		if err != nil {
			return nil, err
		}
		if _, err := base.New(n).Parse(string(data)); err != nil {
			return nil, fmt.Errorf("模板 %s：%w", n, err)
		}
	}
	return base, nil
}

// loadPage parses page template n of theme over a copy of the partials.
func loadPage(theme fs.FS, partials *template.Template, n string) (*template.Template, error) {
	data, err := fs.ReadFile(theme, n)
	if err != nil {
		return nil, err
	}
	t, err := partials.Clone()
	if err != nil {
		return nil, err
	}
	if _, err := t.New(path.Base(n)).Parse(string(data)); err != nil {
		return nil, fmt.Errorf("模板 %s：%w", n, err)
	}
	return t, nil
}
