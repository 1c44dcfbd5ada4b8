package urls

import "strings"

// Escaped is the site-relative address u, made of content names (a case's cover, an
// attachment), with every byte that a URL's path cannot hold as itself percent-encoded
// (lower-case hex, as html/template writes an src): non-ASCII, spaces, quotes,
// brackets, and %, ? and # too, which would change what the address names. An absolute
// URL made of the base URL and u is then one a crawler, a feed reader or a reader of the
// open data takes whole.
func Escaped(u string) string { return escape(u, pathBytes) }

// Normalized is an absolute URL a person wrote (site.yaml's base_url) with the bytes a
// URL cannot hold as themselves percent-encoded, as html/template normalizes an href: a
// %XX already there and the delimiters (? # [ ]) stay; applied twice it changes nothing.
func Normalized(u string) string { return escape(u, pathBytes+"?#[]") }

// pathBytes are the bytes besides letters and digits that a path segment holds as
// themselves: RFC 3986's unreserved and sub-delims, ':' '@' and '/', but for ' ( )
// that html/template encodes.
const pathBytes = "-._~!$&*+,;=:@/"

const hexDigits = "0123456789abcdef"

func escape(u, keep string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte(keep, c) >= 0:
			continue
		case c == '%' && keep != pathBytes && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
			continue
		}
		if written == 0 {
			b.Grow(len(u) + 16)
		}
		b.WriteString(u[written:i])
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
		written = i + 1
	}
	if written == 0 {
		return u
	}
	b.WriteString(u[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
