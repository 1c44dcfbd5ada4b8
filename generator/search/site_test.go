package search

import (
	"crypto/sha256"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/render"
	"wuxiao/generator/testtree"
)

// loadSite loads the content under root and takes its public subset, as the build does.
func loadSite(t testing.TB, root string) (*render.Site, *content.Tree) {
	t.Helper()
	tree, _, err := content.Load(os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	now, _ := content.ParseDate("2026-11-25")
	return render.NewSite(tree, "", now), tree
}

func TestFromSiteDemo(t *testing.T) {
	site, tree := loadSite(t, "../..")
	docs, opt := FromSite(site, tree)
	if len(docs) != len(site.Results)+len(site.Cases)+len(site.Bulletins)+len(site.Pages) {
		t.Fatalf("%d docs for %d results, %d cases, %d bulletins, %d pages", len(docs),
			len(site.Results), len(site.Cases), len(site.Bulletins), len(site.Pages))
	}
	if len(site.Results) == 0 {
		t.Fatal("the demo content has no published results")
	}
	if !slices.Contains(opt.Awards, "一等奖") || !slices.Contains(opt.Categories, "小发明") {
		t.Errorf("facet orders %q %q", opt.Awards, opt.Categories)
	}
	for _, d := range docs {
		if d.Kind == KindResult && (d.Body == "" || d.Unit == "" || len(d.Authors) == 0) {
			t.Errorf("%s: empty body, unit or authors", d.URL)
		}
		if d.Kind == KindResult && (strings.Contains(d.Body, "##") || strings.Contains(d.Body, "**")) {
			t.Errorf("%s: Markdown left in the body: %.80q", d.URL, d.Body)
		}
	}
	// Nothing private: no contact or liaison phone, no unawarded submission.
	var private []string
	for _, u := range tree.Units {
		if u != nil && u.Liaison != nil && u.Liaison.Phone != "" {
			private = append(private, u.Liaison.Phone)
		}
	}
	published := map[string]bool{}
	for _, r := range site.Results {
		published[r.URL] = true
	}
	unawarded := 0
	for _, y := range tree.Years {
		for _, s := range y.Submissions {
			if s.Contact != nil && s.Contact.Phone != "" {
				private = append(private, s.Contact.Phone)
			}
			if !published[strconv.Itoa(y.Year)+"/results/"+s.Unit+"/"+s.Slug+"/"] {
				unawarded++
				private = append(private, s.Title)
			}
		}
	}
	if unawarded == 0 || len(private) == unawarded {
		t.Logf("the demo has %d unawarded submissions and %d private phones", unawarded, len(private)-unawarded)
	}
	ix, err := Build(docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	// The doc files hold what a hit shows without the body (its page has the body): at
	// most 600 bytes a document (1,523 when they held the bodies).
	if n := docFileBytes(ix); n > 600*len(docs) {
		t.Errorf("doc files of %d bytes, %d a document: more than the budget of 600", n, n/len(docs))
	}
	again, _ := FromSite(site, tree) // Markdown is converted on all processors: same result
	if ix2, err := Build(again, opt); err != nil || version(ix2.Files) != version(ix.Files) {
		t.Errorf("a second index of the same site differs (%v)", err)
	}
	for name, data := range ix.Files {
		for _, p := range private {
			if strings.Contains(string(data), p) {
				t.Errorf("%s holds the private phone %s", name, p)
			}
		}
	}
}

// docFileBytes is the size of the index's doc files (search/d/).
func docFileBytes(ix *Index) int {
	n := 0
	for name, data := range ix.Files {
		if strings.HasPrefix(name, Dir+"d/") {
			n += len(data)
		}
	}
	return n
}

// synthRoot is the 10,000-submission synthetic site, made once with the shared
// generator; tests that need it skip unless WUXIAO_SEARCH_10K is set.
func synthRoot(t testing.TB) string {
	t.Helper()
	if os.Getenv("WUXIAO_SEARCH_10K") == "" {
		t.Skip("set WUXIAO_SEARCH_10K=1 to test search on the 10,000-submission synthetic site")
	}
	dir := filepath.Join(os.TempDir(), "synth10k")
	testtree.Synth(t, 10000, dir)
	return dir
}

// folded is a doc's three fields, folded, for the ground truth.
type folded [3]string

func (f *folded) contains(terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(f[0], t) && !strings.Contains(f[1], t) && !strings.Contains(f[2], t) {
			return false
		}
	}
	return true
}

// substrings picks n random substrings of 2 to 6 characters of the docs' fields
// (spaces and line ends excepted: they separate terms).
func substrings(r *rand.Rand, docs []Doc, n int) []string {
	var out []string
	for len(out) < n {
		d := &docs[r.IntN(len(docs))]
		f := []rune(d.Fields()[r.IntN(3)])
		l := 2 + r.IntN(5)
		if len(f) < l {
			continue
		}
		i := r.IntN(len(f) - l + 1)
		q := string(f[i : i+l])
		if len(Terms(q)) == 1 && Terms(q)[0] == Fold(q) {
			out = append(out, q)
		}
	}
	return out
}

// TestSynth10k measures the index of the synthetic site and checks recall of 200
// random substrings against a scan of every document.
func TestSynth10k(t *testing.T) {
	root := synthRoot(t)
	site, tree := loadSite(t, root)
	start := time.Now()
	docs, opt := FromSite(site, tree)
	ix, err := Build(docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d docs indexed in %v: %d files, %.1f MiB, %d keys (%d frequent bigrams), %d key shards (largest %d B), %d docs a file",
		len(docs), time.Since(start).Round(time.Millisecond), len(ix.Files), float64(ix.Bytes())/(1<<20),
		ix.Keys, ix.Frequent, ix.Shards, ix.MaxShard, ix.PerFile)
	// The budget of the index, a third of what it was when the doc files held the
	// bodies (2,420 bytes a document, 2,036 of them doc files).
	if per := ix.Bytes() / int64(len(docs)); per > 1000 || docFileBytes(ix) > 400*len(docs) {
		t.Errorf("index of %d bytes a document, doc files %d: over the budget of 1,000 and 400", per, docFileBytes(ix)/len(docs))
	}
	truth := make([]folded, len(docs))
	for i := range docs {
		f := docs[i].Fields()
		truth[i] = folded{Fold(f[0]), Fold(f[1]), Fold(f[2])}
	}
	r := rand.New(rand.NewPCG(10000, 200))
	var firstBytes, firstPages []int
	var fp, cands int
	for _, q := range substrings(r, docs, 200) {
		terms := Terms(q)
		e, _ := openEngine(ix.Files, pagesOf(docs))
		page, err := e.firstPage(q, 10) // a screen of the search page
		if err != nil {
			t.Fatal(err)
		}
		firstBytes = append(firstBytes, e.fetchedBytes())
		firstPages = append(firstPages, len(e.read))
		if testing.Verbose() && len(e.read) > 12 {
			t.Logf("%q read %d pages", q, len(e.read))
		}
		if testing.Verbose() && e.fetchedBytes() > 200000 {
			t.Logf("%q read %d B, %d files", q, e.fetchedBytes(), len(e.fetched))
		}
		c, _, _, _ := e.candidates(q, filter{})
		hits, err := e.search(q, filter{})
		if err != nil {
			t.Fatal(err)
		}
		cands += len(c)
		fp += len(c) - len(hits)
		got := map[string]bool{}
		for _, h := range hits {
			got[h.URL] = true
		}
		want := 0
		for i := range docs {
			if truth[i].contains(terms) {
				want++
				if !got[docs[i].URL] {
					t.Fatalf("query %q: %s contains it but was not found", q, docs[i].URL)
				}
			}
		}
		if want != len(hits) {
			t.Fatalf("query %q: %d hits, %d pages contain it", q, len(hits), want)
		}
		if !slices.Equal(urls(page), urls(hits[:min(10, len(hits))])) {
			t.Fatalf("query %q: the first page differs from the head of all results", q)
		}
	}
	slices.Sort(firstBytes)
	slices.Sort(firstPages)
	t.Logf("200 queries, every containing page found; %.1f%% of candidates were false; first screen of 10 read median %d B, max %d B of index files and median %d, max %d pages for their bodies",
		100*float64(fp)/float64(max(1, cands)), firstBytes[len(firstBytes)/2], firstBytes[len(firstBytes)-1],
		firstPages[len(firstPages)/2], firstPages[len(firstPages)-1])
}

// BenchmarkBuildSynth10k indexes the synthetic site (WUXIAO_SEARCH_10K=1; the tree is
// made under TMPDIR) and logs a hash of every index file, which a change to how the
// index is computed must leave as it was.
func BenchmarkBuildSynth10k(b *testing.B) {
	site, tree := loadSite(b, synthRoot(b))
	docs, opt := FromSite(site, tree)
	b.ResetTimer()
	for b.Loop() {
		ix, err := Build(slices.Clone(docs), opt)
		if err != nil {
			b.Fatal(err)
		}
		h := sha256.New()
		for _, n := range sortedNames(ix.Files) {
			h.Write([]byte(n))
			h.Write(ix.Files[n])
		}
		b.ReportMetric(float64(ix.Keys), "keys")
		b.Logf("files %x", h.Sum(nil)[:8])
	}
}

// BenchmarkCachedSynth10k writes the index of the synthetic site (WUXIAO_SEARCH_10K=1)
// through a cache filled before, after one result's title changed, as a build with
// --cache does after one submission's edit.
func BenchmarkCachedSynth10k(b *testing.B) {
	site, tree := loadSite(b, synthRoot(b))
	cache := &memCache{}
	if _, err := WriteSite(discard{}, site, tree, Options{Cache: cache}); err != nil {
		b.Fatal(err)
	}
	title := site.Results[0].Title
	for i := 0; b.Loop(); i++ {
		site.Results[0].Title = title + strconv.Itoa(i%2)
		ix, err := WriteSite(discard{}, site, tree, Options{Cache: cache})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(ix.Tokenised), "tokenised")
	}
}

