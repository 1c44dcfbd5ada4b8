package generator

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/dedup"
	"wuxiao/generator/digest"
	"wuxiao/generator/render"
)

// Cache keeps what a build rendered, under keys that hash exactly what it was rendered
// from, for the builds that follow: wuxiao build --cache DIR keeps it in a folder. A build
// through a cache writes byte for byte what a build without one writes. A cache must not
// outlive the program that filled it (the command line keys its folder by the program's
// own hash); Put may drop what it cannot keep.
type Cache interface {
	Get(key string) ([]byte, bool)
	Put(key string, data []byte)
}

// BufferCache is a Cache that can read an entry into a buffer the caller reuses (the
// command line's folder does): Get, its bytes buf's, good until buf is used again.
type BufferCache interface {
	GetInto(key string, buf *bytes.Buffer) ([]byte, bool)
}

// sumFS is the content's file system as the build reads it, remembering a hash of every
// file read whole (every file the loader parses), so that the cache keys hash the very
// bytes the pages were made from, even if a file changes while the build runs. A file
// whose stamp is as the last build recorded it is not read: its hash is the recorded
// one (buildcache_stamps.go).
type sumFS struct {
	fs.FS
	since time.Time // when this build began to look at the files (racyLimit)
	mu    sync.Mutex
	sums  map[string][32]byte
	was   map[string]fileStamp // the stamps the last build of this root recorded (recall)
	// recalled is closed once was is taken (recall); nil when recall was not asked.
	recalled chan struct{}
	seen     map[string]fileStamp // this build's, as the loader's walk found the files
}

func newSumFS(fsys fs.FS) *sumFS {
	return &sumFS{FS: fsys, since: time.Now(), sums: map[string][32]byte{}, seen: map[string]fileStamp{}}
}

func (s *sumFS) ReadFile(name string) ([]byte, error) {
	data, _, err := s.ReadFileSum(name, content.NoLimit)
	return data, err
}

// ReadFileLimit makes sumFS a content.LimitedFS, so that the loader reads no file
// further than its kind's limit.
func (s *sumFS) ReadFileLimit(name string, limit int64) ([]byte, error) {
	data, _, err := s.ReadFileSum(name, limit)
	return data, err
}

// ReadFileSum makes sumFS a content.SummingFS: content.Reuse takes the hash made here. A
// file cut at limit+1 bytes has no sum kept: its hash is not the file's.
func (s *sumFS) ReadFileSum(name string, limit int64) ([]byte, [32]byte, error) {
	data, err := content.ReadAtMost(s.FS, name, limit)
	if err != nil {
		return nil, [32]byte{}, err
	}
	sum := digest.Sum(data)
	if int64(len(data)) <= limit {
		s.mu.Lock()
		s.sums[name] = sum
		s.mu.Unlock()
	}
	return data, sum, nil
}

func (s *sumFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.FS, name) }
func (s *sumFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(s.FS, name) }

// pageKeys names each page's bytes in the cache by what the page is made from. A result
// page of the default theme shows its submission, the commendations it climbed (its
// ladder: all it shows of the commendation files) and, of the rest of the content, what
// is neither a submission nor a commendation (units, the year's competition, reviews and
// results, cases, site.yaml, pages); a page of a facet value's or a unit's results,
// besides that rest, the submissions it lists and the counts it shows (listed); the list
// of units, that rest and the units' numbers of results (unitHeading); every other page
// may show any submission, so it depends on everything, and so does every
// page when the site's own layouts/ has a template (it may show anything). All depend
// on the theme, the build's options and the page's address. So a new submission with its
// lines in its unions' commendation files renders again only the pages that list it.
type pageKeys struct {
	cache Cache
	all   string            // everything
	base  string            // everything but the submissions and the commendations
	subs  map[subRef]string // each submission's hash line
	fine  bool              // the templates are the default theme's: result pages depend on base and their submission
	// placed, when set, leaves in place the pages the folder being filled or the output
	// built over holds unchanged.
	placed   *siteDir
	keys     sync.Map                       // *render.PageData → its key, while the page is being rendered
	headings sync.Map                       // *render.Value or *render.Unit → what its list pages show of it (listed)
	yearKeys sync.Map                       // a year's file (YearFile) → its key
	results  map[*render.Result]*resultSums // made by sumAll before the pages are rendered
	bufs     sync.Pool                      // *[]byte: makeKey's buffers

	pieces pieceList // the annex pieces asked for since the last decision was made (buildcache_docx.go)
}

