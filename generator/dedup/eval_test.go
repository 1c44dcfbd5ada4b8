package dedup

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// The labelled evaluation: base texts on several topics, copies of them
// disguised by each attack, and the same-topic base pairs as hard negatives.

const (
	warnRatio  = 0.2 // the contract's default warn threshold
	errorRatio = 0.5 // and error threshold
)

type attack struct {
	name   string
	share  float64 // nominal share of the result copied from the source
	recall float64 // least pair recall at warnRatio the test demands; 0: report only
	apply  func(r *rand.Rand, src, host string) string
}

func attacks() []attack {
	s2t := simplifiedToTraditional()
	trad := func(s string) string { return traditional(s2t, s) }
	pasted := func(share float64) func(r *rand.Rand, src, host string) string {
		return func(r *rand.Rand, src, host string) string { return paste(r, src, host, share) }
	}
	return []attack{
		{"exact copy", 1, 0.98, func(r *rand.Rand, s, _ string) string { return s }},
		{"full/half width + invisible", 1, 0.98, func(r *rand.Rand, s, _ string) string { return hide(r, widen(r, s)) }},
		{"traditional", 1, 0.98, func(r *rand.Rand, s, _ string) string { return trad(s) }},
		{"reordered sentences", 1, 0.98, func(r *rand.Rand, s, _ string) string { return reorder(r, s) }},
		{"filler words", 1, 0.9, func(r *rand.Rand, s, _ string) string { return addFillers(r, s) }},
		{"10% substitution", 1, 0.98, func(r *rand.Rand, s, _ string) string { return substitute(r, s, 0.1) }},
		{"20% substitution", 1, 0.9, func(r *rand.Rand, s, _ string) string { return substitute(r, s, 0.2) }},
		{"30% substitution", 1, 0.9, func(r *rand.Rand, s, _ string) string { return substitute(r, s, 0.3) }},
		{"15% pasted", 0.15, 0, pasted(0.15)},
		{"30% pasted", 0.3, 0.9, pasted(0.3)},
		{"50% pasted", 0.5, 0.98, pasted(0.5)},
		{"70% pasted", 0.7, 0.98, pasted(0.7)},
		{"traditional + width + invisible", 1, 0.98, func(r *rand.Rand, s, _ string) string { return hide(r, widen(r, trad(s))) }},
		{"reordered + filler", 1, 0.9, func(r *rand.Rand, s, _ string) string { return addFillers(r, reorder(r, s)) }},
		{"traditional + 20% substitution", 1, 0.9, func(r *rand.Rand, s, _ string) string { return trad(substitute(r, s, 0.2)) }},
		{"50% pasted + traditional + invisible", 0.5, 0.98, func(r *rand.Rand, s, h string) string { return hide(r, trad(paste(r, s, h, 0.5))) }},
		{"70% pasted + filler + width", 0.7, 0.9, func(r *rand.Rand, s, h string) string { return widen(r, addFillers(r, paste(r, s, h, 0.7))) }},
		{"30% pasted + 10% substitution", 0.3, 0.9, func(r *rand.Rand, s, h string) string { return substitute(r, paste(r, s, h, 0.3), 0.1) }},
		{"reordered + 20% substitution + traditional", 1, 0.9, func(r *rand.Rand, s, _ string) string { return trad(substitute(r, reorder(r, s), 0.2)) }},
		{"all: reorder, filler, 10% subst., trad., width, invisible", 1, 0.9, func(r *rand.Rand, s, _ string) string {
			return hide(r, widen(r, trad(addFillers(r, substitute(r, reorder(r, s), 0.1)))))
		}},
	}
}

type evalCorpus struct {
	docs    []Doc
	base    int     // docs[:base] are originals
	topic   []int   // topic of each original
	lineage [][]int // originals each doc contains
	attack  []int   // attack of each derived doc (index into attacks), -1 for originals
}

func buildEval(seed uint64, perTopic, perAttack int) *evalCorpus {
	r := rand.New(rand.NewPCG(seed, 7))
	c := &evalCorpus{}
	for ti := range topics {
		for range perTopic {
			c.docs = append(c.docs, Doc{ID: fmt.Sprintf("%s-%d", topics[ti].name, len(c.docs)), Text: genDoc(r, &topics[ti], 200+r.IntN(1300))})
			c.topic = append(c.topic, ti)
			c.lineage = append(c.lineage, []int{len(c.docs) - 1})
			c.attack = append(c.attack, -1)
		}
	}
	c.base = len(c.docs)
	for ai, at := range attacks() {
		for range perAttack {
			src := r.IntN(c.base)
			host := (src + 1 + r.IntN(c.base-1)) % c.base
			text := at.apply(r, c.docs[src].Text, c.docs[host].Text)
			lin := []int{src}
			if at.share < 1 {
				lin = append(lin, host)
			}
			c.docs = append(c.docs, Doc{ID: fmt.Sprintf("%s-%d", at.name, len(c.docs)), Text: text})
			c.lineage = append(c.lineage, lin)
			c.attack = append(c.attack, ai)
		}
	}
	return c
}

