package search

import (
	"cmp"
	"slices"
	"unicode/utf16"
)

// meta is search/meta.json: what the page loads before its first query.
type meta struct {
	V       string `json:"v"`        // version of the index files, for cache busting
	Docs    int    `json:"docs"`     // documents, numbered 0..docs-1 in ranking order
	Shards  int    `json:"shards"`   // key shard files: key k is in k/(k % shards).bin
	PerFile int    `json:"per_file"` // documents per doc file: doc n is in d/(n / per_file).json
	MaxKeys int    `json:"max_keys"` // keys looked up per term at most
	// Frequent lists the bigrams after which trigrams are indexed, two characters
	// each, in key order.
	Frequent   string      `json:"frequent"`
	Kinds      [][2]string `json:"kinds"` // kind id and name
	Years      []int       `json:"years"` // newest first
	Categories []string    `json:"categories"`
	Awards     []string    `json:"awards"`
	// Provisional are the years whose awards are proposed (公示中): the page marks them 拟.
	Provisional []int `json:"provisional,omitempty"`
	// Runs give each document's facets: a run starts at doc Runs[i][0] and holds
	// the indexes into Years, Kinds, Categories and Awards (-1 for none) of every
	// document up to the next run. The docs are sorted so that runs are few.
	Runs [][5]int `json:"runs"`
}

func newMeta(docs []Doc, opt Options, ix *Index, freq frequentSet) *meta {
	m := &meta{Docs: ix.Docs, Shards: ix.Shards, PerFile: ix.PerFile, MaxKeys: maxTermKeys, Runs: [][5]int{}}
	var fk []uint64
	for k := range freq {
		fk = append(fk, k)
	}
	slices.Sort(fk)
	var units []uint16
	for _, k := range fk {
		units = append(units, uint16(k>>16), uint16(k))
	}
	m.Frequent = string(utf16.Decode(units))
	for _, k := range kindNames() {
		m.Kinds = append(m.Kinds, k)
	}
	var kinds []string
	for _, k := range m.Kinds {
		kinds = append(kinds, k[0])
	}
	for _, d := range docs {
		if d.Year != 0 && !slices.Contains(m.Years, d.Year) {
			m.Years = append(m.Years, d.Year)
		}
		if d.Category != "" && !slices.Contains(m.Categories, d.Category) {
			m.Categories = append(m.Categories, d.Category)
		}
		if d.Provisional && !slices.Contains(m.Provisional, d.Year) {
			m.Provisional = append(m.Provisional, d.Year)
		}
		if d.Award != "" && !slices.Contains(m.Awards, d.Award) {
			m.Awards = append(m.Awards, d.Award)
		}
	}
	slices.SortFunc(m.Years, func(a, b int) int { return cmp.Compare(b, a) })
	slices.Sort(m.Provisional)
	inOrder := func(order []string) func(a, b string) int {
		return func(a, b string) int { return cmp.Or(cmp.Compare(rank(order, a), rank(order, b)), cmp.Compare(a, b)) }
	}
	slices.SortFunc(m.Categories, inOrder(opt.Categories))
	slices.SortFunc(m.Awards, inOrder(opt.Awards))
	for i, d := range docs {
		run := [5]int{i, slices.Index(m.Years, d.Year), slices.Index(kinds, d.Kind),
			slices.Index(m.Categories, d.Category), slices.Index(m.Awards, d.Award)}
		if n := len(m.Runs); n > 0 {
			last := m.Runs[n-1]
			last[0] = i
			if last == run {
				continue
			}
		}
		m.Runs = append(m.Runs, run)
	}
	return m
}
