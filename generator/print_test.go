package generator

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The office prints a final year's certificates in one go (one A4 landscape sheet each, the
// results' and the winning units'), from the page wuxiao ledger writes beside its ledger (the
// public site does not carry it: every result page prints its own), and sends its 表彰决定
// (or, in 公示, the 公示) as a page to print or a Word document.
func TestPrintDocuments(t *testing.T) {
	out := buildDemoFiles(t)
	office := t.TempDir()
	for _, year := range []int{2025, 2026} {
		if _, _, err := Ledger(Config{Root: "..", Now: testDate("2026-11-25")}, &LedgerOptions{Year: year, Out: filepath.Join(office, "台帐.xlsx")}); err != nil {
			t.Fatal(err)
		}
	}
	var data struct {
		Results []struct {
			Title   string          `json:"title"`
			Revoked json.RawMessage `json:"revoked"`
		} `json:"results"`
		WinningUnits []struct {
			Name string `json:"name"`
		} `json:"winning_units"`
	}
	if err := json.Unmarshal([]byte(readOut(t, out, "data/2025.json")), &data); err != nil {
		t.Fatal(err)
	}
	certs := readOut(t, office, "荣誉证书2025.html")
	sheets := regexp.MustCompile(`<article class="certificate"`).FindAllStringIndex(certs, -1)
	want, revoked := len(data.WinningUnits), 0
	for _, r := range data.Results {
		if r.Revoked != nil { // a revoked award's certificate is not printed again
			revoked++
			if strings.Contains(certs, r.Title) {
				t.Errorf("荣誉证书2025.html prints the revoked %s", r.Title)
			}
			continue
		}
		want++
		if !strings.Contains(certs, r.Title) {
			t.Errorf("荣誉证书2025.html lacks %s", r.Title)
		}
	}
	if len(sheets) != want || want == 0 || revoked == 0 {
		t.Errorf("荣誉证书2025.html: %d certificates, want %d (results not revoked, %d revoked, and winning units)", len(sheets), want, revoked)
	}
	for _, u := range data.WinningUnits {
		if !strings.Contains(certs, u.Name+"：") {
			t.Errorf("荣誉证书2025.html lacks the winning unit %s", u.Name)
		}
	}
	if !strings.Contains(certs, "break-after: page") || !strings.Contains(certs, "@page cert") {
		t.Error("certificates do not print one A4 landscape sheet each")
	}
	// It prints from the office's folder alone: no style, script or image from elsewhere.
	if m := regexp.MustCompile(`(?:href|src)="(?:[^"#d]|d[^a])[^"]*"`).FindAllString(certs, -1); len(m) > 0 {
		t.Errorf("荣誉证书2025.html needs other files: %q", m)
	}
	if exists(office + "/荣誉证书2026.html") {
		t.Error("certificates printed for a year still in 公示")
	}
	for _, year := range []string{"2025", "2026"} {
		if exists(out + "/" + year + "/certificates/index.html") {
			t.Errorf("the public site carries %s/certificates/, the office's print tool (13 MB at 10,000 results)", year)
		}
	}

	for year, want := range map[string]string{"2025": "关于表彰2025年", "2026": "拟表彰成果公示"} {
		page := readOut(t, out, year+"/decision/index.html")
		if !strings.Contains(page, want) {
			t.Errorf("%s/decision/ does not say %s", year, want)
		}
		m := regexp.MustCompile(`href="([^"]+\.docx)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%s/decision/ has no Word document", year)
		}
		docx := []byte(readOut(t, out, year+"/decision/"+m[1]))
		z, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
		if err != nil {
			t.Fatalf("%s: %v", m[1], err)
		}
		var doc string
		for _, f := range z.File {
			if f.Name == "word/document.xml" {
				r, _ := f.Open()
				b, _ := io.ReadAll(r)
				doc = string(b)
			}
		}
		if !strings.Contains(doc, want) || !strings.Contains(doc, "<w:tbl>") {
			t.Errorf("%s: the document lacks its title or its list", m[1])
		}
		if year == "2025" {
			for _, r := range data.Results {
				if !strings.Contains(doc, r.Title) {
					t.Errorf("%s lacks %s", m[1], r.Title)
				}
			}
		}
	}
}
