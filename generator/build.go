package generator

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/render"
	"wuxiao/generator/search"
	"wuxiao/layouts"
)

// BuildOptions say where the site goes.
type BuildOptions struct {
	Out     string // the output folder; "" means public/ under the root
	BaseURL string // overrides site.yaml's base_url when set
	Workers int    // page-rendering goroutines; 0 means GOMAXPROCS
	// Compress writes a .gz and a .br copy beside each text file (and the .wasm) for
	// nginx's gzip_static and brotli_static (see precompress).
	Compress bool
	// Static holds files published beside the theme's static files, by theme path
	// (static/…); nil for none. The site's own layouts/ still overrides them.
	Static fs.FS
	// Cache, when set, keeps the rendered pages between builds (see Cache).
	Cache Cache
	// Warn, when set, is told of a damaged cache entry (ignored: the build goes on
	// without it), one message at a time.
	Warn func(string)
	// Waiting, when set, is told that another build holds folder dir, the output's
	// parent, and that this one waits for it to finish: builds whose outputs share a
	// folder take turns there.
	Waiting func(dir string)
	// Loaded, when set, is called once the content has loaded, with the total size of
	// its files, before anything is rendered: wuxiao build bounds its memory by it.
	Loaded func(contentBytes int64)
}

// ErrCheckFailed means the content has errors, so nothing was built.
var ErrCheckFailed = errors.New("内容检查未通过，未生成网站")

// Build checks the content and, only if it has no errors, renders the site into a
// temporary folder beside opt.Out and swaps it into place. On any failure the old
// output stays exactly as it was. The diagnostics are returned in every case.
//
// Once the tree has loaded without errors, the rules run while the site is rendered
// from the same (read-only) tree: most rules are sequential, so rendering fills the
// other cores. If a rule then finds an error, the rendered folder is thrown away.
func Build(cfg Config, opt BuildOptions) (*diag.List, *render.Report, error) {
	cfg = cfg.withDefaults()
	if opt.Warn != nil { // told from the goroutines that read the cache
		warn, mu := opt.Warn, &sync.Mutex{}
		opt.Warn = func(msg string) {
			mu.Lock()
			defer mu.Unlock()
			warn(msg)
		}
	}
	if opt.Cache != nil {
		opt.Cache = newCheckedCache(opt.Cache, opt.Warn) // buildcache_entry.go: a damaged entry is a miss
	}
	// Through a cache, the folder the last exchange left beside the output is kept, when
	// the cache has its record, to be brought up to date in place (outfolder_site.go). Not
	// with Compress, whose copies no record holds, nor where no exchange keeps it.
	// The kept parse of the content (39 MB at 10,000 results) is read and decoded from
	// the start, the longest of what the content's load waits for.
	reuse := loadReuse(opt.Cache, opt.Warn)
	var keptRec []byte // the kept folder's record, decoded while the content loads (openSite)
	keep := func(dir string) bool {
		keptRec = recordData(opt.Cache, OutDir(cfg, opt), dir)
		return keptRec != nil
	}
	if opt.Cache == nil || opt.Compress || !canExchange {
		keep = nil
	}
	out, err := openOutFolder(cfg.Root, OutDir(cfg, opt), keep, opt.Waiting) // outfolder.go: refused, locked, cleaned
	if err != nil {
		return nil, nil, err
	}
	defer out.Close()
	if out.kept == "" {
		keptRec = nil
	}
	var opening *siteOpening
	if opt.Cache != nil {
		opening = openSite(opt.Cache, out, keptRec) // the kept folder is scanned while the content loads
		defer opening.abandon()
	}
	var sums *sumFS
	if opt.Cache != nil {
		sums = newSumFS(content.DirFS(cfg.Root))
		sums.recall(opt.Cache, cfg.Root) // the files not changed since are not read (buildcache_stamps.go)
	}
	tree, diags, err := loadFS(cfg, sums, reuse)
	if err != nil {
		return nil, nil, err
	}
	defer saveReuse(opt.Cache, reuse)() // kept while the site is made, for the next build
	if opt.Loaded != nil {
		var n int64
		for _, size := range tree.Files {
			n += size
		}
		opt.Loaded(n)
	}
	// The hashes of the files loaded, which the stamps kept for the next build, the rules
	// and the page keys read at once.
	loaded := sums.snapshot()
	if errs, _ := diags.Count(); errs > 0 {
		sums.record(opt.Cache, cfg.Root, loaded)
		checkLoaded(cfg, tree, diags) // report everything, as check does
		return diags, nil, ErrCheckFailed
	}
	cfg.Now = cfg.today() // the rules and the pages agree on the day
	checked := make(chan struct{})
	go func() { // the stamps and the rules' memos are kept while the pages are made
		defer close(checked)
		sums.record(opt.Cache, cfg.Root, loaded)
		memo, found := loadMemo(opt.Cache), loadRules(opt.Cache, opt.Warn)
		checkMemo(cfg, tree, diags, memo, loaded, found)
		saveMemo(opt.Cache, memo)
		saveRules(opt.Cache, found)
	}()
	rep, tmp, keys, held, err := renderTemp(cfg, opt, tree, sums, loaded, out, opening)
	placed := false
	if tmp != "" && tmp != out.kept {
		defer func() {
			if !placed { // once placed, tmp is gone or holds the old output, left to the next build
				_ = os.RemoveAll(tmp)
			}
		}()
	} // a kept folder left half done has no record: the next build deletes it
	var site *siteDir
	if keys != nil {
		site = keys.placed
		defer site.close() // and the folder it holds
	} else {
		defer held.close()
	}
	<-checked
	if rep != nil {
		for _, d := range rep.Warnings {
			diags.Add(d)
		}
	}
	if errs, _ := diags.Count(); errs > 0 {
		if err == nil && site != nil && site.kept && site.finish() == nil {
			// The kept folder holds this build, whole: it stays kept, recorded.
			saveRecord(opt.Cache, out.path, tmp, site.record(tmp, time.Now()))
		}
		return diags, nil, ErrCheckFailed
	}
	if err != nil {
		return diags, nil, err
	}
	if site != nil {
		if err := site.finish(); err != nil {
			return diags, nil, err
		}
	}
	if opt.Compress {
		if rep.Compressed, err = precompress(held); err != nil {
			return diags, nil, fmt.Errorf("预先压缩：%w", err)
		}
	}
	if err := held.is(tmp); err != nil { // else the exchange would put what is there in the output's place
		return diags, nil, err
	}
	exchanged := time.Now()
	err = out.Replace(tmp)
	placed = err == nil
	if placed && site != nil && !opt.Compress {
		saveRecord(opt.Cache, out.path, out.path, site.record(out.path, exchanged)) // the next builds leave these files in place
	}
	return diags, rep, err
}

