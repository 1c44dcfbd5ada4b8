package dedup

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestMemo: runs through a memo give what runs without one give, after edits of one
// text, of many (which changes the boilerplate), reorderings, additions and removals.
func TestMemo(t *testing.T) {
	c := buildEval(4, 3, 2)
	docs := c.docs
	memo := NewMemo()
	rng := rand.New(rand.NewPCG(17, 1))
	for run := range 12 {
		switch run % 6 {
		case 1: // one text edited
			i := rng.IntN(len(docs))
			docs[i].Text = strings.Replace(docs[i].Text, "。", "，并且经过改进。", 1) + belt
		case 2: // reordered
			rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
		case 3: // a copy added
			docs = append(docs, Doc{ID: "new" + string(rune('a'+run)), Text: docs[rng.IntN(len(docs))].Text + greenhouse})
		case 4: // one removed
			i := rng.IntN(len(docs))
			docs = append(docs[:i:i], docs[i+1:]...)
		case 5: // the same sentence added to many: the boilerplate changes
			for i := range docs {
				if i%3 == run%3 {
					docs[i].Text += "本成果在全市职工中推广应用，取得了良好的经济效益和社会效益。"
				}
			}
		}
		want, err := Find(docs, Options{MaxDF: 8})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Find(docs, Options{MaxDF: 8, Memo: memo})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: with the memo %d pairs, without %d, or they differ", run, len(got), len(want))
		}
		if len(want) == 0 {
			t.Fatalf("run %d: no pairs: the test proves nothing", run)
		}
	}
	if memo.last == nil || len(memo.last.outcomes) == 0 || memo.last.prints == nil {
		t.Error("the memo kept nothing")
	}
}

// TestFindStops: a closed Done stops Find with ErrStopped, and a memo it used still gives
// the right pairs afterwards.
func TestFindStops(t *testing.T) {
	c := buildEval(3, 3, 2)
	memo := NewMemo()
	done := make(chan struct{})
	close(done)
	if pairs, err := Find(c.docs, Options{Memo: memo, Done: done}); pairs != nil || !errors.Is(err, ErrStopped) {
		t.Fatalf("stopped run: %d pairs, %v", len(pairs), err)
	}
	want, _ := Find(c.docs, Options{})
	got, err := Find(c.docs, Options{Memo: memo})
	if err != nil || !reflect.DeepEqual(got, want) || len(want) == 0 {
		t.Fatalf("after a stopped run: %v, %d pairs against %d", err, len(got), len(want))
	}
}

// TestMemoSaved: a memo saved and read back by another gives the same pairs and keeps
// them (the run aligns nothing again); a damaged or foreign one is refused, leaving
// an empty memo that still gives the right pairs.
func TestMemoSaved(t *testing.T) {
	c := buildEval(3, 3, 2)
	memo := NewMemo()
	want, _ := Find(c.docs, Options{Memo: memo})
	data, err := memo.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	again := NewMemo()
	if err := again.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if again.last == nil || !reflect.DeepEqual(again.last.outcomes, memo.last.outcomes) || !reflect.DeepEqual(again.last.s.cands, memo.last.s.cands) ||
		again.last.stop != memo.last.stop || len(again.last.outcomes) == 0 {
		t.Fatal("the memo read back is not the memo saved")
	}
	got, _ := Find(c.docs, Options{Memo: again})
	if !reflect.DeepEqual(got, want) || len(want) == 0 {
		t.Fatal("pairs differ after a saved memo")
	}
	for _, bad := range [][]byte{data[:len(data)-3], append(slices.Clone(data), 7), []byte("wuxiao-dedup-memo0\n")} {
		m := NewMemo()
		if err := m.UnmarshalBinary(bad); err == nil || m.last != nil {
			t.Error("a damaged memo read without error")
		}
		if got, _ := Find(c.docs, Options{Memo: m}); !reflect.DeepEqual(got, want) {
			t.Error("pairs differ after a damaged memo")
		}
	}
}

// TestMemoIncremental: after a few texts change in place, a run through the memo counts
// the candidates of only the documents those texts can reach, not of every document, and
// still gives exactly what a run without a memo gives: over many random edits of a corpus
// with a low boilerplate limit, so that edits move fingerprints in and out of groups,
// make documents poor and rich, and now and then change the boilerplate (a full run).
func TestMemoIncremental(t *testing.T) {
	c := buildEval(5, 6, 3)
	docs := slices.Clone(c.docs)
	memo := NewMemo()
	opt := Options{MaxDF: 12, MinRatio: 0.01}
	rng := rand.New(rand.NewPCG(17, 2))
	sentences := strings.SplitAfter(belt+greenhouse+heating, "。")
	for i := range 24 { // short texts: documents with few rare fingerprints, counted through more
		text := sentences[i%len(sentences)]
		if i%3 == 0 {
			text += c.docs[i].Text[:min(90, len(c.docs[i].Text))]
		}
		docs = append(docs, Doc{ID: "short" + string(rune('a'+i)), Text: strings.ToValidUTF8(text, "")})
	}
	c.docs = slices.Clone(docs)
	partial := 0
	for run := range 60 {
		if run > 0 {
			for range 1 + rng.IntN(2) {
				i := rng.IntN(len(docs))
				switch rng.IntN(4) {
				case 0: // a sentence of another text pasted in
					other := docs[rng.IntN(len(docs))].Text
					docs[i].Text += other[:rng.IntN(min(200, len(other))+1)]
				case 1: // cut short
					docs[i].Text = docs[i].Text[:len(docs[i].Text)*2/3]
				case 2: // a known sentence added
					docs[i].Text = sentences[rng.IntN(len(sentences))] + docs[i].Text
				case 3: // back to what it was
					docs[i].Text = c.docs[i].Text
				}
				docs[i].Text = strings.ToValidUTF8(docs[i].Text, "")
			}
		}
		want, err := Find(docs, opt)
		if err != nil {
			t.Fatal(err)
		}
		if run%2 == 1 { // as between builds: saved and read back, the fingerprints left undecoded
			data, err := memo.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			memo = NewMemo()
			if err := memo.UnmarshalBinary(data); err != nil {
				t.Fatal(err)
			}
		}
		got, err := Find(docs, Options{MaxDF: opt.MaxDF, MinRatio: opt.MinRatio, Memo: memo})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: with the memo %d pairs, without %d, or they differ", run, len(got), len(want))
		}
		if len(want) == 0 {
			t.Fatalf("run %d: no pairs: the test proves nothing", run)
		}
		if run > 0 && memo.counted < len(docs) {
			partial++
		}
		sameSearch(t, run, memo.last.s, searchAll(memo.last.prints.all(), Options{MaxDF: opt.MaxDF, Workers: 2}))
	}
	if partial < 40 {
		t.Errorf("only %d runs of 59 counted the candidates of fewer than all documents", partial)
	}
}

