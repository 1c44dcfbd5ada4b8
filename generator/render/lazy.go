package render

import (
	"bytes"
	"io/fs"
	"sort"
	"sync"
)

// Lazy is a site whose pages are rendered only when first asked for, each once: wuxiao
// serve's way of rebuilding only what someone looks at. Its files are byte for byte the
// files Render writes (a test compares them). A Lazy is safe for concurrent use.
type Lazy struct {
	base   *renderer            // the templates, converter and asset versions, for Renew
	static *memOutput           // the theme's static files, copied at once
	pages  map[string]*lazyPage // output file name → page
	extras lazyExtras           // attachments, data, feed, sitemap, robots: made together on first use
}

// lazyPage is one HTML page and, once rendered, its bytes.
type lazyPage struct {
	once sync.Once
	r    *renderer
	job  job
	data []byte
	err  error
}

type lazyExtras struct {
	once  sync.Once
	r     *renderer
	files memOutput
	err   error
}

// NewLazy prepares site for rendering page by page.
func NewLazy(site *Site, opt Options) (*Lazy, error) {
	static := &memOutput{files: map[string][]byte{}}
	r, err := newRenderer(site, opt, static)
	if err != nil {
		return nil, err
	}
	return newLazy(r, static), nil
}

// Renew is a Lazy of another site with the same theme: it shares the static files, their
// versions and the templates, and lists the new site's pages.
func (l *Lazy) Renew(site *Site) *Lazy {
	r := l.base.shallow(l.static)
	r.site = site
	return newLazy(r, l.static)
}

// newLazy lists the pages of r's site; r has its theme loaded.
func newLazy(r *renderer, static *memOutput) *Lazy {
	l := &Lazy{base: r, static: static, pages: map[string]*lazyPage{}}
	x := r.shallow(&l.extras.files)
	l.extras.files.files = map[string][]byte{}
	l.extras.r = x
	for _, j := range r.pageJobs() {
		name := outputFile(j.page.URL)
		l.pages[name] = &lazyPage{r: r, job: j}
		if j.page.Kind != "404" {
			x.urls = append(x.urls, j.page.URL)
		}
	}
	sort.Strings(x.urls)
	return l
}

// File returns the site file name (slash-separated, e.g. "2023/index.html"), rendering it
// if need be; an error wrapping fs.ErrNotExist means the site has no such file.
func (l *Lazy) File(name string) ([]byte, error) {
	if data, ok := l.static.get(name); ok {
		return data, nil
	}
	if p := l.pages[name]; p != nil {
		p.once.Do(func() {
			out := &memOutput{files: map[string][]byte{}}
			pr := p.r.shallow(out)
			var buf bytes.Buffer
			p.err = pr.renderPage(&buf, p.job)
			p.data, _ = out.get(name)
		})
		return p.data, p.err
	}
	e := &l.extras
	e.once.Do(func() {
		for _, step := range []func() error{e.r.copyFiles, e.r.writeData, e.r.writeDecisions, e.r.writeFeed, e.r.writeSitemap, e.r.writeRobots} {
			if e.err = step(); e.err != nil {
				return
			}
		}
	})
	if e.err != nil {
		return nil, e.err
	}
	if data, ok := e.files.get(name); ok {
		return data, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// Names lists the HTML pages and static files; the extras are known only once made.
func (l *Lazy) Names() []string {
	names := make([]string, 0, len(l.pages)+len(l.static.files))
	for n := range l.pages {
		names = append(names, n)
	}
	for n := range l.static.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// shallow is a renderer that shares r's templates and converter but writes to out and
// keeps its own counters, so that pages can render at once without sharing state.
func (r *renderer) shallow(out Output) *renderer {
	return &renderer{site: r.site, opt: r.opt, out: out, tmpl: r.tmpl, typed: r.typed, md: r.md, assets: r.assets}
}

// memOutput keeps written files in memory.
type memOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memOutput) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = bytes.Clone(data)
	return nil
}

func (m *memOutput) get(name string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.files[name]
	return data, ok
}
