package rules

import (
	"html"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"wuxiao/generator/dedup"
)

// published is s as a reader sees it on the site: Markdown's entities (&#49;, &commat;) and
// backslash escapes decoded, emphasis and code markers gone, full-width and other
// compatibility forms folded (NFKC: １ → 1, ＠ → @) and invisible characters dropped.
// src[i] is the byte of s that byte i of the text came from.
func published(s string) (text string, src []int) {
	return publish(s, true)
}

// publish is published, with the offsets only if offsets is set: most texts have no
// finding to place, and the offsets are eight bytes per byte of the text.
func publish(s string, offsets bool) (text string, src []int) {
	var b strings.Builder
	b.Grow(len(s))
	if offsets {
		src = make([]int, 0, len(s))
	}
	put := func(t string, at int) {
		for _, r := range t {
			switch {
			case r >= 0x4E00 && r <= 0x9FFF: // CJK ideographs, the common case
			case dedup.Invisible(r), r == '*', r == '_', r == '`', r == '~':
				continue
			case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII, the common case
				r -= 0xFEE0
			case r >= 0x3001 && r <= 0x303F, r >= 0x2010 && r <= 0x2023: // CJK and general punctuation that NFKC keeps or need not fold
			case r >= utf8.RuneSelf && !(r >= 0x4E00 && r <= 0x9FFF):
				folded := norm.NFKC.String(string(r))
				b.WriteString(folded)
				if offsets {
					for range len(folded) {
						src = append(src, at)
					}
				}
				continue
			}
			b.WriteRune(r)
			if offsets {
				for range utf8.RuneLen(r) {
					src = append(src, at)
				}
			}
		}
	}
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			put(s[i+1:i+2], i)
			i += 2
			continue
		case c == '&':
			if n := entityLen(s[i:]); n > 0 {
				put(html.UnescapeString(s[i:i+n]), i)
				i += n
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		put(s[i:i+size], i)
		i += size
	}
	return b.String(), src
}

// entityLen is the length of the HTML character reference at the start of s (as
// CommonMark reads them: &name; &#digits; &#xhex;), or 0.
func entityLen(s string) int {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 33 {
		return 0
	}
	body := s[1:end]
	switch {
	case body[0] == '#' && len(body) > 2 && (body[1] == 'x' || body[1] == 'X'):
		if len(body) > 8 || strings.Trim(body[2:], "0123456789abcdefABCDEF") != "" {
			return 0
		}
	case body[0] == '#':
		if len(body) > 8 || strings.Trim(body[1:], "0123456789") != "" {
			return 0
		}
	default:
		for i := 0; i < len(body); i++ {
			if c := body[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
				return 0
			}
		}
		if html.UnescapeString(s[:end+1]) == s[:end+1] {
			return 0 // not a known name
		}
	}
	return end + 1
}

func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}