func (c *evalCorpus) related(a, b int) bool {
	for _, x := range c.lineage[a] {
		for _, y := range c.lineage[b] {
			if x == y {
				return true
			}
		}
	}
	return false
}

// sameTopic reports whether docs a and b contain originals of one topic.
func (c *evalCorpus) sameTopic(a, b int) bool {
	for _, x := range c.lineage[a] {
		for _, y := range c.lineage[b] {
			if c.topic[x] == c.topic[y] {
				return true
			}
		}
	}
	return false
}

type attackResult struct {
	n, warned, errored int
	sum                float64 // of measured ratios
}

// TestEvaluation measures per-attack pair recall, precision, and the hard
// negatives, and fails when the acceptance thresholds are not met. Run with
// -v to see the table.
func TestEvaluation(t *testing.T) {
	const perTopic, perAttack = 16, 30
	c := buildEval(1, perTopic, perAttack)
	pairs, err := Find(c.docs, Options{MinRatio: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	byPair := make(map[[2]int]Pair)
	for _, p := range pairs {
		byPair[[2]int{p.A, p.B}] = p
	}

	ats := attacks()
	res := make([]attackResult, len(ats))
	for d := c.base; d < len(c.docs); d++ {
		ar := &res[c.attack[d]]
		ar.n++
		p, ok := byPair[[2]int{c.lineage[d][0], d}]
		if !ok {
			continue
		}
		ar.sum += p.CoverB
		if p.CoverB >= warnRatio {
			ar.warned++
		}
		if p.CoverB >= errorRatio {
			ar.errored++
		}
	}
	var tbl strings.Builder
	fmt.Fprintf(&tbl, "\n%-56s %5s %6s %8s %8s %6s\n", "attack", "pairs", "share", "≥warn", "≥error", "ratio")
	for i, at := range ats {
		ar := res[i]
		recall := float64(ar.warned) / float64(ar.n)
		fmt.Fprintf(&tbl, "%-56s %5d %6.2f %8.3f %8.3f %6.2f\n", at.name, ar.n, at.share,
			recall, float64(ar.errored)/float64(ar.n), ar.sum/float64(ar.n))
		if recall < at.recall {
			t.Errorf("%s: recall at warn %.3f, want ≥ %.2f", at.name, recall, at.recall)
		}
	}

	// Precision: the pairs reported that share no original, at warn and at
	// error level. Unrelated texts of one topic legitimately share the usual
	// phrasing of their trade, so only the error level must be clean.
	var reported, wrong, crossTopic [2]int
	for _, p := range pairs {
		r := max(p.CoverA, p.CoverB)
		for lvl, th := range []float64{warnRatio, errorRatio} {
			if r < th {
				continue
			}
			reported[lvl]++
			if !c.related(p.A, p.B) {
				wrong[lvl]++
				if !c.sameTopic(p.A, p.B) {
					crossTopic[lvl]++
				}
			}
		}
	}
	for lvl, name := range []string{"warn", "error"} {
		fmt.Fprintf(&tbl, "pairs at %s or more: %d, unrelated: %d (of other topics: %d), precision %.3f\n", name,
			reported[lvl], wrong[lvl], crossTopic[lvl], 1-float64(wrong[lvl])/float64(max(reported[lvl], 1)))
	}
	if wrong[1] > 0 {
		t.Errorf("%d unrelated pairs reported at error level", wrong[1])
	}

	// Hard negatives: originals of the same topic.
	hn, hnWarn, hnErr, hnMax := 0, 0, 0, 0.0
	for a := range c.base {
		for b := a + 1; b < c.base; b++ {
			if c.topic[a] != c.topic[b] {
				continue
			}
			hn++
			p := byPair[[2]int{a, b}]
			r := max(p.CoverA, p.CoverB)
			hnMax = max(hnMax, r)
			if r >= warnRatio {
				hnWarn++
			}
			if r >= errorRatio {
				hnErr++
				t.Errorf("hard negative at error level: %s / %s %.2f", c.docs[a].ID, c.docs[b].ID, r)
			}
		}
	}
	fmt.Fprintf(&tbl, "hard negatives (same-topic originals): %d pairs, %d at warn, %d at error, highest ratio %.2f\n", hn, hnWarn, hnErr, hnMax)
	t.Log(tbl.String())
}
