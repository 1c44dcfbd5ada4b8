package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/urls"
	"wuxiao/layouts"
)

// copyLines is a LineWriter into memory copying from old, counting the copies.
type copyLines struct {
	bytes.Buffer
	old    []byte
	copies int
}

func (c *copyLines) CopyOld(off, n int64) error {
	if off < 0 || n < 0 || off+n > int64(len(c.old)) {
		return fmt.Errorf("copy of [%d, %d) from %d bytes", off, off+n, len(c.old))
	}
	c.copies++
	_, err := c.Write(c.old[off : off+n])
	return err
}

// TestDataFileSplice: a year's open data written with the lines of unchanged results
// copied from the file before is byte for byte the file marshalled whole, whatever
// results were changed, removed, added or moved; lines next to each other in both are
// copied at once; and where Write says each line went is that line, valid JSON.
func TestDataFileSplice(t *testing.T) {
	tree, _, err := content.Load(os.DirFS("../.."))
	if err != nil {
		t.Fatal(err)
	}
	now, _ := content.ParseDate("2026-11-25")
	site := NewSite(tree, "https://example.org", now)
	var y *Year
	for _, yy := range site.Years {
		if yy.Public && (y == nil || len(yy.Results) > len(y.Results)) {
			y = yy
		}
	}
	if y == nil || len(y.Results) < 10 {
		t.Fatal("no public year with ten results")
	}
	type place struct{ off, n int64 }
	write := func(d *DataFile, old []byte, was map[*Result]place) ([]byte, map[*Result]place, int) {
		t.Helper()
		w := &copyLines{old: old}
		at := map[*Result]place{}
		var from func(i int) (int64, int64, bool)
		if was != nil {
			from = func(i int) (int64, int64, bool) {
				p, ok := was[d.Results[i]]
				return p.off, p.n, ok
			}
		}
		size, err := d.Write(w, from, func(i int, off, n int64) { at[d.Results[i]] = place{off, n} })
		if err != nil {
			t.Fatal(err)
		}
		if size != int64(w.Len()) {
			t.Fatalf("Write says %d bytes, wrote %d", size, w.Len())
		}
		return w.Bytes(), at, w.copies
	}
	d, err := yearDataFile(y, site.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	old, was, _ := write(d, nil, nil)
	if whole, _ := d.Bytes(); !bytes.Equal(old, whole) {
		t.Fatal("written and marshalled whole differ")
	}
	rs := d.Results
	changed := *rs[3]
	changed.Title += "（改）"
	cases := []struct {
		what    string
		results []*Result
		copies  int // at most
	}{
		{"nothing", rs, 1},
		{"one changed", append(append(slices.Clone(rs[:3]), &changed), rs[4:]...), 2},
		{"first removed", rs[1:], 1},
		{"last removed", rs[:len(rs)-1], 1},
		{"one removed", slices.Delete(slices.Clone(rs), 5, 6), 2},
		{"one added", slices.Insert(slices.Clone(rs), 2, &changed), 2},
		{"two swapped", append(append(slices.Clone(rs[:2]), rs[3], rs[2]), rs[4:]...), 4},
		{"reversed", reversed(rs), len(rs)},
	}
	for _, c := range cases {
		nd := *d
		nd.Results = c.results
		got, at, copies := write(&nd, old, was)
		want, _ := nd.Bytes()
		if !bytes.Equal(got, want) {
			t.Errorf("%s: spliced and marshalled whole differ (%d and %d bytes)", c.what, len(got), len(want))
			continue
		}
		if copies > c.copies {
			t.Errorf("%s: %d copies, want at most %d", c.what, copies, c.copies)
		}
		for _, r := range c.results {
			p := at[r]
			var v map[string]any
			if err := json.Unmarshal(got[p.off:p.off+p.n], &v); err != nil || v["url"] != site.BaseURL+r.URL || v["title"] != r.Title {
				t.Errorf("%s: the line of %s is not at [%d, +%d): %v", c.what, r.URL, p.off, p.n, err)
				break
			}
		}
	}
}

func reversed(rs []*Result) []*Result {
	out := slices.Clone(rs)
	slices.Reverse(out)
	return out
}

// streamOutput is a mapOutput that can also write a file in pieces (FileCreator), and
// records which files came so.
type streamOutput struct {
	mapOutput
	streamed []string
	writes   map[string]int // Write calls a streamed file took
}

func (s *streamOutput) CreateFile(name string) (io.WriteCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.streamed = append(s.streamed, name)
	return &streamedFile{s: s, name: name}, nil
}

type streamedFile struct {
	s    *streamOutput
	name string
	data []byte
}

func (f *streamedFile) Write(p []byte) (int, error) {
	f.s.mu.Lock()
	f.s.writes[f.name]++
	f.s.mu.Unlock()
	f.data = append(f.data, p...)
	return len(p), nil
}

func (f *streamedFile) Close() error { return f.s.WriteFile(f.name, f.data) }

// TestOpenDataStreamed: to an output that can write a file in pieces, a year's open
// data goes so, in pieces of at most DataChunk bytes (never whole in memory: 31 MB at
// 10,000 results), and its bytes, and the site's file and byte counts, are those written
// whole to an output that cannot.
func TestOpenDataStreamed(t *testing.T) {
	tree := loadTree(t, "../..")
	whole, wantRep := renderTree(t, tree, "2026-11-25")
	out := &streamOutput{mapOutput: mapOutput{files: map[string][]byte{}}, writes: map[string]int{}}
	site := NewSite(tree, "https://example.org/wuxiao/", date("2026-11-25"))
	rep, err := Render(site, Options{Theme: layouts.FS(), Src: tree.FS}, out)
	if err != nil {
		t.Fatal(err)
	}
	var years []string
	for _, y := range site.Years {
		if y.Public {
			years = append(years, urls.Data(y.Year))
		}
	}
	slices.Sort(out.streamed)
	if len(years) == 0 || !slices.Equal(out.streamed, years) {
		t.Fatalf("streamed %v, want the open data of the public years %v", out.streamed, years)
	}
	for _, name := range years {
		if !bytes.Equal(out.files[name], whole.files[name]) {
			t.Errorf("%s streamed differs from %s written whole", name, name)
		}
		if max := (len(whole.files[name]) + DataChunk - 1) / DataChunk; out.writes[name] == 0 || out.writes[name] > max+2 {
			t.Errorf("%s: %d writes for %d bytes", name, out.writes[name], len(whole.files[name]))
		}
	}
	if len(out.files) != len(whole.files) || rep.Files != wantRep.Files || rep.Bytes != wantRep.Bytes {
		t.Errorf("streamed: %d files, report %d files %d bytes; whole: %d, %d, %d",
			len(out.files), rep.Files, rep.Bytes, len(whole.files), wantRep.Files, wantRep.Bytes)
	}
}

// failingLines is a LineWriter that fails once it has taken room bytes.
type failingLines struct{ room int }

func (f *failingLines) Write(p []byte) (int, error) {
	if len(p) > f.room {
		return 0, errors.New("disk full")
	}
	f.room -= len(p)
	return len(p), nil
}

func (*failingLines) CopyOld(off, n int64) error { return errors.New("no old file") }

// TestOpenDataLinesAhead: the open data whose lines several workers marshal ahead of the
// write (linesAhead, as WriteTo writes it) is byte for byte the file marshalled whole, in
// order, for any number of workers and a batch cut anywhere, and where it says each line
// went is where Marshal says, a line of JSON; a write that fails ends it with that
// error, no worker left waiting.
func TestOpenDataLinesAhead(t *testing.T) {
	tree := loadTree(t, "../..")
	site := NewSite(tree, "https://example.org/wuxiao/", date("2026-11-25"))
	var d *DataFile
	for _, y := range site.Years {
		if y.Public && len(y.Results) > 0 {
			var err error
			if d, err = yearDataFile(y, site.BaseURL); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if d == nil {
		t.Fatal("no public year with results")
	}
	for len(d.Results) < 10*dataBatch+7 {
		d.Results = append(d.Results, d.Results...)
	}
	type span struct{ off, n int64 }
	spans := func() (func(i int, off, n int64), []span) {
		s := make([]span, len(d.Results))
		return func(i int, off, n int64) { s[i] = span{off, n} }, s
	}
	at, wantAt := spans()
	want, err := d.Marshal(at)
	if err != nil {
		t.Fatal(err)
	}
	for workers := 1; workers <= 4; workers++ {
		var got memLines
		at, gotAt := spans()
		n, err := d.linesAhead(&got, workers, at)
		if err != nil || n != int64(len(want)) || !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%d workers: %d bytes, %v; differs from the file marshalled whole (%d bytes): %v", workers, n, err, len(want), !bytes.Equal(got.Bytes(), want))
		}
		if !slices.Equal(gotAt, wantAt) {
			t.Errorf("%d workers: the lines are said to be elsewhere than Marshal says", workers)
		}
		for i, s := range gotAt {
			if line := got.Bytes()[s.off : s.off+s.n]; !json.Valid(line) || !bytes.HasPrefix(line, []byte(`{"id":`)) {
				t.Fatalf("%d workers: line %d at [%d, %d) is %.40q", workers, i, s.off, s.off+s.n, line)
			}
		}
	}
	if _, err := d.linesAhead(&memLines{}, 2, nil); err != nil {
		t.Errorf("no one told where the lines went: %v", err)
	}
	var streamed bytes.Buffer
	if n, err := d.WriteTo(&streamed); err != nil || n != int64(len(want)) || !bytes.Equal(streamed.Bytes(), want) {
		t.Errorf("WriteTo: %d bytes, %v; differs from the file marshalled whole", n, err)
	}
	for _, room := range []int{0, len(want) / 3, len(want) - 2} {
		done := make(chan error, 1)
		go func() {
			_, err := d.linesAhead(&failingLines{room: room}, 2, nil)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || err.Error() != "disk full" {
				t.Errorf("a write failing after %d bytes: %v, want disk full", room, err)
			}
		case <-time.After(time.Minute):
			t.Fatalf("a write failing after %d bytes: still waiting after a minute", room)
		}
	}
}
