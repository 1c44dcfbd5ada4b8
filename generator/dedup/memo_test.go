package dedup

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
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
	if len(memo.pairs) == 0 || len(memo.prints) == 0 {
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
	if !reflect.DeepEqual(again.pairs, memo.pairs) || again.stop != memo.stop || len(again.pairs) == 0 {
		t.Fatalf("read back %d pairs of %d", len(again.pairs), len(memo.pairs))
	}
	got, _ := Find(c.docs, Options{Memo: again})
	if !reflect.DeepEqual(got, want) || len(want) == 0 {
		t.Fatal("pairs differ after a saved memo")
	}
	for _, bad := range [][]byte{data[:len(data)-3], append(slices.Clone(data), 7), []byte("wuxiao-dedup-memo0\n")} {
		m := NewMemo()
		if err := m.UnmarshalBinary(bad); err == nil || len(m.pairs) != 0 {
			t.Errorf("a damaged memo read without error (%d pairs)", len(m.pairs))
		}
		if got, _ := Find(c.docs, Options{Memo: m}); !reflect.DeepEqual(got, want) {
			t.Error("pairs differ after a damaged memo")
		}
	}
}
