package generator

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/dedup"
	"wuxiao/generator/diag"
	"wuxiao/generator/render"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
	"wuxiao/generator/search"
	"wuxiao/layouts"
)

// preview checks and builds the site in memory for wuxiao serve with the same loading,
// rules and rendering as check and build, in two steps. The quick check answers at once:
// it parses only the changed files, runs the one-file rules only on them and, when only
// the text of existing submissions changed, runs the other rules on a tree of just those
// submissions and the files they refer to, keeping every other file's findings from the
// last full check. The full check runs every rule over the whole tree, as check does
// (without the results history, which needs Git and is for CI). Pages are rendered only
// when asked for. A preview is used by one goroutine; full may run on another.
type preview struct {
	cfg       Config
	baseURL   string
	cache     *content.Cache
	local     map[any][]diag.Diagnostic // findings of the one-file rules, by parsed value
	perFile   []rules.Rule
	quickOnes []rules.Rule                 // the rest but the slow ones
	all       []rules.Rule                 // the rest
	byFile    map[string][]diag.Diagnostic // what the last full check's rules found; nil before one
	known     map[string]any               // the parsed value of each file of the tree it checked
	sizes     map[string]int64             // and the size of each
	subs      map[string]subState          // and its submissions, by file
	loadTook  time.Duration                // of the last quick check: reading and parsing
	extra     fs.FS                        // files published beside the theme's: schemas, the caller's static files
	// knownParsed is how many of known's values are parsed ones (not a file's name).
	knownParsed int
	// since is what each load after the tree of known changed, oldest first
	// (previewsince.go); sinceKnown is false when that is not known: no tree remembered
	// from those loads, or more loads than maxSince since.
	since      []loadChanges
	sinceKnown bool
	// last is the last site prepared, which the next is patched from or renewed with the
	// same theme; themeChanged says whether the theme may have changed since (layouts/).
	last         *render.Lazy
	themeChanged bool
	// memo keeps what the full checks' rules found (rules.Memo), each part by tokens of
	// the parsed values it was found from (valueSums): a reload keeps the value of an
	// unchanged file. The full check alone uses them.
	memo   *rules.Memo
	idsMu  sync.Mutex
	ids    map[any][32]byte
	lastID uint64
}

func newPreview(cfg Config, baseURL string, static fs.FS) *preview {
	p := &preview{cfg: cfg, baseURL: baseURL, cache: content.NewCache(content.DirFS(cfg.Root)), local: map[any][]diag.Diagnostic{}, memo: rules.NewMemo()}
	p.extra, _ = generated(static) // the schemas come from the struct tags: this cannot fail at run time
	// A one-file rule's findings on a file depend on that file alone: it runs only on the
	// files that changed. A slow rule runs only in the full check, after the reload.
	memo := dedup.NewMemo() // the full checks one after another align only the pairs that changed
	for _, r := range ruleset.All(cfg.DedupCache) {
		if r.Name == "duplicate" {
			r = rules.DuplicateMemo(cfg.DedupCache, memo, nil)
		}
		switch {
		case r.Reach == rules.ReachFile:
			p.perFile = append(p.perFile, r)
		case r.Slow:
			p.all = append(p.all, r)
		default:
			p.all = append(p.all, r)
			p.quickOnes = append(p.quickOnes, r)
		}
	}
	return p
}

// now is the day that counts as today for this build.
func (p *preview) now() content.Date {
	return p.cfg.today()
}

// load reloads what changed (nil: everything) and returns the tree and the base of its
// checks: the loader's and the one-file rules' findings.
func (p *preview) load(changed []string) (tree *content.Tree, base *diag.List, err error) {
	start := time.Now()
	for _, c := range changed {
		p.themeChanged = p.themeChanged || c == "layouts" || strings.HasPrefix(c, "layouts/")
	}
	if changed == nil {
		p.themeChanged = true
	}
	tree, base, err = p.cache.Reload(changed)
	p.loadTook = time.Since(start)
	if err != nil {
		p.local = map[any][]diag.Diagnostic{} // what the failed reload changed is not known: all again next time
		p.since, p.sinceKnown = nil, false
		return nil, nil, err
	}
	p.logChanges(tree)
	p.oneFile(tree, p.now(), base)
	return tree, base, nil
}

// quick is the quick check of tree after changed (nil: anything), on top of base.
func (p *preview) quick(tree *content.Tree, base *diag.List, changed []string) *diag.List {
	now := p.now()
	found := &diag.List{}
	found.Append(base)
	if subs := p.dirtySubmissions(tree, changed); subs != nil {
		p.reduced(tree, base, subs, now, found)
	} else {
		rules.Run(tree, now, p.quickOnes, found)
		if p.known == nil {
			// No full check has finished yet (the first takes seconds on a large tree): the
			// next quick checks build on this one, which lacks only the slow rules' findings,
			// as they do themselves, until the full check's findings replace it.
			p.remember(tree, base, found)
		}
	}
	found.Sort()
	return found
}