// saveRecord keeps rec (nil for none) as the record of folder dir: output folder out, or
// the folder beside it.
func saveRecord(cache Cache, out, dir string, rec *folderRecord) {
	if key, ok := recordKey(out, dir); ok && rec != nil {
		cache.Put(key, rec.encode())
	}
}

// renderTemp renders the site into a new temporary folder beside the output folder,
// through the page cache it returns when opt has a cache. It returns the folder held
// open, as the pages were written to it (holdFolder), for what the build does there
// until the exchange; close it. loaded holds the hashes of the files the tree was
// loaded from (sumFS.snapshot), which the page keys hash: not those of the files read
// after (attachments, case covers), which no page shows but as copied files, compared
// byte for byte.
func renderTemp(cfg Config, opt BuildOptions, tree *content.Tree, sums *sumFS, loaded map[string][32]byte, out *outFolder, opening *siteOpening) (*render.Report, string, *pageKeys, heldFolder, error) {
	theme := render.Overlay{Default: layouts.FS()}
	if dir := filepath.Join(cfg.Root, "layouts"); isDir(dir) {
		theme.Site = content.DirFS(dir)
	}
	extra, err := generated(opt.Static) // generated.go: the schemas and the caller's files
	if err != nil {
		return nil, "", nil, heldFolder{}, err
	}
	theme = withGenerated(theme, extra)
	var keys *pageKeys
	var keysErr error
	keysMade := make(chan struct{})
	if opening != nil { // the content's and the theme's hashes are made while the site is
		go func() {
			defer close(keysMade)
			keys, keysErr = newPageKeys(opt.Cache, tree, loaded, theme, "base_url="+opt.BaseURL+"\x00now="+cfg.Now.String())
		}()
	}
	site := render.NewSite(tree, opt.BaseURL, cfg.Now)
	ropt := render.Options{Theme: theme, Src: tree.FS, Workers: opt.Workers}
	var pages interface {
		WriteFile(name string, data []byte) error
	}
	var (
		tmp  string
		held heldFolder
		done bool // held is returned, for the caller to close
	)
	if opening == nil {
		prev := ""
		if isOurs(out.path) {
			prev = out.path
		}
		if tmp, err = out.TempDir(); err != nil {
			return nil, tmp, nil, heldFolder{}, err
		}
		if held, err = holdFolder(tmp); err != nil {
			return nil, tmp, nil, heldFolder{}, err
		}
		defer func() {
			if !done {
				held.close()
			}
		}()
		marker, _ := held.stat(outMarker)
		d := &dirOutput{held: held, prev: prev, mode: marker.mode}
		if pages = d; prev == "" {
			pages = freshOutput{d}
		}
	} else {
		var dir *siteDir
		dir, tmp, err = opening.wait()
		<-keysMade
		if err != nil {
			return nil, tmp, nil, heldFolder{}, err
		}
		if keysErr != nil {
			return nil, tmp, nil, heldFolder{}, keysErr
		}
		keys.placed, pages, ropt.Pages, held = dir, dir, keys, dir.held
		keys.sumAll(site, cmp.Or(opt.Workers, runtime.GOMAXPROCS(0)))
	}
	var kept search.Options // what the index keeps between builds, and knows them by
	if opt.Cache != nil {
		kept.Cache = opt.Cache
		kept.Sums = sums.sum
	}
	var ix *search.Index
	writeIndex := func() (err error) {
		ix, err = search.WriteSite(pages, site, tree, kept)
		return err
	}
	if opening != nil {
		// Through a cache the index is mostly patched and written, on one core, as are the
		// site's last files: each beside the other (at 10,000 results 50 and 30 ms).
		ropt.Beside, writeIndex = writeIndex, nil
	}
	rep, err := render.Render(site, ropt, pages)
	if err != nil {
		return nil, tmp, nil, heldFolder{}, err
	}
	if writeIndex != nil {
		if err := writeIndex(); err != nil {
			return nil, tmp, nil, heldFolder{}, err
		}
	}
	rep.Files, rep.Bytes = rep.Files+len(ix.Files), rep.Bytes+ix.Bytes()
	done = true
	return rep, tmp, keys, held, nil
}

