package dedup

import (
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// textOf is t's normalisation as values, to compare.
func textOf(t *text) [5]any {
	return [5]any{slices.Clone(t.key), slices.Clone(t.pos), slices.Clone(t.start), slices.Clone(t.end), t.n}
}

// TestNormalizeParts: a document given as parts normalises as the parts joined by newlines
// would: the key, the offsets into the joined text and the count, with and without
// offsets. Parts start and end with what the fast path hands on (combining marks, runes
// needing NFKC, cut characters), are empty, and flood (dropFlooding looks at the whole key).
func TestNormalizeParts(t *testing.T) {
	nz := sharedNormalizer()
	pieces := []string{"皮", "帶", "的", "a", "Z", "9", " ", "，", "Ａ", "①", "\u0301", "\u0345", "\u200b", "\xff", "\xe4\xb8", "\xe9",
		"㐀", "軏", "\uf900", "\U00020000", "Ⅻ", "e", "\u0308", "\n", "进进进进进进进进"}
	r := rand.New(rand.NewPCG(5, 6))
	var got, want text
	check := func(parts []string) {
		t.Helper()
		joined := strings.Join(parts, "\n")
		for _, offsets := range []bool{true, false} {
			nz.normalize(joined, &want, offsets)
			nz.normalizeDoc(&Doc{Parts: parts}, &got, offsets)
			if !reflect.DeepEqual(textOf(&got), textOf(&want)) {
				t.Fatalf("parts %q, offsets %v:\n got %v\nwant %v", parts, offsets, textOf(&got), textOf(&want))
			}
		}
	}
	// The parts flood together, one too short to be looked at alone; or one alone, not the whole.
	varied := "南站化验室针对刮板输送机的接线方式问题试制了检测电路群众满意度提升累计处理二百五十八处节约六十五万元实训中心计量方法优化控制程序能耗降低约一成"
	check([]string{varied, strings.Repeat("进", 15)})
	check([]string{strings.Repeat("进", 10), varied, strings.Repeat("进", 10)})
	check([]string{varied + strings.Repeat("进", 12), varied + varied}) // floods in the first part alone, not in the whole
	for k := range 30000 {
		parts := make([]string, 1+r.IntN(4))
		for i := range parts {
			var b strings.Builder
			for range r.IntN(10) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			if k%7 == 0 { // long enough to flood
				b.WriteString(strings.Repeat("改进托辊", 20))
			}
			parts[i] = b.String()
		}
		check(parts)
	}
}

// splitDocs is docs with each text given as parts, cut at up to two of its newlines
// picked at random (each dropped: the parts joined are the text); and the texts so joined.
func splitDocs(docs []Doc, seed uint64) (parts, joined []Doc) {
	r := rand.New(rand.NewPCG(seed, 1))
	for _, d := range docs {
		var p []string
		s := d.Text
		for range 2 {
			c := r.IntN(len(s) + 1)
			i := strings.IndexByte(s[c:], '\n')
			if i < 0 {
				break
			}
			p = append(p, s[:c+i])
			s = s[c+i+1:]
		}
		p = append(p, s)
		parts = append(parts, Doc{ID: d.ID, Parts: p})
		joined = append(joined, Doc{ID: d.ID, Text: strings.Join(p, "\n")})
	}
	return parts, joined
}

// TestFindParts: Find on documents given as parts reports what it reports on the texts
// joined, the offsets into the joined texts; through a memo (whose keys hash the joined
// text) and a fingerprint cache too, which the joined texts then hit.
func TestFindParts(t *testing.T) {
	docs, _ := corpus(2000)
	parts, joined := splitDocs(docs, 9)
	cut := 0
	for i := range docs {
		if joined[i].Text != docs[i].Text {
			t.Fatal("the split changed a text")
		}
		cut += len(parts[i].Parts) - 1
	}
	if cut < len(docs) {
		t.Fatalf("only %d cuts in %d texts", cut, len(docs))
	}
	want, err := Find(joined, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Find(parts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Fatalf("%d pairs from parts, %d from the joined texts (or they differ)", len(got), len(want))
	}
	store, memo := &memStore{}, &Memo{}
	if _, err := Find(parts, Options{Cache: store, Memo: memo}); err != nil {
		t.Fatal(err)
	}
	written := maps.Clone(store.files)
	fresh := &Memo{}
	again, err := Find(joined, Options{Cache: store, Memo: fresh})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, want) || !reflect.DeepEqual(store.files, written) {
		t.Fatalf("through the cache: %d pairs (want %d), or the joined texts' cache differs", len(again), len(want))
	}
	if !slices.Equal(memo.last.keys, fresh.last.keys) {
		t.Fatal("the memo's keys of parts are not those of the joined texts")
	}
}

// TestCalmTexts: fingerprintAll marks calm exactly the documents whose key has no
// flooding character, and normalising a calm one without looking for flooding gives what
// normalize gives; documents flooded by an attack (a character after every few) are
// never marked calm.
func TestCalmTexts(t *testing.T) {
	nz := sharedNormalizer()
	eval := buildEval(4, 6, 3)
	docs := eval.docs
	for i := range 40 { // flooded copies
		rs := []rune(docs[i].Text)
		var b strings.Builder
		for k, r := range rs {
			b.WriteRune(r)
			if k%4 == 3 {
				b.WriteRune('进')
			}
		}
		docs = append(docs, Doc{ID: "flooded-" + docs[i].ID, Text: b.String()})
	}
	opt, _ := Options{}.withDefaults()
	_, seen, _ := fingerprintAll(docs, nz, nil, opt)
	var want, got text
	flooded := 0
	for i := range docs {
		nz.normalize(docs[i].Text, &want, true)
		if want.flooded == seen[i].calm {
			t.Fatalf("document %d: flooded %v, marked calm %v", i, want.flooded, seen[i].calm)
		}
		if !seen[i].calm {
			flooded++
			continue
		}
		nz.normalizeCalm(&docs[i], &got, true)
		if !reflect.DeepEqual(textOf(&got), textOf(&want)) {
			t.Fatalf("document %d normalised as calm differs", i)
		}
	}
	if flooded < 40 {
		t.Fatalf("only %d flooded documents", flooded)
	}
}

// TestVerifyFromKeys: verify aligning the keys fingerprintAll kept, working out a pair's
// copy ratios from the key's places in the normalised text, and normalising again (for
// the passages' offsets) only the texts of pairs reaching the ratio, finds what it finds
// normalising every text of every pair: at ratios from 0.01 to 0.6, on the evaluation
// corpus with its attacks, flooded copies, texts given as parts, and texts with
// characters beyond the BMP (whose keys are not kept).
func TestVerifyFromKeys(t *testing.T) {
	nz := sharedNormalizer()
	eval := buildEval(5, 6, 3)
	docs := slices.Clone(eval.docs)
	for i := range 30 {
		d := docs[i]
		switch i % 3 {
		case 0: // flooded
			docs = append(docs, Doc{ID: "f" + d.ID, Text: strings.ReplaceAll(d.Text, "。", "进进进进。")})
		case 1: // parts
			mid := strings.IndexByte(d.Text, '\n')
			if mid < 0 {
				mid = 0
			}
			docs = append(docs, Doc{ID: "p" + d.ID, Parts: []string{d.Text[:mid], d.Text[mid:]}})
		default: // beyond the BMP
			docs = append(docs, Doc{ID: "a" + d.ID, Text: "𠀀" + d.Text + "軏𫐄"})
		}
	}
	opt, _ := Options{}.withDefaults()
	prints, seen, _ := fingerprintAll(docs, nz, nil, opt)
	kept := 0
	blind := slices.Clone(seen)
	for i := range blind {
		if blind[i].norm != nil {
			kept++
		}
		blind[i].norm = nil
	}
	if kept == 0 || kept == len(docs) {
		t.Fatalf("%d of %d keys kept", kept, len(docs))
	}
	cands, stop := candidates(prints, opt)
	all, between := 0, 0 // pairs at 0.01; ratios leaving out some of them but not all
	for _, ratio := range []float64{0.01, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6} {
		opt.MinRatio = ratio
		got := verify(docs, slices.Clone(seen), cands, stop, nz, nil, opt)
		want := verify(docs, blind, cands, stop, nz, nil, opt)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("at %v: %d pairs from the keys, %d normalising every text (or they differ)", ratio, len(got), len(want))
		}
		if ratio == 0.01 {
			all = len(want)
		} else if len(want) > 0 && len(want) < all {
			between++
		}
		// Through a warm cache fingerprintAll normalises nothing: verify learns the keys of
		// the texts its pairs compare, and finds the same.
		cached := make([]seenText, len(docs))
		if got := verify(docs, cached, cands, stop, nz, nil, opt); !reflect.DeepEqual(got, want) {
			t.Fatalf("at %v: %d pairs with the keys learnt by verify, %d normalising every text (or they differ)", ratio, len(got), len(want))
		}
		learnt := 0
		for i := range cached {
			if cached[i].norm != nil {
				learnt++
				if !slices.Equal(cached[i].norm, seen[i].norm) || cached[i].calm != seen[i].calm {
					t.Fatalf("doc %d: verify learnt another key or calm than fingerprintAll's", i)
				}
			}
		}
		if learnt < kept/2 {
			t.Fatalf("verify learnt %d keys of %d", learnt, kept)
		}
	}
	if all < 20 || between < 3 {
		t.Fatalf("%d pairs at 0.01, %d ratios leaving some out", all, between)
	}
}
