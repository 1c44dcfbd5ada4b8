package render

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// appendResultJSON appends rd as encoding/json writes it with HTML escaping off and
// without the trailing newline (the open data's line of one result), or returns false
// where it would not write the same (an economic benefit that is not a finite number,
// which encoding/json refuses: the caller then lets it say so). It follows resultData's
// fields and tags in order; TestResultJSONMatches compares it with encoding/json on the
// example sites' results and on generated ones, and fails when a field is added to the
// struct without it. The reflective encoder took about a third of the year's open data
// (31 MB at 10,000 results).
func appendResultJSON(b []byte, rd *resultData) ([]byte, bool) {
	if rd.Economic != nil && (math.IsInf(*rd.Economic, 0) || math.IsNaN(*rd.Economic)) {
		return b, false
	}
	b = append(b, `{"id":`...)
	b = appendJSONString(b, rd.ID)
	b = append(b, `,"url":`...)
	b = appendJSONString(b, rd.URL)
	b = append(b, `,"award":`...)
	b = appendJSONString(b, rd.Award)
	if rd.Provisional {
		b = append(b, `,"provisional":true`...)
	}
	if rd.Override != "" {
		b = append(b, `,"override":`...)
		b = appendJSONString(b, rd.Override)
	}
	if v := rd.Revoked; v != nil {
		b = append(b, `,"revoked":{"date":`...)
		b = appendJSONString(b, v.Date)
		b = append(b, `,"doc":`...)
		b = appendJSONString(b, v.Doc)
		b = append(b, `,"reason":`...)
		b = appendJSONString(b, v.Reason)
		b = append(b, '}')
	}
	b = append(b, `,"title":`...)
	b = appendJSONString(b, rd.Title)
	b = append(b, `,"category":`...)
	b = appendJSONString(b, rd.Category)
	b = append(b, `,"innovation":`...)
	b = appendJSONString(b, rd.Innovation)
	b = append(b, `,"group":`...)
	b = appendJSONString(b, rd.Group)
	b = append(b, `,"unit":`...)
	b = appendUnitJSON(b, rd.Unit)
	if rd.Body != nil {
		b = append(b, `,"county_body":`...)
		b = appendUnitJSON(b, *rd.Body)
	}
	b = append(b, `,"authors":`...)
	if rd.Authors == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, a := range rd.Authors {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendJSONString(b, a.Name)
			if a.Role != "" {
				b = append(b, `,"role":`...)
				b = appendJSONString(b, a.Role)
			}
			if a.Job != "" {
				b = append(b, `,"job":`...)
				b = appendJSONString(b, a.Job)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"submitted":`...)
	b = appendJSONString(b, rd.Submitted)
	if rd.Started != "" {
		b = append(b, `,"started":`...)
		b = appendJSONString(b, rd.Started)
	}
	b = append(b, `,"completed":`...)
	b = appendJSONString(b, rd.Completed)
	b = append(b, `,"summary":`...)
	b = appendJSONString(b, rd.Summary)
	if rd.Economic != nil {
		b = append(b, `,"economic_benefit":`...)
		b = appendJSONFloat(b, *rd.Economic)
	}
	if rd.Social != "" {
		b = append(b, `,"social_benefit":`...)
		b = appendJSONString(b, rd.Social)
	}
	if rd.Studio != "" {
		b = append(b, `,"studio":`...)
		b = appendJSONString(b, rd.Studio)
	}
	if len(rd.Tags) > 0 {
		b = append(b, `,"tags":[`...)
		for i, t := range rd.Tags {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, t)
		}
		b = append(b, ']')
	}
	if len(rd.Attachments) > 0 {
		b = append(b, `,"attachments":[`...)
		for i, a := range rd.Attachments {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"title":`...)
			b = appendJSONString(b, a.Title)
			b = append(b, `,"url":`...)
			b = appendJSONString(b, a.URL)
			b = append(b, `,"sha256":`...)
			b = appendJSONString(b, a.SHA256)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"commendations":`...)
	if rd.Commendations == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, s := range rd.Commendations {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"level":`...)
			b = appendJSONString(b, s.Level)
			b = append(b, `,"issuer":`...)
			b = appendJSONString(b, s.Issuer)
			for _, f := range [...]struct{ key, v string }{{`,"doc":`, s.Doc}, {`,"date":`, s.Date}, {`,"award":`, s.Award}, {`,"note":`, s.Note}} {
				if f.v != "" {
					b = append(b, f.key...)
					b = appendJSONString(b, f.v)
				}
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"description_markdown":`...)
	b = appendJSONString(b, rd.Description)
	return append(b, '}'), true
}

func appendUnitJSON(b []byte, u unitRef) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, u.ID)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, u.Name)
	return append(b, '}')
}

// appendJSONString is encoding/json's string with HTML escaping off: quotes, backslashes
// and control characters escaped (\b \f \n \r \t by name), invalid UTF-8 as \ufffd, and
// U+2028 and U+2029 escaped. A character of three bytes (the CJK ones) is checked in
// place, without decoding it: utf8.DecodeRuneInString and utf8.ValidString took most of
// the time.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendJSONEscape(b, c)
			i++
			start = i
			continue
		}
		if (c >= 0xE1 && c <= 0xEC || c >= 0xEE) && c <= 0xEF && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
			(c != 0xE2 || s[i+1] != 0x80 || s[i+2]&^1 != 0xA8) {
			i += 3 // three bytes, never overlong or a surrogate after these leads, nor U+2028 or U+2029
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', byte('0'+r&0xF))
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONEscape appends ASCII byte c escaped, as encoding/json escapes it.
func appendJSONEscape(b []byte, c byte) []byte {
	const hex = "0123456789abcdef"
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
}

// appendJSONFloat is encoding/json's float64, f finite: as ES6 writes numbers, with an
// exponent below 1e-6 and from 1e21, the exponent without a padding zero.
func appendJSONFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