// sameSearch fails unless the search got (updated by a memo) is the one made from
// scratch, want, in everything a later update or verify reads: a slip the pairs found do
// not show yet (a document judged by one fingerprint too many) would show after more edits.
func sameSearch(t *testing.T, run int, got, want *search) {
	t.Helper()
	ix, wx := got.ix, want.ix
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"candidates", got.cands, want.cands},
		{"lists", nonEmpty(got.lists), nonEmpty(want.lists)},
		{"symDF", got.symDF, want.symDF},
		{"total", got.total, want.total},
		{"hist", got.hist, want.hist},
		{"extraCost", got.extraCost, want.extraCost},
		{"groupFP", ix.groupFP, wx.groupFP},
		{"groupStart", ix.groupStart, wx.groupStart},
		{"posting", ix.posting, wx.posting},
		{"groupDF", ix.groupDF, wx.groupDF},
		{"single", ix.single, wx.single},
		{"stop", ix.stop, wx.stop},
		{"stopDF", ix.stopDF, wx.stopDF},
		{"nstop", ix.nstop, wx.nstop},
		{"nsym", got.pl.nsym, want.pl.nsym},
		{"nextra", got.pl.nextra, want.pl.nextra},
		{"idx", got.pl.idx, want.pl.idx},
		{"poor", got.pl.poor, want.pl.poor},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Fatalf("run %d: the updated search's %s is not the one made from scratch", run, c.what)
		}
	}
}

// nonEmpty is lists with every empty list nil.
func nonEmpty(lists [][]cand) [][]cand {
	out := make([][]cand, len(lists))
	for d, l := range lists {
		if len(l) > 0 {
			out[d] = l
		}
	}
	return out
}

// TestMemoIncremental10k is TestMemoIncremental at the scale where the symmetric
// counting stops short of the boilerplate (symDF < boilerDF) and poor documents count
// through extra groups: edits of the 10,000-text benchmark corpus, each run through a
// memo saved and read back, the updated search compared with one made from scratch.
// The texts are the templated prose of textgen_test.go alone, as the synthetic tree's.
func TestMemoIncremental10k(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 texts")
	}
	base := make([]Doc, 10000) // all templated prose, as the synthetic tree's texts
	for i := range base {
		r := rand.New(rand.NewPCG(3, uint64(i)))
		base[i] = Doc{ID: strconv.Itoa(i), Text: strings.Join(sentences(genDoc(r, &topics[r.IntN(len(topics))], 300+r.IntN(900))), "")}
	}
	docs := slices.Clone(base)
	memo := NewMemo()
	opt := Options{MinRatio: 0.2}
	if _, err := Find(docs, Options{MinRatio: opt.MinRatio, Memo: memo}); err != nil {
		t.Fatal(err)
	}
	s := memo.last.s
	extras := 0
	for _, e := range s.pl.nextra {
		extras += int(e)
	}
	if s.symDF >= s.boilerDF || extras == 0 {
		t.Fatalf("symDF %d, boilerDF %d, %d extra groups: the corpus no longer tests what it should", s.symDF, s.boilerDF, extras)
	}
	rng := rand.New(rand.NewPCG(10, 10))
	partial := 0
	const runs = 5 // each kind of edit at least once; a run costs about 0.8 s (the test: 6.5 s)
	for run := range runs {
		i := rng.IntN(len(docs))
		switch run % 3 {
		case 0:
			docs[i].Text = "第" + string(rune('0'+run)) + "次改过的标题\n" + base[i].Text
		case 1:
			other := docs[rng.IntN(len(docs))].Text
			docs[i].Text += strings.ToValidUTF8(other[:min(len(other), 900)], "")
		case 2:
			docs[i].Text = base[i].Text
		}
		data, err := memo.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		memo = NewMemo()
		if err := memo.UnmarshalBinary(data); err != nil {
			t.Fatal(err)
		}
		if _, err := Find(docs, Options{MinRatio: opt.MinRatio, Memo: memo}); err != nil {
			t.Fatal(err)
		}
		if memo.counted < len(docs) {
			partial++
		}
		sameSearch(t, run, memo.last.s, searchAll(memo.last.prints.all(), Options{Workers: 2}))
	}
	if partial < runs-1 {
		t.Errorf("only %d runs of %d were updates", partial, runs)
	}
	want, _ := Find(docs, opt)
	got, _ := Find(docs, Options{MinRatio: opt.MinRatio, Memo: memo})
	if !reflect.DeepEqual(got, want) || len(want) == 0 {
		t.Fatalf("after the edits: %d pairs through the memo, %d without", len(got), len(want))
	}
}