// newPageKeys hashes the content as loaded (tree, with the sums of the files the loader
// read), the theme and the options the pages are rendered with.
func newPageKeys(cache Cache, tree *content.Tree, sums map[string][32]byte, theme render.Overlay, options string) (*pageKeys, error) {
	themeSum, err := hashFS(theme)
	if err != nil {
		return nil, err
	}
	own := []string(nil)
	if theme.Site != nil {
		if own, err = fs.Glob(theme.Site, "*.html"); err != nil {
			return nil, err
		}
	}
	files := make([]string, 0, len(tree.Files))
	for f := range tree.Files {
		files = append(files, f)
	}
	sort.Strings(files)
	all, base := digest.New(), digest.New()
	k := &pageKeys{cache: cache, subs: map[subRef]string{}, fine: len(own) == 0}
	for _, h := range []interface{ Write([]byte) (int, error) }{all, base} {
		h.Write([]byte("wuxiao build cache v1\x00" + options + "\x00" + themeSum + "\x00"))
	}
	line := make([]byte, 0, 256)
	for _, f := range files {
		sum := sums[f]
		line = append(append(line[:0], f...), 0)
		line = append(strconv.AppendInt(line, tree.Files[f], 10), 0)
		line = append(hex.AppendEncode(line, sum[:]), '\n')
		all.Write(line)
		if isSubmission(f) {
			if ref, ok := subRefOf(f); ok {
				k.subs[ref] = string(line)
			}
			continue
		}
		if isCommendation(f) {
			continue
		}
		base.Write(line)
	}
	k.all, k.base = hex.EncodeToString(all.Sum(nil)), hex.EncodeToString(base.Sum(nil))
	return k, nil
}

// isSubmission tells whether a content path is a submission: content/<year>/submissions/….md.
func isSubmission(p string) bool {
	rest, ok := yearFolder(p, "submissions")
	return ok && strings.Contains(rest, "/") && strings.HasSuffix(p, ".md")
}

// isCommendation tells whether a content path is in content/<year>/commendations/.
func isCommendation(p string) bool {
	_, ok := yearFolder(p, "commendations")
	return ok
}

// yearFolder is what path p has below content/<year>/<folder>/ (any first folder in
// the year's place), or false when p is not below one.
func yearFolder(p, folder string) (string, bool) {
	rest, ok := strings.CutPrefix(p, "content/")
	if !ok {
		return "", false
	}
	_, rest, ok = strings.Cut(rest, "/")
	if !ok {
		return "", false
	}
	return strings.CutPrefix(rest, folder+"/")
}

// key is the cache key of page p's bytes, made once while p is being rendered (until
// done).
func (k *pageKeys) key(p *render.PageData) string {
	if key, ok := k.keys.Load(p); ok {
		return key.(string)
	}
	key := k.makeKey(p)
	k.keys.Store(p, key)
	return key
}

// makeKey is key, made: what the page depends on is gathered in a buffer the render's
// worker takes from k.bufs and gives back, and hashed at once (a result page's key is
// made of some 200 bytes, a list's of 1-6 KB), never made into a string. An array on
// the stack was cleared for every page, and grown on the heap for each longer list.
func (k *pageKeys) makeKey(p *render.PageData) string {
	bp, _ := k.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
		*bp = make([]byte, 0, 8<<10)
	}
	b := k.appendInputs((*bp)[:0], p)
	sum := digest.Sum(b)
	*bp = b[:0] // as grown
	k.bufs.Put(bp)
	return pageKey(sum[:])
}

