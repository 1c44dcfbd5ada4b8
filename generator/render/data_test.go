package render

import (
	"bytes"
	"testing"
)

// fakeLines is a DataLines in memory: the lines it was given, and how many it was given.
type fakeLines struct {
	lines map[*Result][]byte
	made  int
}

func (f *fakeLines) DataLine(r *Result) ([]byte, bool) { l, ok := f.lines[r]; return l, ok }
func (f *fakeLines) DataLineMade(r *Result, line []byte) {
	f.lines[r] = bytes.Clone(line)
	f.made++
}

// TestDataLinesReused: with a store of open data lines (wuxiao build --cache), a year's
// data is what it is without one, each result's line is made once and kept, and a line
// the store has is taken as it is instead of being made again.
func TestDataLinesReused(t *testing.T) {
	site := NewSite(loadTree(t, minimalRoot), "https://example.org/wuxiao/", date("2026-11-25"))
	var y *Year
	for _, yr := range site.Years {
		if yr.Public && len(yr.Results) > 0 {
			y = yr
		}
	}
	if y == nil {
		t.Fatal("no public year with results")
	}
	plain, err := yearJSON(y, site.BaseURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	store := &fakeLines{lines: map[*Result][]byte{}}
	first, err := yearJSON(y, site.BaseURL, store)
	if err != nil || !bytes.Equal(first, plain) || store.made != len(y.Results) {
		t.Fatalf("with an empty store: %v, same bytes %v, %d lines made for %d results", err, bytes.Equal(first, plain), store.made, len(y.Results))
	}
	store.made = 0
	store.lines[y.Results[0]] = []byte(`{"id":"kept"}`)
	again, err := yearJSON(y, site.BaseURL, store)
	if err != nil || store.made != 0 {
		t.Fatalf("with every line stored: %v, %d lines made again", err, store.made)
	}
	if want := bytes.Replace(plain, bytes.Split(plain, []byte("\n"))[1], []byte(`{"id":"kept"}`+map[bool]string{true: ",", false: ""}[len(y.Results) > 1]), 1); !bytes.Equal(again, want) {
		t.Errorf("the stored line was not taken as it is:\n%s", again)
	}
}
