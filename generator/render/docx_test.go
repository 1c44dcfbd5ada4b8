package render

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"wuxiao/generator/content"
)

// memDeflates keeps deflated pieces in memory, counting what was asked.
type memDeflates struct {
	m          map[string]Deflated
	hits, miss int
}

func (c *memDeflates) Deflated(key string) (Deflated, bool) {
	d, ok := c.m[key]
	if ok {
		c.hits++
	} else {
		c.miss++
	}
	return d, ok
}

func (c *memDeflates) Deflate(key string, d Deflated) {
	if c.m == nil {
		c.m = map[string]Deflated{}
	}
	c.m[key] = Deflated{Bytes: slices.Clone(d.Bytes), CRC: d.CRC, Size: d.Size}
}

// bigDecision is a decision whose annex has n results in four awards, and a fifth award
// of three pieces of one long result repeated.
func bigDecision(n int) *Decision {
	d := &Decision{Title: "关于表彰的决定", Doc: "阳工发〔2026〕1号", Paragraphs: []string{"正文。"}, Annex: "附件：名单",
		Sign: []string{"市总工会"}, Date: "2026年12月", Units: []*Unit{{Name: "城区总工会"}}}
	for i, award := range []string{"特等奖", "一等奖", "二等奖", "三等奖"} {
		g := &AwardGroup{Award: award}
		for j := range n / 4 {
			g.Results = append(g.Results, &Result{Title: fmt.Sprintf("成果%d-%d <&>", i, j), Unit: &Unit{Name: fmt.Sprintf("单位%d", j%37)},
				Authors: []content.Author{{Name: fmt.Sprintf("甲%d", j)}, {Name: "乙"}}})
		}
		d.Groups = append(d.Groups, g)
	}
	// Rows that differ only by their numbers, each longer than a piece's dictionary: the
	// dictionaries of its second and third pieces are the same text, without a number.
	same := &Result{Title: strings.Repeat("同名成果", annexDict/12+1), Unit: &Unit{Name: "同一单位"}}
	d.Groups = append(d.Groups, &AwardGroup{Award: "优秀奖", Results: slices.Repeat([]*Result{same}, 3*annexPiece)})
	return d
}

// documentXMLOf is word/document.xml of a .docx, read through archive/zip (which checks
// its CRC-32 and sizes).
func documentXMLOf(t *testing.T, docx []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	doc := ""
	for _, f := range z.File {
		names = append(names, f.Name)
		if f.Flags&0x8 != 0 || f.Method != zip.Deflate {
			t.Errorf("%s: flags %#x, method %d: want its sizes and CRC in the local header, deflated", f.Name, f.Flags, f.Method)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if f.Name == "word/document.xml" {
			doc = string(b)
		}
	}
	if want := []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml", "word/styles.xml"}; !slices.Equal(names, want) {
		t.Fatalf("parts %q, want %q", names, want)
	}
	return doc
}

