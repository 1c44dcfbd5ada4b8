package search

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"wuxiao/generator/dedup"
)

// The index works on UTF-16 code units, as the page's JavaScript sees strings, so
// that the keys the builder writes and the keys the reader asks for agree on every
// character, those outside the Basic Multilingual Plane included.

// simplified maps each traditional character of the Basic Multilingual Plane whose
// simplified form is in it too to that form (dedup's table, OpenCC's): 輸 → 输.
var simplified = sync.OnceValue(func() []uint16 {
	t := make([]uint16, 0x10000)
	for s := dedup.SimplifiedPairs(); s != ""; {
		a, n := utf8.DecodeRuneInString(s)
		b, m := utf8.DecodeRuneInString(s[n:])
		s = s[n+m:]
		if a < 0x10000 && b < 0x10000 {
			t[a] = uint16(b)
		}
	}
	return t
})

// foldPairs is the table of simplified as the page loads it (search/fold.txt): each
// traditional character followed by its simplified form.
func foldPairs() string {
	t := simplified()
	var u []uint16
	for c, s := range t {
		if s != 0 {
			u = append(u, uint16(c), s)
		}
	}
	return string(utf16.Decode(u))
}

// foldUnit maps a code unit to the form the index compares: traditional characters
// simplified, ASCII and full-width letters lower-cased, full-width ASCII to half-width,
// spaces and control characters to ' '. It maps one unit to one unit, so positions in
// folded text are positions in the original, which the page needs to highlight
// matches. search-index.js has its twin (with search/fold.txt for the table).
func foldUnit(c uint16) uint16 { return foldWith(simplified(), c) }

// foldWith is foldUnit with the table simplified() at hand.
func foldWith(t []uint16, c uint16) uint16 {
	if s := t[c]; s != 0 {
		return s
	}
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

// foldTable holds foldUnit's unit for every code unit, made once: appendFolded reads
// it where foldWith made a dozen comparisons for each character not simplified, a
// sixth of building the index.
var foldTable = sync.OnceValue(func() *[1 << 16]uint16 {
	t, f := simplified(), new([1 << 16]uint16)
	for c := range f {
		f[c] = foldWith(t, uint16(c))
	}
	return f
})

// foldUnits is s in folded code units.
func foldUnits(s string) []uint16 {
	n := utf8.RuneCountInString(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xF0 { // starts a four-byte character, two units
			n++
		}
	}
	return appendFolded(make([]uint16, 0, n), s)
}

// appendFolded appends s in folded code units to u. A character of three bytes below
// the surrogates (the CJK ones) is decoded in place, not by range's call for each.
func appendFolded(u []uint16, s string) []uint16 {
	t := foldTable()
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			u = append(u, t[c])
			i++
			continue
		}
		if c >= 0xE1 && c <= 0xEC && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			// three bytes, never overlong, and below U+D000: one unit
			u = append(u, t[uint16(c&0x0F)<<12|uint16(s[i+1]&0x3F)<<6|uint16(s[i+2]&0x3F)])
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r < 0xD800 { // one unit, as utf16.AppendRune would write it
			u = append(u, t[uint16(r)])
			continue
		}
		n := len(u)
		u = utf16.AppendRune(u, r)
		for k := n; k < len(u); k++ {
			u[k] = t[u[k]]
		}
	}
	return u
}

// Fold is s folded as the index compares it.
func Fold(s string) string { return string(utf16.Decode(foldUnits(s))) }

// A key is one code unit, two adjacent ones (a bigram) or three (a trigram):
//
//	c             < 1<<16
//	a<<16 | b     < 1<<32 (a is never 0)
//	a<<32 | b<<16 | c     (a is never 0)
//
// which stay exact in a JavaScript number. Keys never contain a space. Trigrams are
// indexed only after a frequent bigram (one in many documents), where a bigram alone
// would say little; meta.json lists those bigrams so the page knows to ask for them.
func unigram(c uint16) uint64       { return uint64(c) }
func bigram(a, b uint16) uint64     { return uint64(a)<<16 | uint64(b) }
func trigram(a, b, c uint16) uint64 { return uint64(a)<<32 | uint64(b)<<16 | uint64(c) }

// frequentSet holds the bigrams after which trigrams are indexed.
type frequentSet map[uint64]bool

// fieldKeys calls add with every key of a field's text, repeats included.
func fieldKeys(s string, freq frequentSet, add func(uint64)) {
	newKeyer(freq, allGrams).keys(s, 0, func(k uint64, _ int) { add(k) })
}