// OutDir is the folder Build writes: opt.Out, or public/ under the root.
func OutDir(cfg Config, opt BuildOptions) string {
	if opt.Out != "" {
		return filepath.Clean(opt.Out)
	}
	return filepath.Join(cfg.withDefaults().Root, "public")
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

// dirOutput writes the site's files under a folder, remembering the folders it made
// so that each costs one mkdir: a large site has a folder per page.
//
// When prev, the output of the build before, has a file with the same bytes, the new
// output gets a hard link to it instead of a copy: nothing is written on the disk, and
// the file keeps its time, so that rsync and the like skip it.
type dirOutput struct {
	held heldFolder // the new temporary, held open while the site is written (holdFolder)
	prev string     // the previous output; "" for none
	mode uint32     // a new file's mode (the umask applies): a file linked must have it
	bufs sync.Pool  // buffers to read the previous output's files into
	made sync.Map   // folder (slash-separated) → struct{}
}

func (d *dirOutput) WriteFile(name string, data []byte) error {
	if err := d.makeRoom(name); err != nil {
		return err
	}
	if d.prev != "" {
		buf := d.bufs.Get()
		if buf == nil {
			buf = new([64 << 10]byte)
		}
		defer d.bufs.Put(buf)
		src := filepath.Join(d.prev, filepath.FromSlash(name))
		if st, same := sameBytes(src, data, buf.(*[64 << 10]byte)[:]); same && st.mode == d.mode && d.held.link(src, name) == nil {
			return nil
		}
	}
	return d.held.writeFile(name, data)
}

// freshOutput is a dirOutput with no previous output to link files from, which can so
// write a file as it is made (render.FileCreator): the year's open data.
type freshOutput struct{ *dirOutput }

func (o freshOutput) CreateFile(name string) (io.WriteCloser, error) {
	if err := o.makeRoom(name); err != nil {
		return nil, err
	}
	return o.held.create(name)
}

// makeRoom refuses a file name outside the site and makes the folders it goes in.
func (d *dirOutput) makeRoom(name string) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("输出路径 %q 越出了网站目录", name)
	}
	return d.mkdirs(path.Dir(name))
}

func (d *dirOutput) mkdirs(dir string) error {
	if _, ok := d.made.Load(dir); ok || dir == "." {
		return nil
	}
	err := d.held.mkdir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if err = d.mkdirs(path.Dir(dir)); err == nil {
			err = d.held.mkdir(dir)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.made.Store(dir, struct{}{})
	return nil
}