// appendInputs appends to b what the key of page p hashes.
func (k *pageKeys) appendInputs(b []byte, p *render.PageData) []byte {
	switch {
	case !k.fine:
		b = append(b, k.all...)
	case p.Kind == "result" && p.Result != nil:
		if sum, ok := k.resultSum(p.Result); ok {
			b = append(append(append(b, k.base...), 0), sum...)
		} else {
			b = append(b, k.all...)
		}
	case p.Kind == "units" && p.Site != nil: // the bodies and their children, with their numbers
		b = append(b, k.base...)
		for _, u := range p.Site.Bodies {
			b = append(b, k.unitHeading(u)...)
		}
	case p.Kind == "facet" && p.Value != nil, p.Kind == "unit" && p.Unit != nil:
		var ok bool
		if b, ok = k.listed(b, p); !ok {
			b = append(b[:0], k.all...)
		}
	default:
		b = append(b, k.all...)
	}
	return append(append(append(append(b, 0), p.Kind...), 0), p.URL...)
}

// pageKey is the cache key of a page whose inputs hash to sum.
func pageKey(sum []byte) string {
	var hexed [2 * digest.Size]byte
	var key strings.Builder
	key.Grow(len("page-") + len(hexed))
	key.WriteString("page-")
	key.Write(hex.AppendEncode(hexed[:0], sum))
	return key.String()
}

// subRef names a submission file as a result does: its year and its id, the file
// content/<year>/submissions/<id>.md.
type subRef struct {
	year int
	id   string
}

// subRefOf is submission file f's subRef; false for a file no result can name (its
// year's folder not a number as a result's year is written).
func subRefOf(f string) (subRef, bool) {
	y, rest, _ := strings.Cut(strings.TrimPrefix(f, "content/"), "/")
	year, err := strconv.Atoi(y)
	if err != nil || strconv.Itoa(year) != y {
		return subRef{}, false
	}
	id, ok := strings.CutSuffix(strings.TrimPrefix(rest, "submissions/"), ".md")
	return subRef{year, id}, ok
}

// subOf is the hash line of result r's submission.
func (k *pageKeys) subOf(r *render.Result) (string, bool) {
	if r.Year == nil {
		return "", false
	}
	sub, ok := k.subs[subRef{r.Year.Year, r.ID}]
	return sub, ok
}

// listed is what a page of a facet value's or a unit's results shows, in the default
// theme: everything but the submissions; of the submissions, those of the results it
// lists; the numbers of results (and of those still in 公示) of the value and of its
// facet's other values, or of the unit and its children; and its place among the pages.
// It is appended to b; false means the page depends on everything.
func (k *pageKeys) listed(b []byte, p *render.PageData) ([]byte, bool) {
	b = append(b, k.base...)
	if v := p.Value; v != nil {
		b = append(b, k.heading(v, func() string {
			var b strings.Builder
			fmt.Fprintf(&b, "\x00value %q %q %d %d", v.Name, v.URL, len(v.Results), render.Proposed(v.Results))
			if v.Facet != nil {
				fmt.Fprintf(&b, "\x00facet %q %q", v.Facet.Key, v.Facet.Name)
				for _, o := range v.Facet.Values {
					fmt.Fprintf(&b, "\x00chip %q %q %d", o.Name, o.URL, len(o.Results))
				}
			}
			return b.String()
		})...)
	}
	if u := p.Unit; u != nil {
		b = append(b, k.unitHeading(u)...)
	}
	if pg := p.Pager; pg != nil {
		b = fmt.Appendf(b, "\x00pager %+v", *pg)
	}
	for _, r := range p.List {
		sum, ok := k.itemSum(r)
		if !ok {
			return b, false
		}
		b = append(append(b, "\x00item "...), sum[:]...)
	}
	return b, true
}

