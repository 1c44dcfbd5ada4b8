package dedup

import (
	"crypto/sha256"
	"reflect"
	"strconv"
	"testing"
)

// TestMemoTakesKeys: a memo knows a document whose Key is set by that key, not by its
// text's hash: with each edited text given a new key, runs through it give what runs
// without one give; a text edited under its old key is taken for the text it was.
func TestMemoTakesKeys(t *testing.T) {
	c := buildEval(5, 3, 2)
	docs := c.docs
	version := make([]int, len(docs))
	keyOf := func(i int) [16]byte {
		sum := sha256.Sum256([]byte(docs[i].ID + "\x00" + strconv.Itoa(version[i])))
		return [16]byte(sum[:16])
	}
	for i := range docs {
		docs[i].Key = keyOf(i)
	}
	memo := NewMemo()
	check := func(step string) []Pair {
		t.Helper()
		want, err := Find(docs, Options{MaxDF: 8})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Find(docs, Options{MaxDF: 8, Memo: memo})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || len(want) == 0 {
			t.Fatalf("%s: with the memo %d pairs, without %d, or they differ", step, len(got), len(want))
		}
		return want
	}
	check("first run")
	check("no change")
	for run := range 6 {
		i := (run*7 + 3) % len(docs)
		docs[i].Text = docs[(i+5)%len(docs)].Text + docs[i].Text // a copy: a new pair
		version[i]++
		docs[i].Key = keyOf(i)
		check("edit " + strconv.Itoa(run))
	}
	before := check("before the edit under an old key")
	i := 1
	docs[i].Text = docs[len(docs)-1].Text // another text, the key kept
	got, err := Find(docs, Options{MaxDF: 8, Memo: memo})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, before) {
		t.Error("a text edited under its old key was not taken for the text it was: the memo hashed it")
	}
}

// TestMemoStale: a memo tells how many documents its last run found changed since the
// memo it began with (all of them when that run could not update it: none to begin
// with, documents added, the boilerplate changed), so that a caller keeping it between
// processes need save it only when it has gone stale.
func TestMemoStale(t *testing.T) {
	c := buildEval(5, 3, 2)
	docs := c.docs
	memo := NewMemo()
	run := func(step string, want int) {
		t.Helper()
		if _, err := Find(docs, Options{Memo: memo}); err != nil {
			t.Fatal(err)
		}
		if got, of := memo.Stale(); got != want || of != len(docs) {
			t.Errorf("%s: stale %d of %d, want %d of %d", step, got, of, want, len(docs))
		}
	}
	run("first run", len(docs))
	run("no change", 0)
	docs[3].Text += "，经过改进。"
	run("one text edited", 1)
	docs[4].Text += "，经过改进。"
	docs[9].Text += "，再次改进。"
	run("two more", 2)
	data, _ := memo.MarshalBinary()
	docs[5].Text += "，经过改进。"
	memo = NewMemo()
	memo.UnmarshalBinary(data)
	if got, _ := memo.Stale(); got != 0 {
		t.Errorf("a memo read back is %d stale", got)
	}
	run("one more, through the memo read back", 1)
	docs = append(docs, Doc{ID: "added", Text: docs[0].Text + "新增。"})
	run("a document added", len(docs))
	for i := range docs {
		docs[i].Text += "本成果在全市职工中推广应用，取得了良好的经济效益和社会效益。"
	}
	run("every text edited", len(docs))
}
