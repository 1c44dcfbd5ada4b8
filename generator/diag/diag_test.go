package diag

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// sample is a list added out of order, with an exact repeat.
func sample() *List {
	var l List
	l.Warnf(Pos{File: "content/b.md", Line: 3, Col: 1}, "pii", "电话")
	l.Errorf(Pos{File: "content/a.md", Line: 10, Col: 2}, "schema", "缺少 title")
	l.Add(Diagnostic{Pos: Pos{File: "content/a.md", Line: 2, Col: 4}, Rule: "duplicate", Severity: Error, Msg: "相同", Related: Pos{File: "content/c.md", Line: 24, Col: 4}})
	l.Errorf(Pos{File: "content/a.md", Line: 10, Col: 2}, "schema", "缺少 title")
	l.Errorf(Pos{File: "content/a.md", Line: 10, Col: 2}, "ref", "单位不存在")
	return &l
}

// TestItemsDoNotSort: Items is the list as added; only Sort changes the order.
func TestItemsDoNotSort(t *testing.T) {
	l := sample()
	if got := l.Items()[0].Rule; got != "pii" {
		t.Fatalf("Items reordered the list: first is %s", got)
	}
	_ = l.Text()
	var b bytes.Buffer
	if err := l.Print(&b, "json"); err != nil {
		t.Fatal(err)
	}
	if got := l.Items()[0].Rule; got != "pii" || l.Len() != 5 {
		t.Fatalf("printing changed the list: first %s, %d items", got, l.Len())
	}
	l.Sort()
	var order []string
	for _, d := range l.Items() {
		order = append(order, d.Pos.String()+" "+d.Rule)
	}
	want := "content/a.md:2:4 duplicate|content/a.md:10:2 ref|content/a.md:10:2 schema|content/b.md:3:1 pii"
	if got := strings.Join(order, "|"); got != want {
		t.Errorf("Sort gave\n%s\nwant\n%s", got, want)
	}
}

// TestFormats: the output contract of each format, related position included.
func TestFormats(t *testing.T) {
	tests := []struct{ format, want string }{
		{"text", "content/a.md:2:4: duplicate: 相同（见 content/c.md:24:4）\n" +
			"content/a.md:10:2: ref: 单位不存在\n" +
			"content/a.md:10:2: schema: 缺少 title\n" +
			"content/b.md:3:1: pii: warning: 电话\n"},
		{"github", "::error file=content/a.md,line=2,col=4,title=duplicate::相同（见 content/c.md:24:4）\n" +
			"::error file=content/a.md,line=10,col=2,title=ref::单位不存在\n" +
			"::error file=content/a.md,line=10,col=2,title=schema::缺少 title\n" +
			"::warning file=content/b.md,line=3,col=1,title=pii::电话\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := sample().Print(&b, tt.format); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s:\n%s\nwant\n%s", tt.format, b.String(), tt.want)
		}
	}
	if err := sample().Print(&bytes.Buffer{}, "xml"); err == nil {
		t.Error("an unknown format was accepted")
	}
}

// TestJSONRoundTrip: JSON carries the related position and the key a finding is about
// as data, and ReadJSON reads back what Print wrote.
func TestJSONRoundTrip(t *testing.T) {
	sample := func() *List {
		l := sample()
		l.Missingf(Pos{File: "content/r.yaml", Line: 1, Col: 9}, "doc", "results", "须填写文号")
		return l
	}
	var b bytes.Buffer
	if err := sample().Print(&b, "json"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`"errors": 4`, `"warnings": 1`, `"message": "相同"`, `"related": {`, `"file": "content/c.md"`, `"line": 24`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s:\n%s", want, out)
		}
	}
	if strings.Count(out, `"related"`) != 1 {
		t.Errorf("related should appear only where there is one:\n%s", out)
	}
	if strings.Count(out, `"about": "doc"`) != 1 || strings.Count(out, `"about"`) != 1 {
		t.Errorf("about should appear only where a finding is about a key other than the one at its position:\n%s", out)
	}
	back, err := ReadJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := back.Text(), sample().Text(); got != want {
		t.Errorf("round trip:\n%s\nwant\n%s", got, want)
	}
	if got, want := back.Items(), sample().Sorted(); !slices.Equal(got, want) {
		t.Errorf("round trip lost data:\n%+v\nwant\n%+v", got, want)
	}
}

// TestGitHubEscaping: a workflow command's data and properties are escaped as GitHub
// Actions requires, so that a message cannot end the command or add properties.
func TestGitHubEscaping(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "content/a,b:c.md", Line: 0, Col: 0}, "r:1", "%s", "100%\r\n::error::伪造")
	var b bytes.Buffer
	if err := l.Print(&b, "github"); err != nil {
		t.Fatal(err)
	}
	want := "::error file=content/a%2Cb%3Ac.md,line=1,col=1,title=r%3A1::100%25%0D%0A::error::伪造\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestCounts: Count, Failed and FilesWithErrors read the list as it is.
func TestCounts(t *testing.T) {
	l := sample()
	if e, w := l.Count(); e != 4 || w != 1 { // the repeat counts until Sort drops it
		t.Errorf("Count = %d, %d", e, w)
	}
	l.Sort()
	if e, w := l.Count(); e != 3 || w != 1 {
		t.Errorf("after Sort, Count = %d, %d", e, w)
	}
	if !l.Failed(false) {
		t.Error("errors should fail")
	}
	var warn List
	warn.Warnf(FileStart("x"), "r", "m")
	if warn.Failed(false) || !warn.Failed(true) {
		t.Error("a warning fails only when strict")
	}
	if got := l.FilesWithErrors(); len(got) != 1 || !got["content/a.md"] {
		t.Errorf("FilesWithErrors = %v", got)
	}
}
