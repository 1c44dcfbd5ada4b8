package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strconv"

	"wuxiao/generator/award"
	"wuxiao/generator/urls"
)

// Certificate is what the certificate (荣誉证书) of an awarded result shows.
type Certificate struct {
	Number string // award.CertificateNumber: stable, derived from year and id
	Verify string // absolute URL of the result's public page, encoded in the QR code
	Date   string // month of the award phase, e.g. 2023年12月
	png    string // the QR code of Verify, a PNG in base64 (qrPNG), made at build time
	side   int    // its side in modules
}

// QR is the certificate's QR code as an inline image whose text alternative gives the
// address it encodes: for the office's sheet of all certificates, away from the pages.
func (c *Certificate) QR() template.HTML { return qrTag(c.png, c.side, c.Verify) }

// PageQR is the QR code on the result's own page, which it encodes the address of: its
// text alternative says so (本页网址) instead of spelling the address out again.
func (c *Certificate) PageQR() template.HTML { return qrTag(c.png, c.side, "本页网址") }

// CertificateURL is where the result's certificate is, the end of its own page, or "" when
// its year is not final: certificates are printed only once the commendation is decided
// [五(三)]. The certificate is not a page of its own: it would repeat the result page's
// frame and facts for every result (a third of the output at 10,000 results).
func (r *Result) CertificateURL() string {
	if r.Year == nil || r.Year.Status != "final" {
		return ""
	}
	return r.URL + "#certificate"
}

// CertificateNumber is the number printed on the result's certificate, "" without one; the
// result page shows it, so a certificate's holder can be checked against the public record.
func (r *Result) CertificateNumber() string {
	if r.CertificateURL() == "" {
		return ""
	}
	return award.CertificateNumber(r.Year.Year, r.ID)
}

// Certificate is the certificate of the page's result (nil without one).
func (p *PageData) Certificate() (*Certificate, error) { return p.CertificateOf(p.Result) }

// CertificateOf is the certificate of result r (nil without one), for the pages that print
// one or all of a year's.
func (p *PageData) CertificateOf(r *Result) (*Certificate, error) {
	if r == nil || r.CertificateURL() == "" {
		return nil, nil
	}
	return p.r.certificate(r.Year, r.ID, p.Abs(r.URL))
}

// WinnerCertificate is the certificate of a year's winning unit (优胜单位) u.
func (p *PageData) WinnerCertificate(y *Year, u *Unit) (*Certificate, error) {
	if y == nil || u == nil || y.Status != "final" {
		return nil, nil
	}
	return p.r.certificate(y, "winning-unit/"+u.ID, p.Abs(u.URL))
}

// CertSheet is one printed certificate: of a result, or of a winning unit (Unit set).
type CertSheet struct {
	Year       *Year
	Result     *Result
	Unit       *Unit
	Cert       *Certificate
	Organizers []string
}

// CertificateSheets are the certificates of the page's year: each result's, then each
// winning unit's; nil unless the year is final.
func (p *PageData) CertificateSheets() ([]CertSheet, error) {
	var out []CertSheet
	if p.Year == nil {
		return nil, nil
	}
	for _, r := range p.Year.Results {
		if r.Revoked != nil { // a revoked award's certificate is not printed again
			continue
		}
		c, err := p.CertificateOf(r)
		if err != nil || c == nil {
			return out, err
		}
		out = append(out, CertSheet{Year: p.Year, Result: r, Cert: c, Organizers: p.Site.Organizers})
	}
	for _, u := range p.Year.WinningUnits {
		c, err := p.WinnerCertificate(p.Year, u)
		if err != nil || c == nil {
			return out, err
		}
		out = append(out, CertSheet{Year: p.Year, Unit: u, Cert: c, Organizers: p.Site.Organizers})
	}
	return out, nil
}

// certificate is newCertificate made once per build: a result's certificate is on its
// page and on its year's page of all certificates.
func (r *renderer) certificate(y *Year, id, verify string) (*Certificate, error) {
	key := strconv.Itoa(y.Year) + "/" + id
	if c, ok := r.certs.Load(key); ok {
		return c.(*Certificate), nil
	}
	c, err := newCertificate(y, id, verify)
	if err == nil {
		r.certs.Store(key, c)
	}
	return c, err
}

// newCertificate numbers the certificate of id in year y and draws the QR code of verify.
func newCertificate(y *Year, id, verify string) (*Certificate, error) {
	c := &Certificate{Number: award.CertificateNumber(y.Year, id), Verify: verify}
	if to := y.Phases.Award.To; !to.IsZero() {
		c.Date = strconv.Itoa(to.Year()) + "年" + strconv.Itoa(int(to.Month())) + "月"
	}
	png, side, err := qrPNG(c.Verify)
	if err != nil {
		return nil, fmt.Errorf("%s 的核验二维码：%w", id, err)
	}
	c.png, c.side = png, side
	return c, nil
}

// CertificatesPage is the page of all the certificates of final year y (the results' and
// the winning units'), one A4 landscape sheet each in print, or nil when y has none: the
// office's batch print tool, which wuxiao ledger writes beside its ledger. The public site
// does not carry it (every result page prints its own certificate; the page was 13 MB at
// 10,000 results). It is one file: its styles and script are inline, so that it prints
// from the office's folder without the site.
func CertificatesPage(site *Site, year int, opt Options) ([]byte, error) {
	var y *Year
	for _, sy := range site.Years {
		if sy.Year == year {
			y = sy
		}
	}
	if y == nil || y.Status != "final" || len(y.Results)+len(y.WinningUnits) == 0 {
		return nil, nil
	}
	r, err := newRenderer(site, opt, noOutput{})
	if err != nil {
		return nil, err
	}
	t := r.tmpl["certificates.html"]
	if t == nil {
		return nil, fmt.Errorf("主题缺少模板 certificates.html")
	}
	p := r.newPage("certificates", "years", urls.Year(y.Year), y.Title+"荣誉证书（全部）")
	p.Year = y
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "certificates", p); err != nil {
		return nil, fmt.Errorf("渲染全部荣誉证书：%w", err)
	}
	return buf.Bytes(), nil
}

// noOutput is the Output of a renderer that writes one page for its caller, not a site.
type noOutput struct{}

func (noOutput) WriteFile(string, []byte) error { return nil }

// InlineStyle is the theme's static/name, for a <style> of a page that stands alone.
func (p *PageData) InlineStyle(name string) (template.CSS, error) {
	b, err := fs.ReadFile(p.r.opt.Theme, "static/"+name)
	return template.CSS(b), err
}

// InlineScript is the theme's static/name, for a <script> of a page that stands alone.
func (p *PageData) InlineScript(name string) (template.JS, error) {
	b, err := fs.ReadFile(p.r.opt.Theme, "static/"+name)
	return template.JS(b), err
}
