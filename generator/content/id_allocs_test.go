package content

import "testing"

// TestSubmissionLookupsAllocate: Index.Submission makes no string to look a submission
// up (it made one), and GlobalID makes one (it made two: the year's and the whole).
// Every rule that resolves a reference does these once a line: at 100,000 submissions
// NewIndex alone made 200,000 strings more a tree, and a tree is indexed several times a
// check.
func TestSubmissionLookupsAllocate(t *testing.T) {
	s := &Submission{Year: 2023, Unit: "chengqu-u00456", Slug: "s005956"}
	if got := s.GlobalID(); got != "2023/chengqu-u00456/s005956" {
		t.Fatalf("GlobalID = %q", got)
	}
	ix := NewIndex(&Tree{Years: []*Year{{Year: 2023, Submissions: []*Submission{s}}}})
	if got := ix.Submission(2023, "chengqu-u00456/s005956"); got != s {
		t.Fatalf("Submission found %v, want %v", got, s)
	}
	if got := ix.Submission(2024, "chengqu-u00456/s005956"); got != nil {
		t.Fatalf("Submission of another year found %v", got)
	}
	if n := testing.AllocsPerRun(100, func() { _ = s.GlobalID() }); n != 1 {
		t.Errorf("GlobalID made %.0f allocations, want 1", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = ix.Submission(2023, "chengqu-u00456/s005956") }); n != 0 {
		t.Errorf("Index.Submission made %.0f allocations, want 0", n)
	}
}
