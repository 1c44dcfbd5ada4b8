package render

import "unicode/utf8"

// A printed certificate is one A4 landscape sheet of a fixed size: text longer than the
// normal type can hold there ran onto a second sheet, the signatures, date and QR code
// alone on it. certFit sets such a certificate in smaller type (the print style's
// cert-long and cert-longer), judged by the characters of its variable text: whom it is
// to, the title and the competition's name. The bounds are below what Chromium was seen
// to fit on one sheet (names of N characters beside a title of 60 and of 11, with the
// demo's four organizers): 152 and 179 characters in the normal type, 352 and 349 in
// cert-long, over 490 in cert-longer. The content model bounds a result's certificate to
// about 290 (ten authors of 20 characters, a title of 60).
const (
	certNormalChars = 140
	certLongChars   = 330
	certVoidChars   = 40 // a revoked certificate's line 已撤销 …, about a line of text
)

// certFit is the class (with its leading space) for a certificate of n characters of
// variable text, "" for the normal type.
func certFit(n int) string {
	switch {
	case n <= certNormalChars:
		return ""
	case n <= certLongChars:
		return " cert-long"
	}
	return " cert-longer"
}

// CertFit is certFit's class for the result's certificate.
func (r *Result) CertFit() string {
	n := utf8.RuneCountInString(r.Title)
	if r.Year != nil {
		n += utf8.RuneCountInString(r.Year.Title)
	}
	for _, a := range r.Authors {
		n += utf8.RuneCountInString(a.Name) + 1 // and its 、 or ：
	}
	if r.Revoked != nil {
		n += certVoidChars
	}
	return certFit(n)
}

// Fit is certFit's class for the sheet: its result's, or its winning unit's.
func (s CertSheet) Fit() string {
	if s.Unit == nil {
		return s.Result.CertFit()
	}
	n := utf8.RuneCountInString(s.Unit.Name) + 1
	if s.Year != nil {
		n += utf8.RuneCountInString(s.Year.Title)
	}
	return certFit(n)
}