// The kinds of keys a keyer finds.
const (
	unigrams = 1 << iota
	bigrams
	trigrams // after the frequent bigrams
	allGrams = unigrams | bigrams | trigrams
)

// keyer finds keys of texts, of the kinds in grams, folding the texts into a buffer it
// keeps from text to text.
type keyer struct {
	grams int
	freq  freqTable      // frequentSet's bigrams
	lead  *[1 << 16]bool // the first units of the frequent bigrams: only those are looked up
	buf   []uint16
	list  []uint64 // keys' list of keys
	// kept, when set, holds each doc's folded text (by its number in postingsOf's docs),
	// which a keyer of characters and bigrams fills and a keyer of trigrams reads in
	// place of folding the texts again: the index's second pass over every text.
	kept []keptText
}

// keptText is a doc's text as the first pass of postingsOf folded it: its fields' units
// one after the other, each part followed by a space (no key is across one), and where
// the first and the second field end.
type keptText struct {
	units []uint16
	ends  [2]int32
}

func newKeyer(freq frequentSet, grams int) *keyer {
	k := &keyer{grams: grams, freq: newFreqTable(freq), lead: new([1 << 16]bool)}
	for b := range freq {
		k.lead[uint16(b>>16)] = true
	}
	return k
}

// freqTable holds the frequent bigrams for keyer, open addressed by their 32 bits: at
// 10,000 results the trigram pass asked a map for every bigram after a lead unit, a
// fifth of building the keys. Only keys of two units are held; the keys a keyer asks
// about always are (a bigram's first unit is never 0, which marks an empty slot).
type freqTable struct {
	slots []uint32
	shift uint
}

func newFreqTable(freq frequentSet) freqTable {
	bits := uint(4)
	for 1<<bits < 4*len(freq) {
		bits++
	}
	t := freqTable{slots: make([]uint32, 1<<bits), shift: 32 - bits}
	for b := range freq {
		if b < 1<<16 || b >= 1<<32 {
			continue
		}
		i := t.slot(uint32(b))
		for t.slots[i] != 0 {
			i = (i + 1) & uint32(len(t.slots)-1)
		}
		t.slots[i] = uint32(b)
	}
	return t
}

func (t *freqTable) slot(b uint32) uint32 { return b * 0x9E3779B1 >> t.shift }

// has reports whether bigram b, of two units, is frequent.
func (t *freqTable) has(b uint32) bool {
	mask := uint32(len(t.slots) - 1)
	for i := t.slot(b); ; i = (i + 1) & mask {
		switch t.slots[i] {
		case b:
			return true
		case 0:
			return false
		}
	}
}

// keys calls add with every key of s, repeats included, and field.
func (k *keyer) keys(s string, field int, add func(key uint64, field int)) {
	k.list = k.appendKeys(k.list[:0], s, field)
	for _, kf := range k.list {
		add(kf&keyBits, field)
	}
}

// keyBits are the bits of a key (of three units at most); appendKeys writes the
// field's number above them.
const (
	keyBits    = 1<<48 - 1
	fieldShift = 48
)

// appendKeys appends every key of s to list, repeats included, each with field above
// its keyBits: postingsOf reads a document's keys from the list it fills, where a call
// for each key cost a tenth of the index.
func (k *keyer) appendKeys(list []uint64, s string, field int) []uint64 {
	k.buf = appendFolded(k.buf[:0], s)
	return k.unitKeys(list, k.buf, field)
}

// unitKeys is appendKeys of the folded units u.
func (k *keyer) unitKeys(list []uint64, u []uint16, field int) []uint64 {
	f := uint64(field) << fieldShift
	if k.grams == trigrams {
		return k.appendTrigrams(list, u, f)
	}
	for i, c := range u {
		if c == ' ' {
			continue
		}
		if k.grams&unigrams != 0 {
			list = append(list, unigram(c)|f)
		}
		if i+1 < len(u) && u[i+1] != ' ' {
			b := bigram(c, u[i+1])
			if k.grams&bigrams != 0 {
				list = append(list, b|f)
			}
			if k.grams&trigrams != 0 && i+2 < len(u) && u[i+2] != ' ' && k.lead[c] && k.freq.has(uint32(b)) {
				list = append(list, trigram(c, u[i+1], u[i+2])|f)
			}
		}
	}
	return list
}

