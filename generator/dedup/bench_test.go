package dedup

import (
	"flag"
	"math/rand/v2"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"wuxiao/generator/cpuclock"
)

// Benchmarks on generated corpora of submissions of 200–3000 characters:
// a quarter of each text is the templated prose of textgen_test.go (the
// usual phrasing), the rest free sentences drawn from a pool of the words
// those texts use (so that, as in real corpora, most of each text is its
// own); 1% of the texts are disguised copies or partial copies of another.
// The 100,000-document benchmarks run only without -short or when -bench
// names them.

// benchWords are two-character pieces of every phrase of the topics.
func benchWords() []string {
	seen := make(map[string]bool)
	var out []string
	add := func(s string) {
		rs := []rune(s)
		for i := 0; i+2 <= len(rs); i += 2 {
			w := string(rs[i : i+2])
			if !seen[w] && !strings.ContainsAny(w, "，。；：、{}0123456789") {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	for _, tp := range topics {
		for _, list := range [][]string{tp.objects, tp.parts, tp.problems, tp.causes, tp.measures, tp.effects, tp.facts} {
			for _, s := range list {
				add(s)
				add(s[len(string([]rune(s)[0])):]) // the other parity
			}
		}
	}
	return out
}

// injected is a disguised copy in a benchmark corpus: docs[doc] copies docs[src].
type injected struct {
	doc, src, attack int
}

func benchCorpus(n int, seed uint64) ([]Doc, []injected) {
	docs := make([]Doc, n)
	words := benchWords()
	var wg sync.WaitGroup
	const workers = 2
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				r := rand.New(rand.NewPCG(seed, uint64(i)))
				want := 200 + r.IntN(2801)
				var b strings.Builder
				chars := 0
				write := func(s string) {
					b.WriteString(s)
					chars += utf8.RuneCountInString(s)
				}
				for _, s := range sentences(genDoc(r, &topics[r.IntN(len(topics))], want/4)) {
					write(s)
					if chars >= want/4 {
						break
					}
				}
				for chars < want {
					write("\n\n")
					for range 2 + r.IntN(4) {
						for k := range 6 + r.IntN(12) {
							if k > 0 && r.IntN(4) == 0 {
								write("，")
							}
							write(words[r.IntN(len(words))])
						}
						write("。")
					}
				}
				docs[i] = Doc{ID: strconv.Itoa(i), Text: b.String()}
			}
		}()
	}
	wg.Wait()
	// Disguised copies: 1% of the documents.
	r := rand.New(rand.NewPCG(seed, 1<<40))
	ats := attacks()
	var inj []injected
	target := make(map[int]bool)
	for k := range n / 100 {
		target[n-1-k*97%n] = true
	}
	for k := range n / 100 {
		d := n - 1 - k*97%n
		src := r.IntN(n)
		for target[src] { // copy an original, not a copy
			src = r.IntN(n)
		}
		a := r.IntN(len(ats))
		docs[d].Text = ats[a].apply(r, docs[src].Text, docs[d].Text)
		inj = append(inj, injected{d, src, a})
	}
	return docs, inj
}

type benchSet struct {
	docs []Doc
	inj  []injected
}

// benchCorpora keeps the generated corpora for the benchmarks of one run.
var benchCorpora struct {
	sync.Mutex
	m map[int]benchSet
}

func corpus(n int) ([]Doc, []injected) {
	benchCorpora.Lock()
	defer benchCorpora.Unlock()
	if benchCorpora.m == nil {
		benchCorpora.m = make(map[int]benchSet)
	}
	if _, ok := benchCorpora.m[n]; !ok {
		docs, inj := benchCorpus(n, 42)
		benchCorpora.m[n] = benchSet{docs, inj}
		debug.FreeOSMemory() // the generator's garbage is not Find's
	}
	set := benchCorpora.m[n]
	return set.docs, set.inj
}

func benchFind(b *testing.B, n int, cached bool) {
	if n > 10000 && testing.Short() && !strings.Contains(flag.Lookup("test.bench").Value.String(), "100k") {
		b.Skip("100k documents: run without -short or name the benchmark")
	}
	docs, inj := corpus(n)
	chars := 0
	for _, d := range docs {
		chars += utf8.RuneCountInString(d.Text)
	}
	opt := Options{MinRatio: warnRatio}
	if cached {
		opt.Cache = &memStore{}
		if _, err := Find(docs, opt); err != nil { // fill the cache
			b.Fatal(err)
		}
	}
	var pairs []Pair
	cpu0 := cpuclock.Used()
	b.ResetTimer()
	for b.Loop() {
		var err error
		pairs, err = Find(docs, opt)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuclock.Used()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(pairs)), "pairs")
	b.ReportMetric(injectedRecall(pairs, inj, errorRatio), "recall@error")
	b.ReportMetric(injectedRecall(pairs, inj, warnRatio), "recall@warn")
	b.ReportMetric(float64(chars)/float64(n), "chars/doc")
}

func BenchmarkFind10k(b *testing.B)        { benchFind(b, 10000, false) }
func BenchmarkFind10kCached(b *testing.B)  { benchFind(b, 10000, true) }
func BenchmarkFind100k(b *testing.B)       { benchFind(b, 100000, false) }
func BenchmarkFind100kCached(b *testing.B) { benchFind(b, 100000, true) }

// injectedRecall is the share of the injected copies that copy at least
// half of their source and are found at ratio or more.
func injectedRecall(pairs []Pair, inj []injected, ratio float64) float64 {
	ats := attacks()
	cover := make(map[[2]int]float64)
	for _, p := range pairs {
		cover[[2]int{p.A, p.B}] = p.CoverB
		cover[[2]int{p.B, p.A}] = p.CoverA
	}
	n, found := 0, 0
	for _, in := range inj {
		if ats[in.attack].share < 0.5 {
			continue
		}
		n++
		a, b := min(in.doc, in.src), max(in.doc, in.src)
		if c, ok := cover[[2]int{a, b}]; ok && (in.doc == b && c >= ratio || in.doc == a && cover[[2]int{b, a}] >= ratio) {
			found++
		}
	}
	return float64(found) / float64(max(n, 1))
}
