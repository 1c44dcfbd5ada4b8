package render

import (
	"cmp"
	"encoding/xml"
	"path/filepath"
	"slices"
	"testing"

	"wuxiao/generator/testtree"
	"wuxiao/layouts"
)

// TestFeedNewestFirst: on a tree with more dated pages than the feed holds, many on the
// same day, the feed lists the newest, then by address, as a stable sort of all of
// them does.
func TestFeedNewestFirst(t *testing.T) {
	root := filepath.Join(t.TempDir(), "synth")
	testtree.Synth(t, 150, root)
	tree := loadTree(t, root)
	out := &mapOutput{files: map[string][]byte{}}
	r, err := newRenderer(NewSite(tree, "https://example.org/", date("2026-11-25")), Options{Theme: layouts.FS(), Src: tree.FS, Workers: 1}, out)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.writeFeed(); err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Entries []struct {
			ID string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(out.files["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	type dated struct {
		at  string
		url string
	}
	var all []dated
	s := r.site
	for _, res := range s.Results {
		d := res.Year.Phases.Award.From
		if res.Year.Notice != nil {
			d = res.Year.Notice.From
		}
		all = append(all, dated{d.Format("2006-01-02"), res.URL})
	}
	for _, c := range s.Cases {
		all = append(all, dated{c.Date.Format("2006-01-02"), c.URL})
	}
	for _, b := range s.Bulletins {
		all = append(all, dated{b.Date.Format("2006-01-02"), b.URL})
	}
	if len(all) <= feedEntries {
		t.Fatalf("only %d dated pages", len(all))
	}
	slices.SortStableFunc(all, func(a, b dated) int { return cmp.Or(cmp.Compare(b.at, a.at), cmp.Compare(a.url, b.url)) })
	if len(feed.Entries) != feedEntries {
		t.Fatalf("%d entries in the feed", len(feed.Entries))
	}
	for i, e := range feed.Entries {
		if want := s.BaseURL + all[i].url; e.ID != want {
			t.Fatalf("entry %d is %s, want %s", i, e.ID, want)
		}
	}
}