// BenchmarkWriteSiteSynth10k writes the index of the synthetic site (WUXIAO_SEARCH_10K=1)
// without a cache, after one result's title changed: what a build without --cache
// spends on search, to set beside BenchmarkCachedSynth10k.
func BenchmarkWriteSiteSynth10k(b *testing.B) {
	site, tree := loadSite(b, synthRoot(b))
	title := site.Results[0].Title
	for i := 0; b.Loop(); i++ {
		site.Results[0].Title = title + strconv.Itoa(i%2)
		if _, err := WriteSite(discard{}, site, tree, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// discard is an Output that keeps nothing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// BenchmarkPostingsSynth10k finds the postings of the synthetic site's documents, both
// passes (characters and bigrams, then the trigrams after the frequent bigrams), as a
// build without a cache does: the part of Build that reads every document's text.
func BenchmarkPostingsSynth10k(b *testing.B) {
	site, tree := loadSite(b, synthRoot(b))
	docs, _ := FromSite(site, tree)
	bodies(docs, make([][32]byte, len(docs)), nil)
	b.ResetTimer()
	for b.Loop() {
		byKey := postingsOf(docs, newKeyer(nil, unigrams|bigrams))
		tri := postingsOf(docs, newKeyer(frequentBigrams(byKey, len(docs)), trigrams))
		b.ReportMetric(float64(len(byKey)+len(tri)), "keys")
	}
}

// oneAtATime is an Output that notes a file begun while another was being written.
type oneAtATime struct {
	writing, overlaps, files atomic.Int32
}

func (o *oneAtATime) WriteFile(string, []byte) error {
	if o.writing.Add(1) > 1 {
		o.overlaps.Add(1)
	}
	time.Sleep(200 * time.Microsecond) // long enough for a second writer to show
	o.writing.Add(-1)
	o.files.Add(1)
	return nil
}

// TestWriteSiteWritesOneFileAtATime: WriteSite hands its Output one file at a time.
// wuxiao serve's preview keeps the index in a plain map; c1ba3b3 wrote the files from two
// goroutines and serve died of "concurrent map writes" (seen in CI under load).
func TestWriteSiteWritesOneFileAtATime(t *testing.T) {
	site, tree := loadSite(t, "../..")
	out := &oneAtATime{}
	ix, err := WriteSite(out, site, tree, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := out.overlaps.Load(); n > 0 {
		t.Errorf("%d files begun while another was being written", n)
	}
	if int(out.files.Load()) != len(ix.Files) {
		t.Errorf("%d files written of %d", out.files.Load(), len(ix.Files))
	}
}
