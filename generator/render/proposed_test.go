package render

import "testing"

// TestProposedCountedOnce: a list's count of results in 公示 is made once however many
// pages ask for it (a facet value of 20,000 results at 100,000 has some 200 pages, each
// of which counted them all): asked again for the same list it is the count made first,
// and another list, or a shorter one from the same start, is counted for itself.
func TestProposedCountedOnce(t *testing.T) {
	notice, final := &Year{Status: "notice"}, &Year{Status: "final"}
	list := []*Result{{Year: notice}, {Year: final}, {Year: notice}}
	var pm proposedMemo
	if n := pm.count(list); n != 2 {
		t.Fatalf("count = %d, want 2", n)
	}
	notice.Status = "final" // changes what Proposed would count now
	if n := pm.count(list); n != 2 {
		t.Errorf("counted again: %d, want the first count, 2", n)
	}
	if n := pm.count(list[:1]); n != 0 {
		t.Errorf("the list's first result alone: %d, want 0 (its own count)", n)
	}
	if n := pm.count(nil); n != 0 {
		t.Errorf("no list: %d", n)
	}
}
