package render

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"image/png"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"rsc.io/qr"
	"rsc.io/qr/coding"

	"wuxiao/generator/award"
	"wuxiao/generator/content"
	"wuxiao/layouts"
)

// minimalSite renders the contract's minimal example (final in 2023), with edit applied to
// its results.yaml, and returns the written files.
func minimalSite(t *testing.T, edit func(string) string) map[string][]byte {
	t.Helper()
	src := os.DirFS("../rules/testdata/base")
	m := fstest.MapFS{}
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		if p == "content/2023/results.yaml" && edit != nil {
			data = []byte(edit(string(data)))
		}
		m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tree, _, err := content.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	now, _ := content.ParseDate("2024-06-01")
	out := &filesOutput{files: map[string][]byte{}}
	if _, err := Render(NewSite(tree, "", now), Options{Theme: layouts.FS(), Src: m}, out); err != nil {
		t.Fatal(err)
	}
	return out.files
}

// filesOutput keeps the rendered files in memory.
type filesOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (o *filesOutput) WriteFile(name string, data []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.files[name] = append([]byte(nil), data...)
	return nil
}

// TestCertificates: a final year's result page carries its certificate (one page, not two:
// the screen shows it after the ladder, print gives either the result or, from the link
// to #certificate or the print button, the A4 landscape sheet alone).
func TestCertificates(t *testing.T) {
	files := minimalSite(t, nil)
	ids := []string{"kuangqu-mine1/pidai-jiupian", "jiaoqu-farm/dapeng-tongfeng", "chengqu-heating/guanwang-loushui",
		"chengqu-vocational/diangong-jiaoju", "energy-power/peidian-xunjian"}
	for name := range files {
		if strings.Contains(name, "/certificate/") {
			t.Errorf("%s: a certificate page of its own duplicates the result page", name)
		}
	}
	for _, id := range ids {
		page := string(files["2023/results/"+id+"/index.html"])
		if page == "" {
			t.Errorf("%s: no result page", id)
			continue
		}
		for _, want := range []string{
			`<section class="block cert-block" id="certificate"`,
			"<p class=\"cert-title\">荣誉证书\n",
			"证书编号：<span class=\"cert-no\">" + award.CertificateNumber(2023, id) + "</span>",
			"表彰文号：阳工发〔2023〕68号",
			`alt="核验二维码：本页网址"`,
			"<p class=\"cert-date\">2023年12月\n",
			"荣誉证书编号 <b>" + award.CertificateNumber(2023, id) + "</b> · <a href=\"#certificate\">查看和打印证书</a>",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: missing %q", id, want)
			}
		}
	}
	if page := string(files["2023/results/kuangqu-mine1/pidai-jiupian/index.html"]); strings.Contains(page, "data-print") {
		t.Error("the result page carries the print button's markup: read.js makes it (no use without JavaScript; 80 bytes on each of ten thousand pages)")
	}
	if page := string(files["2023/results/kuangqu-mine1/pidai-jiupian/index.html"]); !strings.Contains(page, "王建国、李明：") ||
		!strings.Contains(page, "你们完成的“皮带输送机自动纠偏装置”，在2023年阳泉市职工“五小”竞赛中荣获") ||
		!strings.Contains(page, "<p class=\"cert-award\">一等奖\n") {
		t.Errorf("the first prize's certificate reads wrong:\n%s", page)
	}
	if page := string(files["2023/results/jiaoqu-farm/dapeng-tongfeng/index.html"]); !strings.Contains(page, ">你完成的“") {
		t.Errorf("one author is addressed as 你")
	}
	if strings.Contains(string(files["sitemap.xml"]), "certificate/") {
		t.Errorf("the sitemap lists certificate pages that are no longer written")
	}
	css := string(files["static/style.css"])
	for _, want := range []string{"@page cert", "page: cert", ":target"} {
		if !strings.Contains(css, want) {
			t.Errorf("style.css lacks %q: the result page cannot print its certificate alone on A4 landscape", want)
		}
	}
	for rest := css; strings.Contains(rest, "@page {"); {
		_, rest, _ = strings.Cut(rest, "@page {")
		if block, _, _ := strings.Cut(rest, "}"); strings.Contains(block, "landscape") {
			t.Errorf("style.css turns every page landscape: @page {%s}", block)
		}
	}
}