// full runs every rule over tree on top of base, as check does, in the background (one
// core, stopping once done is closed: then it returns nil), taking from p's memo what the
// last full checks found on the same input. It touches nothing of p but its rule lists
// and its memo, so it may run while p serves quick checks.
func (p *preview) full(done <-chan struct{}, tree *content.Tree, base *diag.List, now content.Date) *diag.List {
	out := &diag.List{}
	out.Append(base)
	if !rules.RunBackground(done, tree, now, p.all, p.valueSums(tree), p.memo, out) {
		return nil
	}
	out.Sort()
	return out
}

// valueSums stands for the sums of tree's files that rules.Memo keys by: a token of each
// parsed value, the same while the cache keeps the value (the file unchanged), a new one
// for a value not seen in the last call; a file without a parse has the zero token (the
// tree rules read none of its bytes: only whether it is broken, which the memo's key holds).
func (p *preview) valueSums(tree *content.Tree) map[string][32]byte {
	p.idsMu.Lock()
	defer p.idsMu.Unlock()
	sums := make(map[string][32]byte, len(tree.Files))
	for f := range tree.Files {
		sums[f] = [32]byte{}
	}
	ids := make(map[any][32]byte, len(p.ids))
	rules.Parsed(tree, func(file string, v any) {
		if v == nil {
			sums[file] = [32]byte{}
			return
		}
		id, ok := p.ids[v]
		if !ok {
			p.lastID++
			id = sha256.Sum256(strconv.AppendUint([]byte("value "), p.lastID, 10))
		}
		ids[v] = id
		sums[file] = id
	})
	p.ids = ids
	return sums
}

// subState is what rule results reads of a submission besides its id.
type subState struct {
	submitted content.Date
	failing   bool // its file has an error
}

// remember keeps the findings a full check added to its base, by file, for the quick
// checks that follow (which have the base afresh).
func (p *preview) remember(tree *content.Tree, base, full *diag.List) {
	inBase := map[diag.Diagnostic]int{}
	for _, d := range base.Items() {
		inBase[d]++
	}
	p.byFile = map[string][]diag.Diagnostic{}
	for _, d := range full.Items() {
		if inBase[d] > 0 {
			inBase[d]--
			continue
		}
		p.byFile[d.Pos.File] = append(p.byFile[d.Pos.File], d)
	}
	p.known, p.sizes, p.knownParsed = valuesOf(tree), tree.Files, 0
	p.forgetChangesUpTo(tree)
	for _, v := range p.known {
		if _, unparsed := v.(string); !unparsed {
			p.knownParsed++
		}
	}
	p.subs = map[string]subState{}
	for _, y := range tree.Years {
		for _, s := range y.Submissions {
			p.subs[s.File] = subState{submitted: s.Submitted}
		}
	}
	for _, d := range full.Items() {
		if st, ok := p.subs[d.Pos.File]; ok && d.Severity == diag.Error {
			st.failing = true
			p.subs[d.Pos.File] = st
		}
	}
}

// oneFile adds the one-file rules' findings: kept for files parsed before, found anew
// (in one run over a tree of just those files) for the others.
func (p *preview) oneFile(tree *content.Tree, now content.Date, out *diag.List) {
	if changes, ok := p.cache.Changes(); ok && len(p.local) > 0 {
		p.oneFileChanged(tree, changes, now, out)
		return
	}
	fresh := &content.Tree{FS: tree.FS}
	byFile := map[string]any{}
	keep := map[any][]diag.Diagnostic{}
	visit := func(v any, file string, add func()) {
		if found, ok := p.local[v]; ok {
			keep[v] = found
			return
		}
		keep[v] = nil
		byFile[file] = v
		add()
	}
	for _, y := range tree.Years {
		fy := &content.Year{Year: y.Year, Dir: y.Dir}
		for _, s := range y.Submissions {
			visit(s, s.File, func() { fy.Submissions = append(fy.Submissions, s) })
		}
		for _, c := range y.Commendations {
			visit(c, c.File, func() { fy.Commendations = append(fy.Commendations, c) })
		}
		for _, c := range y.Cases {
			visit(c, c.File, func() { fy.Cases = append(fy.Cases, c) })
		}
		for _, b := range y.Bulletins {
			visit(b, b.File, func() { fy.Bulletins = append(fy.Bulletins, b) })
		}
		fresh.Years = append(fresh.Years, fy)
	}
	for _, pg := range tree.Pages {
		visit(pg, pg.File, func() { fresh.Pages = append(fresh.Pages, pg) })
	}
	if len(byFile) > 0 {
		var found diag.List
		rules.Run(fresh, now, p.perFile, &found)
		for _, d := range found.Items() {
			if v, ok := byFile[d.Pos.File]; ok {
				keep[v] = append(keep[v], d)
			}
		}
	}
	p.local = keep
	p.addLocal(out)
}

