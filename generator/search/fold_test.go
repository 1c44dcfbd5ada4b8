package search

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestTerms(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"", nil},
		{"   ", nil},
		{"皮带", []string{"皮带"}},
		{" 皮带　温室 ", []string{"皮带", "温室"}}, // ideographic space splits too
		{"皮带 皮带", []string{"皮带"}},
		{"ＰＬＣ控制", []string{"plc控制"}}, // full-width letters fold to half-width lower case
		{"PLC\t控制\n", []string{"plc", "控制"}},
		{"王\u00a0明", []string{"王", "明"}},
		{"𠀋𠀋", []string{"𠀋𠀋"}}, // outside the BMP: two code units each
	} {
		if got := Terms(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("Terms(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}

func TestTermKeys(t *testing.T) {
	freq := frequentSet{bigram('皮', '带'): true, bigram('带', '机'): true}
	for _, tc := range []struct {
		term  string
		want  []uint64
		exact bool
	}{
		{"皮", []uint64{unigram('皮')}, true},
		{"皮带", []uint64{bigram('皮', '带')}, true},
		{"皮带机", []uint64{trigram('皮', '带', '机'), bigram('带', '机')}, true}, // after a frequent bigram
		{"输送机", []uint64{bigram('输', '送'), bigram('送', '机')}, false},
		{"输皮带机", []uint64{bigram('输', '皮'), trigram('皮', '带', '机'), bigram('带', '机')}, false},
		{"哈哈哈", []uint64{bigram('哈', '哈')}, false},
		{"𠀋", []uint64{bigram(0xD840, 0xDC0B)}, true},
		{"abcdefghijklmnop", []uint64{ // 15 bigrams: eight spread from the first to the last
			bigram('a', 'b'), bigram('c', 'd'), bigram('e', 'f'), bigram('g', 'h'),
			bigram('i', 'j'), bigram('k', 'l'), bigram('m', 'n'), bigram('o', 'p')}, false},
	} {
		if got := termKeys(tc.term, freq); !slices.Equal(got, tc.want) {
			t.Errorf("termKeys(%q) = %x, want %x", tc.term, got, tc.want)
		}
		if got := exactTerm(tc.term, freq); got != tc.exact {
			t.Errorf("exactTerm(%q) = %v", tc.term, got)
		}
	}
}

func TestFieldKeys(t *testing.T) {
	var got []uint64
	fieldKeys("Ａ1 温室大", frequentSet{bigram('温', '室'): true}, func(k uint64) { got = append(got, k) })
	want := []uint64{unigram('a'), bigram('a', '1'), unigram('1'), unigram('温'), bigram('温', '室'),
		trigram('温', '室', '大'), unigram('室'), bigram('室', '大'), unigram('大')}
	if !slices.Equal(got, want) {
		t.Errorf("fieldKeys = %x, want %x", got, want)
	}
}

// FuzzTerms: the query tokenizer never panics, gives non-empty distinct terms
// without spaces, and every term's keys are keys of any text that contains it.
func FuzzTerms(f *testing.F) {
	for _, s := range []string{"皮带 温室", "ＰＬＣ　控制", "王明", "a", "𠀋𠀋𠀋", "\xff\xfe", "累计处理123处，节约"} {
		f.Add(s)
	}
	// and the titles of the demo content, as readers would paste them
	files, _ := filepath.Glob("../../content/*/submissions/*/*.md")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			if t, ok := strings.CutPrefix(line, "title:"); ok {
				f.Add(strings.TrimSpace(t))
				break
			}
		}
	}
	f.Fuzz(func(t *testing.T, q string) {
		terms := Terms(q)
		seen := map[string]bool{}
		for _, term := range terms {
			if term == "" || strings.ContainsRune(term, ' ') || seen[term] {
				t.Fatalf("Terms(%q) = %q", q, terms)
			}
			seen[term] = true
			if Fold(term) != term {
				t.Fatalf("term %q is not folded", term)
			}
			// any bigram may be frequent: take those of the term's first half
			u := foldUnits(term)
			freq := frequentSet{}
			for i := 0; i+1 < len(u)/2+1 && i+1 < len(u); i++ {
				freq[bigram(u[i], u[i+1])] = true
			}
			have := map[uint64]bool{}
			fieldKeys("前"+term+"后", freq, func(k uint64) { have[k] = true })
			keys := termKeys(term, freq)
			if len(keys) == 0 || len(keys) > maxTermKeys {
				t.Fatalf("termKeys(%q) = %x", term, keys)
			}
			for _, k := range keys {
				if !have[k] {
					t.Fatalf("key %x of %q is not a key of a text containing it", k, term)
				}
			}
			if exactTerm(term, nil) != (len(utf16.Encode([]rune(term))) <= 2) {
				t.Fatal("exactTerm")
			}
		}
	})
}

func TestFoldTraditional(t *testing.T) {
	for in, want := range map[string]string{"輸送機": "输送机", "冷卻塔": "冷却塔", "職業技術學院": "职业技术学院", "ＰＬＣ控制": "plc控制"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
		if len(utf16.Encode([]rune(Fold(in)))) != len(utf16.Encode([]rune(in))) {
			t.Errorf("Fold(%q) changed the length in code units", in)
		}
	}
}

func TestShortForms(t *testing.T) {
	for name, want := range map[string]string{
		"阳泉市城区供水有限公司工会": "城区供水有限公司、城区供水公司",
		"盂县人民医院工会":      "盂县人民医院、盂县医院",
		"阳泉热电有限责任公司工会":  "阳泉热电有限责任公司、阳泉热电公司",
		"矿区第一煤矿工会":      "矿区第一煤矿",
	} {
		if got := strings.Join(ShortForms(name, "阳泉市"), "、"); got != want {
			t.Errorf("ShortForms(%q) = %s, want %s", name, got, want)
		}
	}
}

// TestFoldUnitsOnePass: foldUnits gives what folding utf16.Encode([]rune(s)) unit by
// unit gives, astral characters, bad UTF-8 and encoded surrogates included, in one
// allocation (the index folds every field of every doc twice).
func TestFoldUnitsOnePass(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 1))
	pieces := []string{"輸送機", "ＡＢｃ", "Hello", " \t\n", "\u3000", "𠀀𫐄", "\xff", "\xed\xa0\x80", "漢", "é", "\u200b", "1２3",
		"\xe4\xb8", "\xe0\x80\xaf", "\xe0\xa0\x80", "\xef\xbf\xbd", "\uffff", "\ud7ff", "\ue000", "\xc0\xaf", "\x80"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		want := utf16.Encode([]rune(s))
		for i, c := range want {
			want[i] = foldUnit(c)
		}
		if got := foldUnits(s); !slices.Equal(got, want) {
			t.Fatalf("foldUnits(%q) = %v, want %v", s, got, want)
		}
	}
	s := strings.Repeat("阳泉市城区供水有限公司工会 ＡＢ𠀀 ", 50)
	if n := testing.AllocsPerRun(10, func() { foldUnits(s) }); n > 1 {
		t.Errorf("foldUnits: %v allocations", n)
	}
}

// TestFreqTable: freqTable.has answers as the set it was made from, for every bigram of
// texts and random ones, with sets of every size from empty to thousands (and keys that
// are not bigrams, which it leaves out: no bigram asked about equals them).
func TestFreqTable(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for _, n := range []int{0, 1, 3, 17, 100, 2500} {
		set := frequentSet{}
		for len(set) < n {
			set[bigram(uint16(1+r.IntN(3000)), uint16(r.IntN(3000)))] = true
		}
		set[5] = true                // a unit
		set[trigram(1, 2, 3)] = true // a trigram
		tab := newFreqTable(set)
		for range 20000 {
			b := bigram(uint16(1+r.IntN(3000)), uint16(r.IntN(3000)))
			if tab.has(uint32(b)) != set[b] {
				t.Fatalf("%d bigrams: has(%x) = %v", n, b, !set[b])
			}
		}
		for b := range set {
			if b >= 1<<16 && b < 1<<32 && !tab.has(uint32(b)) {
				t.Fatalf("%d bigrams: %x not found", n, b)
			}
		}
	}
}