// TestOneStyleSheet: every page links the one style sheet, style.css (the 申报表 adds its own):
// a link a page (ten thousand result pages) is about 70 bytes, and a request more on a
// phone; the certificate's and the search box's styles are in it.
func TestOneStyleSheet(t *testing.T) {
	files := minimalSite(t, nil)
	pages := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		page := string(data)
		want := 1
		if name == "submit/index.html" {
			want = 2 // and submit.css, the form's own
		}
		if n := strings.Count(page, `rel="stylesheet"`); n != want || !strings.Contains(page, `static/style.css?v=`) {
			t.Errorf("%s links %d style sheets, want style.css alone", name, n)
		}
	}
	if pages == 0 {
		t.Fatal("no pages")
	}
	for _, gone := range []string{"static/certificate.css", "static/search.css"} {
		if _, ok := files[gone]; ok {
			t.Errorf("%s is still written: its rules belong in style.css", gone)
		}
	}
}

// TestNoCertificateBeforeFinal: on notice, nothing is certified yet.
func TestNoCertificateBeforeFinal(t *testing.T) {
	files := minimalSite(t, func(s string) string { return strings.Replace(s, "status: final", "status: notice", 1) })
	for name := range files {
		if strings.Contains(name, "certificate/") {
			t.Errorf("%s written while the results are on notice", name)
		}
	}
	page := string(files["2023/results/kuangqu-mine1/pidai-jiupian/index.html"])
	if page == "" || strings.Contains(page, "荣誉证书编号") {
		t.Fatal("the result page should exist on notice, without a certificate")
	}
}

// TestQRImage: the image shows exactly the modules of the code, each qrScale pixels
// square, and is the same each time. The quiet zone of four modules the standard asks for
// is the style sheet's white padding around it (60 bytes less a certificate as a PNG in
// base64): the image is the code alone. A result page's image says it encodes the page's
// address; the office's sheet of all certificates, away from the pages, says the address.
func TestQRImage(t *testing.T) {
	const u = "https://example.org/wuxiao/2023/results/kuangqu-mine1/pidai-jiupian/"
	c, err := newCertificate(&Year{Year: 2023}, "kuangqu-mine1/pidai-jiupian", u)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := newCertificate(&Year{Year: 2023}, "kuangqu-mine1/pidai-jiupian", u)
	if c.QR() != again.QR() {
		t.Error("not deterministic")
	}
	tag := c.QR()
	m := regexp.MustCompile(`^<img class="qr" src="data:image/png;base64,([A-Za-z0-9+/=]+)" width="(\d+)" height="(\d+)" alt="核验二维码：([^"]+)">$`).FindStringSubmatch(string(tag))
	if m == nil || m[4] != u {
		t.Fatalf("unexpected tag %s", tag)
	}
	if page := string(c.PageQR()); page != strings.Replace(string(tag), u, "本页网址", 1) {
		t.Errorf("the result page's image is\n%s, want the sheet's\n%s with 本页网址 for its address", page, tag)
	}
	data, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	code, _ := qr.Encode(u, qr.M)
	side := code.Size * qrScale
	if b := img.Bounds(); b.Dx() != side || b.Dy() != side || m[2] != strconv.Itoa(code.Size) || m[3] != m[2] {
		t.Fatalf("image %v, tag %sx%s; want %d px and %d modules", b, m[2], m[3], side, code.Size)
	}
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			r, _, _, _ := img.At(x, y).RGBA()
			if dark := r < 0x8000; dark != code.Black(x/qrScale, y/qrScale) {
				t.Fatalf("pixel %d,%d dark=%v, module %d,%d", x, y, dark, x/qrScale, y/qrScale)
			}
		}
	}
	t.Logf("%d bytes", len(tag))
	if len(tag) > 1000 {
		t.Errorf("the code takes %d bytes a certificate", len(tag))
	}
	css, err := fs.ReadFile(layouts.FS(), "static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	if rule := regexp.MustCompile(`\.qr \{[^}]*\}`).Find(css); !bytes.Contains(rule, []byte("padding")) || !bytes.Contains(rule, []byte("background: #fff")) {
		t.Errorf("the style sheet gives the code no white quiet zone: %s", rule)
	}
}