// addLocal adds every finding of the one-file rules the preview keeps to out.
func (p *preview) addLocal(out *diag.List) {
	for _, list := range p.local {
		for _, d := range list {
			out.Add(d)
		}
	}
}

// oneFileChanged is oneFile after a reload of given paths (changes): the findings of the
// values they held are dropped, the rules run on the values they hold now, and every
// other value keeps its findings, without a visit of every file (at 100,000 results,
// 70 ms of each save's CPU).
func (p *preview) oneFileChanged(tree *content.Tree, changes []content.Change, now content.Date, out *diag.List) {
	for _, ch := range changes {
		if ch.Old != nil {
			delete(p.local, ch.Old)
		}
	}
	fresh := &content.Tree{FS: tree.FS}
	year := func(y int) *content.Year {
		for _, fy := range fresh.Years {
			if fy.Year == y {
				return fy
			}
		}
		fy := &content.Year{Year: y, Dir: "content/" + strconv.Itoa(y)}
		fresh.Years = append(fresh.Years, fy)
		return fy
	}
	byFile := map[string]any{}
	for _, ch := range changes {
		switch v := ch.New.(type) { // the kinds oneFile visits
		case *content.Submission:
			year(ch.Place.Year).Submissions = append(year(ch.Place.Year).Submissions, v)
		case *content.Commendation:
			year(ch.Place.Year).Commendations = append(year(ch.Place.Year).Commendations, v)
		case *content.Case:
			year(ch.Place.Year).Cases = append(year(ch.Place.Year).Cases, v)
		case *content.Bulletin:
			year(ch.Place.Year).Bulletins = append(year(ch.Place.Year).Bulletins, v)
		case *content.Page:
			fresh.Pages = append(fresh.Pages, v)
		default:
			continue
		}
		p.local[ch.New] = nil
		byFile[ch.Path] = ch.New
	}
	if len(byFile) > 0 {
		var found diag.List
		rules.Run(fresh, now, p.perFile, &found)
		for _, d := range found.Items() {
			if v, ok := byFile[d.Pos.File]; ok {
				p.local[v] = append(p.local[v], d)
			}
		}
	}
	p.addLocal(out)
}

// patchable tells whether site would patch the last site for tree, in place: then the
// site shown changes too.
func (p *preview) patchable(tree *content.Tree) bool {
	return p.last != nil && !p.themeChanged && p.last.Patchable(tree, p.baseURL, p.now())
}

// site prepares the site of tree for rendering page by page: the last one patched in
// place when only the text of submissions changed (see patchable), else a new one. The
// theme (templates, static files and their versions) is loaded again only after it may
// have changed.
func (p *preview) site(tree *content.Tree) (*previewSite, error) {
	if p.last != nil && !p.themeChanged {
		var patched bool
		p.last, patched = p.last.Update(tree, p.baseURL, p.now())
		return &previewSite{lazy: p.last, tree: tree, patched: patched}, nil
	}
	site := render.NewSite(tree, p.baseURL, p.now())
	theme := render.Overlay{Default: layouts.FS()}
	if dir := filepath.Join(p.cfg.Root, "layouts"); isDir(dir) {
		theme.Site = content.DirFS(dir)
	}
	theme = withGenerated(theme, p.extra)
	lazy, err := render.NewLazy(site, render.Options{Theme: theme, Src: tree.FS})
	if err != nil {
		return nil, err
	}
	p.last, p.themeChanged = lazy, false
	return &previewSite{lazy: lazy, tree: tree}, nil
}

// previewSite is a site as serve answers with it: the pages, rendered when asked for,
// and the search index that build writes beside them, made on its first use.
type previewSite struct {
	lazy    *render.Lazy
	tree    *content.Tree
	patched bool // the site shown before, patched in place
	once    sync.Once
	search  map[string][]byte
	err     error
}

// File returns one file of the site.
func (s *previewSite) File(name string) ([]byte, error) {
	data, err := s.lazy.File(name)
	if !errors.Is(err, fs.ErrNotExist) {
		return data, err
	}
	s.once.Do(func() {
		out := memFiles{}
		s.lazy.Reading(func(site *render.Site) { _, s.err = search.WriteSite(out, site, s.tree, search.Options{}) })
		s.search = out
	})
	if data, ok := s.search[name]; ok {
		return data, nil
	}
	if s.err != nil {
		return nil, s.err
	}
	return nil, err
}

// memFiles keeps written files in memory (written from one goroutine).
type memFiles map[string][]byte

func (m memFiles) WriteFile(name string, data []byte) error {
	m[name] = slices.Clone(data)
	return nil
}

// affects tells whether a changed root-relative path matters to the site.
func affects(rel string) bool {
	for _, top := range []string{"content", "layouts"} {
		if rel == top || strings.HasPrefix(rel, top+"/") {
			return true
		}
	}
	return false
}
