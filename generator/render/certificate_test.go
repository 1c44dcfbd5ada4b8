package render

import (
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"rsc.io/qr"

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

func TestCertificates(t *testing.T) {
	files := minimalSite(t, nil)
	ids := []string{"kuangqu-mine1/pidai-jiupian", "jiaoqu-farm/dapeng-tongfeng", "chengqu-heating/guanwang-loushui",
		"chengqu-vocational/diangong-jiaoju", "energy-power/peidian-xunjian"}
	for _, id := range ids {
		page := string(files["2023/results/"+id+"/certificate/index.html"])
		if page == "" {
			t.Errorf("%s: no certificate page", id)
			continue
		}
		for _, want := range []string{
			"<h1 class=\"cert-title\">荣誉证书</h1>",
			"证书编号：<span class=\"cert-no\">" + award.CertificateNumber(2023, id) + "</span>",
			"表彰文号：阳工发〔2023〕68号",
			`aria-label="核验二维码：https://example.org/wuxiao/2023/results/` + id + `/"`,
			"static/certificate.css?v=",
			"<p class=\"cert-date\">2023年12月</p>",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: missing %q", id, want)
			}
		}
	}
	if page := string(files["2023/results/kuangqu-mine1/pidai-jiupian/certificate/index.html"]); !strings.Contains(page, "王建国、李明：") ||
		!strings.Contains(page, "你们完成的“皮带输送机自动纠偏装置”，在2023年阳泉市职工“五小”竞赛中荣获") ||
		!strings.Contains(page, "<p class=\"cert-award\">一等奖</p>") {
		t.Errorf("the first prize's certificate reads wrong:\n%s", page)
	}
	if page := string(files["2023/results/jiaoqu-farm/dapeng-tongfeng/certificate/index.html"]); !strings.Contains(page, ">你完成的“") {
		t.Errorf("one author is addressed as 你")
	}
	if page := string(files["2023/results/kuangqu-mine1/pidai-jiupian/index.html"]); !strings.Contains(page,
		"荣誉证书编号 <b>"+award.CertificateNumber(2023, "kuangqu-mine1/pidai-jiupian")+"</b> · <a href=\"../../../../2023/results/kuangqu-mine1/pidai-jiupian/certificate/\">") {
		t.Errorf("the result page should show the certificate number and link")
	}
	if !strings.Contains(string(files["sitemap.xml"]), "certificate/") {
		t.Errorf("certificate pages should be in the sitemap")
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

// TestQRSVG: the SVG draws exactly the dark modules of the code, inside a quiet zone.
func TestQRSVG(t *testing.T) {
	const u = "https://example.org/wuxiao/2023/results/kuangqu-mine1/pidai-jiupian/"
	svg, err := qrSVG(u)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := qrSVG(u)
	if svg != again {
		t.Error("not deterministic")
	}
	code, _ := qr.Encode(u, qr.M)
	if want := "viewBox=\"0 0 " + strconv.Itoa(code.Size+8) + " " + strconv.Itoa(code.Size+8) + "\""; !strings.Contains(string(svg), want) {
		t.Errorf("want %s in %s", want, svg[:120])
	}
	dark := 0
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; x++ {
			if code.Black(x, y) {
				dark++
			}
		}
	}
	drawn := 0
	for y, row := range qrRows(t, string(svg)) {
		for x := range row {
			if !code.Black(x-4, y-4) {
				t.Fatalf("module %d,%d drawn dark but is light", x-4, y-4)
			}
			drawn++
		}
	}
	if drawn != dark {
		t.Errorf("drew %d dark modules, the code has %d", drawn, dark)
	}
}

// qrRows reads back the dark modules the path of a QR code's SVG strokes: rows start
// with an absolute move to the middle of a module row, then alternate relative lines
// and moves along it. It fails the test on anything else.
func qrRows(t *testing.T, svg string) map[int]map[int]bool {
	t.Helper()
	m := regexp.MustCompile(`<path stroke="#000" d="([^"]*)"/>`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no stroked path in %s", svg)
	}
	rows := map[int]map[int]bool{}
	x, y := -1, -1
	for _, op := range regexp.MustCompile(`M(\d+) (\d+)\.5|m(\d+) 0|h(\d+)|(.)`).FindAllStringSubmatch(m[1], -1) {
		switch {
		case op[1] != "":
			x, _ = strconv.Atoi(op[1])
			y, _ = strconv.Atoi(op[2])
		case op[3] != "" && y >= 0:
			n, _ := strconv.Atoi(op[3])
			x += n
		case op[4] != "" && y >= 0:
			n, _ := strconv.Atoi(op[4])
			if rows[y] == nil {
				rows[y] = map[int]bool{}
			}
			for i := range n {
				if rows[y][x+i] {
					t.Fatalf("module %d,%d drawn twice", x+i, y)
				}
				rows[y][x+i] = true
			}
			x += n
		default:
			t.Fatalf("unexpected %q in the path %s", op[0], m[1])
		}
	}
	return rows
}

func BenchmarkQRSVG(b *testing.B) {
	for b.Loop() {
		if _, err := qrSVG("https://example.org/2023/results/edu-u00295/s006795/"); err != nil {
			b.Fatal(err)
		}
	}
}