// itemSum hashes what a list shows of result r's own: its address and its submission's
// hash line (resultSums), for all the lists it is in (a result is in a list of each of
// its facets' values and of its units, each of some tens of entries); false when r has
// no submission file.
func (k *pageKeys) itemSum(r *render.Result) ([32]byte, bool) {
	s := k.sumsOf(r)
	return s.item, s.ok
}

// unitHeading is what the pages of unit u and the list of units show of it and its
// children besides their names (in base): their numbers of results.
func (k *pageKeys) unitHeading(u *render.Unit) string {
	return k.heading(u, func() string {
		var b strings.Builder
		fmt.Fprintf(&b, "\x00unit %q %q %d %d %v", u.ID, u.URL, len(u.All), render.Proposed(u.All), u.Won)
		for _, c := range u.Children {
			fmt.Fprintf(&b, "\x00child %q %q %d", c.ID, c.URL, len(c.All))
		}
		return b.String()
	})
}

// heading is what the pages of one facet value or unit show of it and its neighbours
// (build), made once for all its pages.
func (k *pageKeys) heading(of any, build func() string) string {
	if h, ok := k.headings.Load(of); ok {
		return h.(string)
	}
	h := build()
	k.headings.Store(of, h)
	return h
}

// done forgets p's key: the page is written (its data may go).
func (k *pageKeys) done(p *render.PageData) { k.keys.Delete(p) }

// Page and Rendered make pageKeys the renderer's render.PageCache.
func (k *pageKeys) Page(p *render.PageData) ([]byte, bool) {
	data, ok := k.cache.Get(k.key(p))
	if ok {
		k.done(p)
	}
	return data, ok
}

// PageInto makes pageKeys a render.PageReader: Page, read into buf where the cache can
// (BufferCache).
func (k *pageKeys) PageInto(p *render.PageData, buf *bytes.Buffer) ([]byte, bool) {
	bc, ok := k.cache.(BufferCache)
	if !ok {
		return k.Page(p)
	}
	data, ok := bc.GetInto(k.key(p), buf)
	if ok {
		k.done(p)
	}
	return data, ok
}

func (k *pageKeys) Rendered(p *render.PageData, data []byte) {
	k.cache.Put(k.key(p), data)
	k.done(p)
}

// hashFS hashes every file of fsys with its path.
func hashFS(fsys fs.FS) (string, error) {
	h := digest.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := digest.Sum(data)
		h.Write([]byte(p + "\x00" + hex.EncodeToString(sum[:]) + "\n"))
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// staleDocs is how many of n submissions may have changed since rule duplicate's memo
// was kept before it is kept again: one in 128, at least 4, so that the next build still
// finds the documents in place but for a few (dedup's memo updates a search for up to one
// in 64).
func staleDocs(n int) int { return max(4, n/128) }

// memoKey names rule duplicate's memo in the cache: its entries are keyed by the texts
// they compared, so one memo serves every tree.
const memoKey = "dedup-memo"

// loadMemo is rule duplicate's memo kept in cache (nil without a cache; empty when the
// cache has none, or a damaged one).
func loadMemo(cache Cache) *dedup.Memo {
	if cache == nil {
		return nil
	}
	memo := dedup.NewMemo()
	if data, ok := cache.Get(memoKey); ok {
		_ = memo.UnmarshalBinary(data) // a memo that cannot be read costs time only
	}
	return memo
}

// saveMemo keeps memo in cache for the next build, once it is stale by more than a
// few submissions (staleDocs) since the memo kept, or was searched anew: saving it
// costs more (8 MB at 10,000 results) than comparing those few again at each build,
// through the memo kept, until then.
func saveMemo(cache Cache, memo *dedup.Memo) {
	if cache == nil || memo == nil {
		return
	}
	if stale, of := memo.Stale(); stale <= staleDocs(of) {
		return
	}
	if data, err := memo.MarshalBinary(); err == nil {
		cache.Put(memoKey, data)
	}
}