func BenchmarkQRImage(b *testing.B) {
	for b.Loop() {
		if _, _, err := qrPNG("https://example.org/2023/results/edu-u00295/s006795/"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestStoredZlib: the image data of QR codes is compress/zlib's at BestSpeed byte for byte
// outside the sizes qrIDAT stores and wherever compress/zlib stores them too (nearly
// always: a Huffman code of a few hundred random bytes costs more than it saves), else the
// same rows stored; and it always inflates to the rows. Addresses of every length up to
// 500 bytes, QR versions 1 to 15.
func TestStoredZlib(t *testing.T) {
	ours, deflated := 0, 0 // codes qrIDAT stores; of those, the ones compress/zlib deflated
	for n := 1; n <= 500; n += 1 + n/50 {
		for k := range 20 {
			u := "https://example.org/" + strings.Repeat("x", n) + strconv.Itoa(k*7919)
			code, err := qrEncode(u)
			if err != nil {
				t.Fatal(err)
			}
			rows := qrRows(code)
			got, err := qrIDAT(rows)
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&want, zlib.BestSpeed)
			zw.Write(rows)
			zw.Close()
			stores := len(rows) >= storedRowsMin && len(rows) <= storedRowsMax
			if stores {
				ours++
			}
			if stores && want.Bytes()[2]&6 != 0 { // BTYPE not 00: compress/zlib deflated them
				deflated++
			} else if !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("%d bytes of rows: %x, compress/zlib %x", len(rows), got[:12], want.Bytes()[:12])
			}
			zr, err := zlib.NewReader(bytes.NewReader(got))
			if err != nil {
				t.Fatal(err)
			}
			back, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(back, rows) {
				t.Fatalf("%d bytes of rows inflate to %d bytes, %v", len(rows), len(back), err)
			}
		}
	}
	t.Logf("of %d codes qrIDAT stores, compress/zlib deflated %d", ours, deflated)
	if ours < 1000 || deflated > ours/100 {
		t.Errorf("compress/zlib deflated %d of the %d codes qrIDAT stores", deflated, ours)
	}
}

// TestQRRowsFromBitmap: qrRows, which copies the code's bitmap a row at a time, gives the
// rows the module-by-module drawing gave (white modules as 1 bits, the bits after the
// last pixel 0), for codes of versions 1 to 15.
func TestQRRowsFromBitmap(t *testing.T) {
	for n := 1; n <= 500; n += 7 {
		code, err := qrEncode("https://example.org/" + strings.Repeat("y", n))
		if err != nil {
			t.Fatal(err)
		}
		side := code.Size * qrScale
		stride := (side + 7) / 8
		var want []byte
		for y := range side {
			row := make([]byte, stride)
			for x := range side {
				if !code.Black(x/qrScale, y/qrScale) {
					row[x/8] |= 0x80 >> (x % 8)
				}
			}
			want = append(want, 0)
			want = append(want, row...)
		}
		if got := qrRows(code); !bytes.Equal(got, want) {
			t.Fatalf("version of %d modules: rows differ", code.Size)
		}
	}
}

// TestQREncodeMatches: qrEncode, with its layouts kept and its own test of the texts
// that fit the numeric and alphanumeric modes, draws the code qr.Encode draws at level
// M, for texts of each mode and of characters just outside them, of many lengths.
func TestQREncodeMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	sets := []string{"0123456789", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", "0123456789ABCXYZ:/", "abc/:.-", "09/", "证书编号WX", "@[`{~\x00\x7f"}
	modes := map[string]int{}
	for range 3000 {
		set := []rune(sets[r.IntN(len(sets))])
		other := []rune(sets[r.IntN(len(sets))])
		var b strings.Builder
		for range 1 + r.IntN(120) {
			b.WriteRune(set[r.IntN(len(set))])
		}
		if r.IntN(4) == 0 { // one character of another set, anywhere
			s := []rune(b.String())
			i := r.IntN(len(s))
			s[i] = other[r.IntN(len(other))]
			b.Reset()
			b.WriteString(string(s))
		}
		text := b.String()
		want, werr := qr.Encode(text, qr.M)
		got, gerr := qrEncode(text)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q: qrEncode error %v, qr.Encode's %v", text, gerr, werr)
		}
		if werr != nil {
			continue
		}
		if got.Size != want.Size || !bytes.Equal(got.Bitmap, want.Bitmap) {
			t.Fatalf("%q: qrEncode draws another code (%d modules, qr.Encode %d)", text, got.Size, want.Size)
		}
		if l, data, _ := qrCodewords(text); !bytes.Equal(l.drawRows(data), qrRows(want)) {
			t.Fatalf("%q: drawRows draws other rows than qrRows of qr.Encode's code", text)
		}
		switch {
		case coding.Num(text).Check() == nil:
			modes["numeric"]++
		case coding.Alpha(text).Check() == nil:
			modes["alphanumeric"]++
		default:
			modes["bytes"]++
		}
	}
	if modes["numeric"] < 100 || modes["alphanumeric"] < 100 || modes["bytes"] < 100 {
		t.Errorf("texts by mode %v: the test wants each", modes)
	}
	// Long addresses, in bytes mode: versions of each width of the length field (8
	// bits to version 9, 16 beyond), up to the last, and past it.
	versions := map[int]bool{}
	for n := 100; n <= 2400; n += 1 + r.IntN(70) {
		text := "https://example.org/" + strings.Repeat("x", n) + "/" + strconv.Itoa(r.IntN(1e6))
		want, werr := qr.Encode(text, qr.M)
		got, gerr := qrEncode(text)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%d bytes: qrEncode error %v, qr.Encode's %v", len(text), gerr, werr)
		}
		if werr != nil {
			versions[0] = true
			continue
		}
		if got.Size != want.Size || !bytes.Equal(got.Bitmap, want.Bitmap) {
			t.Fatalf("%d bytes: qrEncode draws another code (%d modules, qr.Encode %d)", len(text), got.Size, want.Size)
		}
		if l, data, _ := qrCodewords(text); !bytes.Equal(l.drawRows(data), qrRows(want)) {
			t.Fatalf("%d bytes: drawRows draws other rows than qrRows of qr.Encode's code", len(text))
		}
		versions[(want.Size-17)/4] = true
	}
	if !versions[0] || !versions[40] || !versions[27] || len(versions) < 30 {
		t.Errorf("versions drawn %v: the test wants 27, 40, too long and most between", versions)
	}
}

// TestAuthorNames: authorNames joins the names with 、 as strings.Join does, for no
// author, one, and several, empty names among them, making no more than the string
// (none for one author: its name).
func TestAuthorNames(t *testing.T) {
	for _, names := range [][]string{nil, {"刘工"}, {"刘工", "王强"}, {"刘工", "", "王强", "李"}, {""}, {"", ""}} {
		as := make([]content.Author, len(names))
		for i, n := range names {
			as[i].Name = n
		}
		if got, want := authorNames(as), strings.Join(names, "、"); got != want {
			t.Errorf("%q: %q, want %q", names, got, want)
		}
	}
	for _, c := range []struct { // the name itself, or one string of them all
		n    int
		want float64
	}{{1, 0}, {3, 1}} {
		n, want := c.n, c.want
		as := make([]content.Author, n)
		for i := range as {
			as[i].Name = "刘工"
		}
		if got := testing.AllocsPerRun(100, func() { authorNames(as) }); got != want {
			t.Errorf("%d authors: %v allocations, want %v", n, got, want)
		}
	}
}
