package render

import (
	"bytes"
	"io/fs"
	"sort"
	"sync"
	"time"

	"wuxiao/generator/content"
)

// Lazy is a site whose pages are rendered only when first asked for, each once: wuxiao
// serve's way of rebuilding only what someone looks at. Its files are byte for byte the
// files Render writes (a test compares them). A Lazy is safe for concurrent use.
//
// Update makes the Lazy of a changed tree, patching the site in place when it can
// (patch.go): the Lazy it was called on then shows the new site too, and is not to be
// shown any more.
type Lazy struct {
	m      *lazySite
	static *memOutput // the theme's static files, copied at once
	mu     sync.Mutex
	done   map[string]*lazyPage // the pages asked for, by output file name
	extras lazyExtras           // attachments, data, feed, sitemap, robots: made together on first use
}

// lazySite is a site and its pages, shared by the Lazys it is patched through; mu keeps
// a patch from changing it while a page of it is being rendered.
type lazySite struct {
	mu    sync.RWMutex
	base  *renderer      // the site, templates, converter and asset versions
	pages map[string]job // output file name → page
	urls  []string       // of every page but 404, sorted: the sitemap's
	wait  time.Duration  // patchWait; tests wait longer
}

// lazyPage is one HTML page and, once rendered, its bytes.
type lazyPage struct {
	once sync.Once
	data []byte
	err  error
}

type lazyExtras struct {
	once  sync.Once
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
	return newLazy(newLazySite(r), static), nil
}

// Renew is a Lazy of another site with the same theme: it shares the static files, their
// versions and the templates, and lists the new site's pages.
func (l *Lazy) Renew(site *Site) *Lazy {
	r := l.m.base.shallow(l.static)
	r.site = site
	return newLazy(newLazySite(r), l.static)
}

// Update is a Lazy of NewSite(tree, baseURL, now) with the same theme: l's site patched
// in place when tree changes only submissions that keep their place in it (patched
// true), else Renew's. After a patch l shows the new site too.
//
// A patch waits for the pages being rendered, but no longer than patchWait: a long one
// (the data files, the search index of a large site) would hold the save back, and a
// new site is quicker then.
func (l *Lazy) Update(tree *content.Tree, baseURL string, now content.Date) (next *Lazy, patched bool) {
	if l.lock(l.m.wait) {
		ok := l.m.patch(tree, baseURL, now)
		l.m.mu.Unlock()
		if ok {
			return newLazy(l.m, l.static), true
		}
	}
	return l.Renew(NewSite(tree, baseURL, now)), false
}

// patchWait is how long Update waits for renders of the site in progress.
const patchWait = 20 * time.Millisecond

// lock takes l's site for a patch once no page of it is being rendered, unless that takes
// longer than wait.
func (l *Lazy) lock(wait time.Duration) bool {
	for deadline := time.Now().Add(wait); ; time.Sleep(200 * time.Microsecond) {
		if l.m.mu.TryLock() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// Patchable tells whether Update would patch l's site for tree (without doing it).
func (l *Lazy) Patchable(tree *content.Tree, baseURL string, now content.Date) bool {
	l.m.mu.RLock()
	defer l.m.mu.RUnlock()
	_, ok := l.m.base.site.patchOf(tree, baseURL, now)
	return ok
}

// Reading calls f with l's site, which no patch changes meanwhile (f must not keep it).
func (l *Lazy) Reading(f func(site *Site)) {
	l.m.mu.RLock()
	defer l.m.mu.RUnlock()
	f(l.m.base.site)
}

// newLazySite lists the pages of r's site; r has its theme loaded.
func newLazySite(r *renderer) *lazySite {
	m := &lazySite{base: r, pages: map[string]job{}, wait: patchWait}
	for _, j := range r.pageJobs() {
		m.pages[outputFile(j.page.URL)] = j
		if j.page.Kind != "404" {
			m.urls = append(m.urls, j.page.URL)
		}
	}
	sort.Strings(m.urls)
	return m
}

func newLazy(m *lazySite, static *memOutput) *Lazy {
	l := &Lazy{m: m, static: static, done: map[string]*lazyPage{}}
	l.extras.files.files = map[string][]byte{}
	return l
}

// File returns the site file name (slash-separated, e.g. "2023/index.html"), rendering it
// if need be; an error wrapping fs.ErrNotExist means the site has no such file.
func (l *Lazy) File(name string) ([]byte, error) {
	if data, ok := l.static.get(name); ok {
		return data, nil
	}
	l.m.mu.RLock()
	defer l.m.mu.RUnlock()
	if j, ok := l.m.pages[name]; ok {
		l.mu.Lock()
		p := l.done[name]
		if p == nil {
			p = &lazyPage{}
			l.done[name] = p
		}
		l.mu.Unlock()
		p.once.Do(func() {
			page := *j.page // rendering sets its Body: the Lazys of a patched site share the page
			j.page = &page
			out := &memOutput{files: map[string][]byte{}}
			var buf bytes.Buffer
			p.err = l.m.base.shallow(out).renderPage(&buf, j)
			p.data, _ = out.get(name)
		})
		return p.data, p.err
	}
	e := &l.extras
	e.once.Do(func() {
		x := l.m.base.shallow(&e.files)
		x.urls = l.m.urls
		for _, step := range []func() error{x.copyFiles, x.writeData, x.writeDecisions, x.writeFeed, x.writeSitemap, x.writeRobots} {
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
	l.m.mu.RLock()
	names := make([]string, 0, len(l.m.pages)+len(l.static.files))
	for n := range l.m.pages {
		names = append(names, n)
	}
	l.m.mu.RUnlock()
	for n := range l.static.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// shallow is a renderer that shares r's templates and converter but writes to out and
// keeps its own counters, so that pages can render at once without sharing state.
func (r *renderer) shallow(out Output) *renderer {
	return &renderer{site: r.site, opt: r.opt, out: out, tmpl: r.tmpl, twins: r.twins, md: r.md, assets: r.assets, rootMark: r.rootMark}
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
