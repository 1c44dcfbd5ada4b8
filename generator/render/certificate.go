package render

import (
	"fmt"
	"html/template"
	"strconv"

	"rsc.io/qr"

	"wuxiao/generator/award"
)

// Certificate is what the certificate (荣誉证书) page of an awarded result shows.
type Certificate struct {
	Number string        // award.CertificateNumber: stable, derived from year and id
	Verify string        // absolute URL of the result's public page, encoded in the QR code
	QR     template.HTML // the QR code as inline SVG, made at build time
	Date   string        // month of the award phase, e.g. 2023年12月
}

// CertificateURL is the result's certificate page, or "" when its year is not final:
// certificates are printed only once the commendation is decided [五(三)].
func (r *Result) CertificateURL() string {
	if r.Year == nil || r.Year.Status != "final" {
		return ""
	}
	return r.URL + "certificate/"
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
func (p *PageData) Certificate() (*Certificate, error) {
	r := p.Result
	if r == nil || r.CertificateURL() == "" {
		return nil, nil
	}
	c := &Certificate{Number: award.CertificateNumber(r.Year.Year, r.ID), Verify: p.Abs(r.URL)}
	if to := r.Year.Phases.Award.To; !to.IsZero() {
		c.Date = strconv.Itoa(to.Year()) + "年" + strconv.Itoa(int(to.Month())) + "月"
	}
	svg, err := qrSVG(c.Verify)
	if err != nil {
		return nil, fmt.Errorf("%s 的核验二维码：%w", r.ID, err)
	}
	c.QR = svg
	return c, nil
}

// certificateJobs lists a certificate page for every awarded result of a final year.
func (r *renderer) certificateJobs() []job {
	var jobs []job
	for _, y := range r.site.Years {
		for _, res := range y.Results {
			u := res.CertificateURL()
			if u == "" {
				continue
			}
			p := r.newPage("certificate", "years", u, res.Title+" 荣誉证书")
			p.Year, p.Result = y, res
			p.Crumbs = []Crumb{{"首页", ""}, {itoa(y.Year) + "年", y.URL}, {"表彰名单", y.URL + "awards/"}, {res.Title, res.URL}}
			p.Description = y.Title + res.Award + "荣誉证书：" + res.Title
			jobs = append(jobs, job{page: p})
		}
	}
	return jobs
}

// qrSVG draws text as a QR code (error correction M) in SVG, inside the four-module
// quiet zone the standard asks for: one path stroking each horizontal run of dark
// modules with a line one module wide along the middle of its row, the runs of a row
// joined by relative moves. It draws the same modules as filled squares would, in
// half the bytes: ten thousand certificates carry ten thousand codes.
func qrSVG(text string) (template.HTML, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", err
	}
	n := strconv.Itoa(code.Size + 8)
	b := make([]byte, 0, 256+code.Size*code.Size/2)
	b = append(b, `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `+n+" "+n+`" shape-rendering="crispEdges" role="img" aria-label="核验二维码：`...)
	b = append(b, template.HTMLEscapeString(text)...)
	b = append(b, `"><rect width="`+n+`" height="`+n+`" fill="#fff"/><path stroke="#000" d="`...)
	for y := 0; y < code.Size; y++ {
		end := -1 // where the pen stands on this row, -1 before its first run
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			run := 1
			for code.Black(x+run, y) {
				run++
			}
			if end < 0 {
				b = append(b, 'M')
				b = strconv.AppendInt(b, int64(x+4), 10)
				b = append(b, ' ')
				b = strconv.AppendInt(b, int64(y+4), 10)
				b = append(b, ".5"...)
			} else {
				b = append(b, 'm')
				b = strconv.AppendInt(b, int64(x-end), 10)
				b = append(b, " 0"...)
			}
			b = append(b, 'h')
			b = strconv.AppendInt(b, int64(run), 10)
			x += run
			end = x
		}
	}
	b = append(b, `"/></svg>`...)
	return template.HTML(b), nil
}
