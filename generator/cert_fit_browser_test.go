package generator

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wuxiao/generator/headless"
	"wuxiao/generator/testtree"
)

// TestBrowserLongCertificatePrintsOnOneSheet: a certificate with everything the content
// model allows at its longest (a title of 60 characters, ten authors of 20, a unit's long
// name) still prints on one A4 landscape sheet, from its result page and from the office's
// sheet of all certificates. In the normal type it ran onto a second sheet: the signatures,
// the date and the QR code printed alone on it.
func TestBrowserLongCertificatePrintsOnOneSheet(t *testing.T) {
	headless.Path(t)
	root := testtree.Write(t, nil)
	sub := filepath.Join(root, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md")
	text, err := os.ReadFile(sub)
	if err != nil {
		t.Fatal(err)
	}
	long := regexp.MustCompile(`(?m)^title: .*$`).ReplaceAllString(string(text), "title: "+strings.Repeat("皮带输送机自动纠偏装置", 6)[:60*3])
	authors := "authors:\n" + strings.Repeat("  - {name: "+strings.Repeat("欧阳建国明", 4)+"}\n", 10)
	long = regexp.MustCompile(`authors:\n(  - .*\n)+`).ReplaceAllString(long, authors)
	units := filepath.Join(root, "content/units.yaml")
	unitsText, err := os.ReadFile(units)
	if err != nil {
		t.Fatal(err)
	}
	for file, s := range map[string]string{
		sub:   long,
		units: strings.Replace(string(unitsText), "name: 矿区第一煤矿工会", "name: 阳泉市矿区第一煤矿有限责任公司机电运输工区综合服务中心基层工会委员会", 1),
	} {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	srv := httptest.NewServer(serveSite(out))
	defer srv.Close()
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	if diags, _, err := Build(cfg, BuildOptions{Out: out, BaseURL: srv.URL + "/"}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	office := t.TempDir()
	if _, _, err := Ledger(cfg, &LedgerOptions{Year: 2023, Out: filepath.Join(office, "台帐.xlsx")}); err != nil {
		t.Fatal(err)
	}
	sheet := (&url.URL{Scheme: "file", Path: filepath.Join(office, "荣誉证书2023.html")}).String()
	tab := browser.Tab(t, 2*time.Minute)
	for name, u := range map[string]string{
		"result page":    srv.URL + "/2023/results/kuangqu-mine1/pidai-jiupian/#certificate",
		"office's sheet": sheet,
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := chromedp.NewContext(tab)
			defer cancel()
			ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
			defer cancelT()
			if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
				t.Fatal(err)
			}
			n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('article.certificate').length`))
			if err != nil || n == 0 {
				t.Fatalf("%d certificates (%v)", n, err)
			}
			pdf := printPDF(t, ctx)
			if pages := pdfPages(pdf); pages != n {
				t.Errorf("%d certificates print on %d sheets", n, pages)
			}
			if shots := os.Getenv("WUXIAO_SCREENSHOTS"); shots != "" {
				_ = os.WriteFile(filepath.Join(shots, "long-certificate-"+strings.ReplaceAll(name, " ", "-")+".pdf"), pdf, 0o644)
			}
		})
	}
}
