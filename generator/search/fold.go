package search

import (
	"strings"
	"unicode/utf16"
)

// The index works on UTF-16 code units, as the page's JavaScript sees strings, so
// that the keys the builder writes and the keys the reader asks for agree on every
// character, those outside the Basic Multilingual Plane included.

// foldUnit maps a code unit to the form the index compares: ASCII and full-width
// letters lower-cased, full-width ASCII to half-width, spaces and control characters
// to ' '. It maps one unit to one unit, so positions in folded text are positions in
// the original, which the page needs to highlight matches. search.js has its twin.
func foldUnit(c uint16) uint16 {
	switch {
	case c >= 'A' && c <= 'Z':
		return c + 32
	case c >= 0xFF01 && c <= 0xFF5E: // full-width ASCII
		c -= 0xFEE0
		if c >= 'A' && c <= 'Z' {
			c += 32
		}
		return c
	case c <= ' ', c == 0x7F, c == 0xA0, c == 0x3000, c >= 0x2000 && c <= 0x200D,
		c == 0x2028, c == 0x2029, c == 0x202F, c == 0x205F, c == 0xFEFF:
		return ' '
	}
	return c
}

// foldUnits is s in folded code units.
func foldUnits(s string) []uint16 {
	u := utf16.Encode([]rune(s))
	for i, c := range u {
		u[i] = foldUnit(c)
	}
	return u
}

// Fold is s folded as the index compares it.
func Fold(s string) string { return string(utf16.Decode(foldUnits(s))) }

// A key is a code unit (a one-character key) or two adjacent code units (a bigram
// key, a<<16|b with a never 0). Keys never contain a space.
func unigram(c uint16) uint32   { return uint32(c) }
func bigram(a, b uint16) uint32 { return uint32(a)<<16 | uint32(b) }

// fieldKeys calls add with every key of a field's text, repeats included.
func fieldKeys(s string, add func(uint32)) {
	u := foldUnits(s)
	for i, c := range u {
		if c == ' ' {
			continue
		}
		add(unigram(c))
		if i+1 < len(u) && u[i+1] != ' ' {
			add(bigram(c, u[i+1]))
		}
	}
}

// maxTermKeys bounds the bigrams looked up for one term: a long term (a pasted
// title) asks for a spread of them rather than one shard per character.
const maxTermKeys = 8

// Terms splits a query into its terms: folded, split at spaces, repeats dropped, in
// order. A page matches a query when it contains every term.
func Terms(q string) []string {
	var out []string
	for _, t := range strings.Split(Fold(q), " ") {
		if t != "" && !contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// termKeys are the keys whose postings a term intersects: its one character, or its
// distinct bigrams (at most maxTermKeys of them, spread evenly, first and last
// included). Every page containing the term has all of them.
func termKeys(term string) []uint32 {
	u := foldUnits(term)
	switch len(u) {
	case 0:
		return nil
	case 1:
		return []uint32{unigram(u[0])}
	}
	n := len(u) - 1 // bigram positions
	var keys []uint32
	add := func(k uint32) {
		for _, x := range keys {
			if x == k {
				return
			}
		}
		keys = append(keys, k)
	}
	if n <= maxTermKeys {
		for i := 0; i < n; i++ {
			add(bigram(u[i], u[i+1]))
		}
		return keys
	}
	for j := 0; j < maxTermKeys; j++ {
		i := j * (n - 1) / (maxTermKeys - 1)
		add(bigram(u[i], u[i+1]))
	}
	return keys
}

// exactTerm says whether the postings of a term's keys are exactly the pages that
// contain it, so that the page need not verify candidates: one or two code units.
func exactTerm(term string) bool { return len(utf16.Encode([]rune(term))) <= 2 }