// appendTrigrams is appendKeys of the folded units u when only trigrams are asked
// for, as the index's second pass over every text does: the loop looks at nothing
// else.
func (k *keyer) appendTrigrams(list []uint64, u []uint16, f uint64) []uint64 {
	for i := 0; i+2 < len(u); i++ {
		c := u[i]
		if !k.lead[c] || c == ' ' || u[i+1] == ' ' || u[i+2] == ' ' || !k.freq.has(uint32(bigram(c, u[i+1]))) {
			continue
		}
		list = append(list, trigram(c, u[i+1], u[i+2])|f)
	}
	return list
}

// docKeys is the keys of each of d, the i-th doc's, fields (Fields), with the field's
// number above their keyBits, in list's memory. A key is never across two lines, nor
// two parts of a field joined by one, so the parts are read where they are, not joined.
// With kept set, the keyer keeps the units it folded there, or reads them from there
// when it finds trigrams only.
func (k *keyer) docKeys(d *Doc, i int, list []uint64) []uint64 {
	if k.kept != nil && k.grams == trigrams {
		t := &k.kept[i]
		u, e := t.units, t.ends
		list = k.appendTrigrams(list[:0], u[:e[0]], 0)
		list = k.appendTrigrams(list, u[e[0]:e[1]], 1<<fieldShift)
		list = k.appendTrigrams(list, u[e[1]:], 2<<fieldShift)
		t.units = nil // read once: the memory goes as the pass goes on
		return list
	}
	k.buf = k.buf[:0]
	list = k.keepKeys(list[:0], d.Title, 0)
	e0 := len(k.buf)
	list = k.keepKeys(list, d.people(), 1)
	e1 := len(k.buf)
	list = k.keepKeys(list, d.Summary, 2)
	list = k.keepKeys(list, d.Body, 2)
	for _, x := range d.Extra {
		list = k.keepKeys(list, x, 2)
	}
	if k.kept != nil {
		k.kept[i] = keptText{units: slices.Clone(k.buf), ends: [2]int32{int32(e0), int32(e1)}}
	}
	return list
}

// keepKeys is appendKeys with s's units folded after those k.buf holds (the doc's
// fields so far, kept or not), and a space after them.
func (k *keyer) keepKeys(list []uint64, s string, field int) []uint64 {
	n := len(k.buf)
	k.buf = appendFolded(k.buf, s)
	list = k.unitKeys(list, k.buf[n:], field)
	k.buf = append(k.buf, ' ')
	return list
}

// maxTermKeys bounds the keys looked up for one term: a long term (a pasted title)
// asks for a spread of them rather than one shard per character.
const maxTermKeys = 8

// Terms splits a query into its terms: folded, split at spaces, repeats dropped, in
// order. A page matches a query when it contains every term.
func Terms(q string) []string {
	var out []string
	for _, t := range strings.Split(Fold(q), " ") {
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// termKeys are the keys whose postings a term intersects, so that every page that
// contains the term has all of them: its one character; else at each position the
// bigram there, or the trigram there when the bigram is frequent and the term goes
// on; at most maxTermKeys of those, spread evenly, first and last included.
func termKeys(term string, freq frequentSet) []uint64 {
	u := foldUnits(term)
	switch len(u) {
	case 0:
		return nil
	case 1:
		return []uint64{unigram(u[0])}
	}
	n := len(u) - 1 // positions
	at := func(i int) uint64 {
		b := bigram(u[i], u[i+1])
		if i+2 < len(u) && freq[b] {
			return trigram(u[i], u[i+1], u[i+2])
		}
		return b
	}
	var keys []uint64
	add := func(k uint64) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	if n <= maxTermKeys {
		for i := 0; i < n; i++ {
			add(at(i))
		}
		return keys
	}
	for j := 0; j < maxTermKeys; j++ {
		add(at(j * (n - 1) / (maxTermKeys - 1)))
	}
	return keys
}

// exactTerm says whether the postings of a term's keys are exactly the pages that
// contain it, so that the page need not verify candidates: a term of one or two
// code units, or of three after a frequent bigram.
func exactTerm(term string, freq frequentSet) bool {
	u := foldUnits(term)
	return len(u) <= 2 || len(u) == 3 && freq[bigram(u[0], u[1])]
}

// keeping is k with kept set (keyer.kept).
func (k *keyer) keeping(kept []keptText) *keyer {
	k.kept = kept
	return k
}