// TestDOCXPiecesReused: a decision's .docx made with its annex's deflated pieces kept
// from the documents before is byte for byte the one made without, after a result's
// title, unit or authors change, a result is removed or added, or moves to another
// award; its document part is the document's XML, every row numbered in its award;
// and only the pieces of changed rows are deflated again.
func TestDOCXPiecesReused(t *testing.T) {
	d := bigDecision(4 * (2*annexPiece + 100))
	kept := &memDeflates{}
	rng := rand.New(rand.NewPCG(1, 7))
	pick := func() (*AwardGroup, int) {
		g := d.Groups[rng.IntN(len(d.Groups))]
		return g, rng.IntN(len(g.Results))
	}
	edits := []struct {
		what string
		do   func()
	}{
		{"nothing", func() {}},
		{"title", func() {
			g, i := pick()
			g.Results[i] = &Result{Title: g.Results[i].Title + "（改）", Unit: g.Results[i].Unit, Authors: g.Results[i].Authors}
		}},
		{"unit", func() {
			g, i := pick()
			g.Results[i] = &Result{Title: g.Results[i].Title, Unit: &Unit{Name: "改名单位"}, Authors: g.Results[i].Authors}
		}},
		{"authors", func() {
			g, i := pick()
			g.Results[i] = &Result{Title: g.Results[i].Title, Unit: g.Results[i].Unit, Authors: []content.Author{{Name: "丙"}, {Name: "乙"}}} // as many
		}},
		{"title before a piece", func() { // in the next piece's dictionary
			g := d.Groups[1]
			r := g.Results[annexPiece-1]
			g.Results[annexPiece-1] = &Result{Title: r.Title + "（改）", Unit: r.Unit, Authors: r.Authors}
		}},
		{"removed", func() { g, i := pick(); g.Results = slices.Delete(slices.Clone(g.Results), i, i+1) }},
		{"added", func() {
			g, i := pick()
			g.Results = slices.Insert(slices.Clone(g.Results), i, &Result{Title: "新增", Unit: &Unit{Name: "新单位"}})
		}},
		{"moved", func() {
			g, i := pick()
			r := g.Results[i]
			g.Results = slices.Delete(slices.Clone(g.Results), i, i+1)
			h := d.Groups[(slices.Index(d.Groups, g)+1)%len(d.Groups)]
			j := rng.IntN(len(h.Results) + 1)
			h.Results = slices.Insert(slices.Clone(h.Results), j, r)
		}},
		{"last row", func() { g := d.Groups[3]; g.Results = g.Results[:len(g.Results)-1] }},
	}
	for n, e := range append(edits, edits...) {
		e.do()
		cold, err := d.DOCX()
		if err != nil {
			t.Fatal(err)
		}
		kept.hits, kept.miss = 0, 0
		warm, err := d.DOCXWith(kept)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(cold, warm) {
			t.Fatalf("edit %d (%s): %d bytes with the kept pieces, %d without", n, e.what, len(warm), len(cold))
		}
		doc := documentXMLOf(t, warm)
		if want := d.documentXML(); doc != want {
			t.Fatalf("edit %d (%s): the document part is not the document's XML (%d bytes, want %d)", n, e.what, len(doc), len(want))
		}
		for _, g := range d.Groups {
			last := g.Results[len(g.Results)-1]
			row := fmt.Sprintf(`%d</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:tcW w:w="3300" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="Cell"/></w:pPr><w:r><w:t xml:space="preserve">%s<`,
				len(g.Results), strings.NewReplacer("<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(last.Title))
			if !strings.Contains(doc, row) {
				t.Errorf("edit %d (%s): %s's last row is not numbered %d", n, e.what, g.Award, len(g.Results))
			}
		}
		if n > 0 && e.what != "moved" && e.what != "removed" && e.what != "added" && kept.miss > 2 {
			t.Errorf("edit %d (%s): %d pieces deflated again, %d kept", n, e.what, kept.miss, kept.hits)
		}
		if n == 0 && kept.miss < 4*3+3 {
			t.Errorf("the first document was made of %d pieces", kept.miss)
		}
	}
	if len(kept.m) < 20 {
		t.Errorf("%d pieces kept", len(kept.m))
	}
}

// BenchmarkDOCXKept is a 10,000-row decision made again after one row changed, its
// other pieces kept.
func BenchmarkDOCXKept(b *testing.B) {
	d := bigDecision(10000)
	kept := &memDeflates{}
	if _, err := d.DOCXWith(kept); err != nil {
		b.Fatal(err)
	}
	g := d.Groups[2]
	r := g.Results[100]
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		g.Results[100] = &Result{Title: r.Title + strconv.Itoa(i%3), Unit: r.Unit, Authors: r.Authors}
		if _, err := d.DOCXWith(kept); err != nil {
			b.Fatal(err)
		}
	}
}
