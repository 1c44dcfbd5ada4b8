package dedup

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The traditional→simplified table t2sPairs comes from OpenCC, see t2s_table.go.
//go:generate go run ../../cmd/gen-t2s -in $OPENCC/data/dictionary/TSCharacters.txt -out t2s_table.go

// functionChars are frequent function characters (particles, pronouns,
// conjunctions, prepositions). They are kept in the normalised text but left
// out of comparison, so that sprinkling them into a copy does not hide it.
const functionChars = "的了着地得呢啊吧呀嘛哦嗯哈也就都还又这那个些之其是在和与及把被将对于为而且并或等々〻"

// normalizer holds the read-only tables of normalisation.
type normalizer struct {
	t2s   []rune        // BMP traditional character → simplified; 0 = unchanged
	t2sHi map[rune]rune // the same above the BMP
	fn    []uint64      // bitset over the BMP of functionChars
	bmp   []uint32      // by BMP code point: what normalize does with it (bmpAction)
}

// A BMP code point's entry in normalizer.bmp: the rune it leaves in the normalised text
// (bmpRune bits) and one of these actions in the top two bits. Entries are what fast
// (below) does with the rune when the next one needs no NFKC, worked out once.
const (
	bmpDrop     = 0 << 30 // leaves nothing
	bmpKey      = 1 << 30 // a compared character
	bmpFunction = 2 << 30 // in the normalised text, not in the key
	bmpSlow     = 3 << 30 // needs NFKC (class slowRune)
	bmpAction   = 3 << 30
	bmpRune     = 1<<21 - 1
)

// sharedNormalizer is the normalizer every search of the process reads: its tables are
// worked out from the constants of this package once (3 ms, a tenth of a check of the
// demo site's processor time when each search made its own) and only read after,
// by any number of goroutines.
var sharedNormalizer = sync.OnceValue(buildNormalizer)

// buildNormalizer works out the normalizer's tables.
func buildNormalizer() *normalizer {
	nz := &normalizer{
		t2s:   make([]rune, 0x10000),
		t2sHi: make(map[rune]rune),
		fn:    make([]uint64, 0x10000/64),
	}
	for s := t2sPairs; s != ""; {
		t, n := utf8.DecodeRuneInString(s)
		v, m := utf8.DecodeRuneInString(s[n:])
		s = s[n+m:]
		if t < 0x10000 {
			nz.t2s[t] = v
		} else {
			nz.t2sHi[t] = v
		}
	}
	for _, r := range functionChars {
		nz.fn[r/64] |= 1 << (r % 64)
	}
	nz.bmp = make([]uint32, 0x10000)
	var t text
	for r := rune(0); r < 0x10000; r++ {
		c := class(r)
		if c == slowRune {
			nz.bmp[r] = bmpSlow
			continue
		}
		t.key, t.n = t.key[:0], 0
		nz.fast(&t, r, c, 0, 1, false)
		switch {
		case t.n == 0:
			nz.bmp[r] = bmpDrop
		case len(t.key) == 0:
			nz.bmp[r] = bmpFunction
		default:
			nz.bmp[r] = bmpKey | uint32(t.key[0])
		}
	}
	return nz
}

func (nz *normalizer) simplify(r rune) rune {
	if r < 0x10000 {
		if s := nz.t2s[r]; s != 0 {
			return s
		}
		return r
	}
	if s, ok := nz.t2sHi[r]; ok {
		return s
	}
	return r
}

func (nz *normalizer) isFunction(r rune) bool {
	return r < 0x10000 && nz.fn[r/64]&(1<<(r%64)) != 0
}

// text is one document after normalisation. The normalised text is the
// sequence of letters and digits left; its key is the normalised text without
// function characters, which is what fingerprints and alignment look at.
type text struct {
	key []rune  // compared characters
	pos []int32 // pos[i]: index in the normalised text of key[i]

	// With offsets only:
	start []int32 // start[j], end[j]: bytes of the original text that normalised character j came from
	end   []int32

	n int // length of the normalised text

	flooded bool // dropFlooding found flooding characters (and dropped them)

	iter   norm.Iter // scratch
	counts []int32   // scratch of dropFlooding, by BMP code point; zero between texts
}

// Classes of runes that normalise without NFKC.
const (
	slowRune = iota // needs NFKC
	keepRune        // NFKC leaves it alone: ASCII, CJK unified ideographs of the BMP
	wideRune        // full-width ASCII: NFKC makes it ASCII
	dropRune        // neither it nor its NFKC holds a letter or digit: punctuation, spaces, format characters
)

func class(r rune) int {
	switch {
	case r < utf8.RuneSelf, r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF:
		return keepRune
	case r >= 0xFF01 && r <= 0xFF5E:
		return wideRune
	case r >= 0x2000 && r <= 0x206F, r >= 0xFF5F && r <= 0xFF65, r == 0xFEFF, r == 0xAD, r == utf8.RuneError:
		return dropRune
	case r >= 0x3000 && r <= 0x303F:
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return slowRune
		}
		return dropRune
	}
	return slowRune
}

// normalize fills t with the normalisation of s, reusing t's storage. The
// byte offsets are recorded only if offsets is set.
//
// Most runes are ASCII or common CJK characters: they are decoded here and looked up in
// nz.bmp (a rune of three bytes without a call), and only stretches that need NFKC go
// the slow way (TestNormalizeMatchesRef and FuzzNormalize compare it with normalizeRef).
func (nz *normalizer) normalize(s string, t *text, offsets bool) {
	t.reset()
	nz.normalizePart(s, 0, t, offsets)
	t.dropFlooding()
}

// normalizeDoc is normalize of d's text. A text given as parts is normalised a part after
// another, as the parts joined by newlines would be (a newline leaves nothing, and it
// ends a stretch needing NFKC), the offsets into that joined text; only where a part
// after the first starts with a rune needing NFKC, which NFKC of the joined text takes
// together with the newline before it, is the text joined (TestNormalizeParts).
func (nz *normalizer) normalizeDoc(d *Doc, t *text, offsets bool) {
	nz.normalizeParts(d, t, offsets)
	t.dropFlooding()
}

// normalizeCalm is normalizeDoc of a text known to hold no flooding character (calm,
// fingerprintAll tells): it does not count the key's characters for it.
func (nz *normalizer) normalizeCalm(d *Doc, t *text, offsets bool) {
	nz.normalizeParts(d, t, offsets)
}

// normalizeParts is normalizeDoc before flooding is dropped.
func (nz *normalizer) normalizeParts(d *Doc, t *text, offsets bool) {
	t.reset()
	if d.Parts == nil {
		nz.normalizePart(d.Text, 0, t, offsets)
		return
	}
	for _, p := range d.Parts[1:] {
		if nz.startsSlow(p) {
			nz.normalizePart(strings.Join(d.Parts, "\n"), 0, t, offsets)
			return
		}
	}
	base := 0
	for k, p := range d.Parts {
		if k > 0 {
			base++ // the newline
		}
		nz.normalizePart(p, base, t, offsets)
		base += len(p)
	}
}

// startsSlow reports whether s starts with a rune that needs NFKC.
func (nz *normalizer) startsSlow(s string) bool {
	if s == "" || s[0] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 0x10000 || nz.bmp[r]&bmpAction == bmpSlow
}

func (t *text) reset() {
	t.key, t.pos, t.start, t.end, t.n, t.flooded = t.key[:0], t.pos[:0], t.start[:0], t.end[:0], 0, false
}

// fastLead reports whether c leads a three-byte UTF-8 sequence that is never overlong nor a
// surrogate, whatever follows: 0xE1 to 0xEC, 0xEE and 0xEF, the bits of threeByteLead
// from 0xE1 on (one test of a bit where there were four comparisons).
func fastLead(c byte) bool { return c >= 0xE1 && threeByteLead>>((c-0xE1)&31)&1 != 0 }

const threeByteLead uint32 = 1<<(0xEC-0xE1+1) - 1 | 1<<(0xEE-0xE1) | 1<<(0xEF-0xE1)

// normalizePart adds the normalisation of s, which starts at byte base of the text, to t.
func (nz *normalizer) normalizePart(s string, base int, t *text, offsets bool) {
	emit := func(r rune, from, to int) { nz.emit(t, r, from, to, offsets) }
	// Each rune waits for the next one: a combining mark after it would
	// need NFKC of both. Runes that need NFKC are gathered into a stretch.
	pend, pendAt := uint32(0), -1
	slowAt := -1
	for i := 0; i < len(s); {
		var v uint32
		size := 1
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			v = nz.bmp[c]
		case fastLead(c) && i+2 < len(s) && (uint(s[i+1])<<8|uint(s[i+2]))&0xC0C0 == 0x8080:
			// three bytes, never overlong or a surrogate after these leads
			v = nz.bmp[rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F)]
			size = 3
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if r < 0x10000 {
				v = nz.bmp[r]
			} else {
				v = bmpSlow
			}
		}
		if slowAt >= 0 {
			if v&bmpAction == bmpSlow {
				i += size
				continue
			}
			nz.slow(&t.iter, s[slowAt:i], base+slowAt, emit)
			slowAt = -1
		} else if pendAt >= 0 {
			if v&bmpAction == bmpSlow {
				slowAt, pendAt = pendAt, -1
				i += size
				continue
			}
			t.put(pend, base+pendAt, base+i, offsets)
		}
		if v&bmpAction == bmpSlow {
			slowAt, pendAt = i, -1
		} else {
			pend, pendAt = v, i
		}
		i += size
	}
	if slowAt >= 0 {
		nz.slow(&t.iter, s[slowAt:], base+slowAt, emit)
	} else if pendAt >= 0 {
		t.put(pend, base+pendAt, base+len(s), offsets)
	}
}

// put adds the rune of bmp entry v, from bytes [from,to) of the original, as fast does.
func (t *text) put(v uint32, from, to int, offsets bool) {
	if v&bmpAction == bmpDrop {
		return
	}
	if offsets {
		t.start = append(t.start, int32(from))
		t.end = append(t.end, int32(to))
	}
	if v&bmpAction == bmpKey {
		t.key = append(t.key, rune(v&bmpRune))
		t.pos = append(t.pos, int32(t.n))
	}
	t.n++
}

// Flooding characters: in a key of at least floodMin characters, one character making up
// more than floodShare of it was sprinkled in (进 after every fourth character) to break
// the n-grams; no ordinary text leans on one character so (function characters are not
// in the key). It leaves the key, as function characters do.
const (
	floodMin   = 60
	floodShare = 0.12
)

func (t *text) dropFlooding() {
	if len(t.key) < floodMin {
		return
	}
	if t.counts == nil {
		t.counts = make([]int32, 0x10000)
	}
	counts := t.counts[:0x10000] // by rune of the BMP: a local of known length, read without bounds checks
	limit := int32(floodShare * float64(len(t.key)))
	var flooding []rune // at most 1/floodShare of them
	for _, r := range t.key {
		if u := uint32(r); u < 0x10000 {
			c := counts[u] + 1
			counts[u] = c
			if c == limit+1 {
				flooding = append(flooding, r)
			}
		}
	}
	if len(flooding) > 0 {
		t.flooded = true
		k := 0
		for i, r := range t.key {
			if r < 0x10000 && counts[r] > limit {
				continue
			}
			t.key[k] = r
			t.pos[k] = t.pos[i]
			k++
		}
		t.key = t.key[:k]
		t.pos = t.pos[:k]
	}
	for _, r := range t.key { // leave the scratch zeroed for the next text
		if u := uint32(r); u < 0x10000 {
			counts[u] = 0
		}
	}
	for _, r := range flooding {
		counts[r] = 0
	}
}

// fast emits a rune that needs no NFKC.
func (nz *normalizer) fast(t *text, r rune, c, from, to int, offsets bool) {
	switch {
	case c == dropRune:
	case r >= 0x4E00 && r <= 0x9FFF: // the common case, inline
		if s := nz.t2s[r]; s != 0 {
			r = s
		}
		if offsets {
			t.start = append(t.start, int32(from))
			t.end = append(t.end, int32(to))
		}
		if !nz.isFunction(r) { // r may now lie above the BMP: 軏 → 𫐄
			t.key = append(t.key, r)
			t.pos = append(t.pos, int32(t.n))
		}
		t.n++
	case c == wideRune:
		nz.emit(t, r-0xFEE0, from, to, offsets)
	default:
		nz.emit(t, r, from, to, offsets)
	}
}

// emit appends one rune of NFKC output, which came from bytes [from,to) of
// the original, after case folding and simplification, if it is a letter or
// a digit.
func (nz *normalizer) emit(t *text, r rune, from, to int, offsets bool) {
	switch {
	case r < utf8.RuneSelf:
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		default:
			return
		}
	case r >= 0x4E00 && r <= 0x9FFF:
		r = nz.simplify(r)
	default:
		r = nz.simplify(unicode.ToLower(r))
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) || Invisible(r) {
			return
		}
	}
	if offsets {
		t.start = append(t.start, int32(from))
		t.end = append(t.end, int32(to))
	}
	if !nz.isFunction(r) {
		t.key = append(t.key, r)
		t.pos = append(t.pos, int32(t.n))
	}
	t.n++
}

// slow applies NFKC to seg, which starts at byte off of the text, and emits
// each resulting rune with the bytes it came from: its own if NFKC left its
// segment alone, else the whole segment. (The iterator may return a long
// decomposition in pieces, all but the last consuming no input.)
func (nz *normalizer) slow(it *norm.Iter, seg string, off int, emit func(r rune, from, to int)) {
	it.InitString(norm.NFKC, seg)
	var pending []byte
	from := 0
	for !it.Done() {
		out := it.Next()
		to := it.Pos()
		if to == from {
			pending = append(pending, out...)
			continue
		}
		if pending == nil && string(out) == seg[from:to] {
			for k := from; k < to; {
				r, size := utf8.DecodeRuneInString(seg[k:])
				emit(r, off+k, off+k+size)
				k += size
			}
		} else {
			for _, r := range string(append(pending, out...)) {
				emit(r, off+from, off+to)
			}
			pending = nil
		}
		from = to
	}
}

// Invisible reports whether r is a default-ignorable code point, which renders as nothing:
// format characters (zero-width spaces and joiners, bidi controls, the soft hyphen),
// variation selectors and fillers such as the Hangul filler U+3164 (Unicode's
// Default_Ignorable_Code_Point, without the prepended concatenation marks, which show).
func Invisible(r rune) bool {
	switch {
	case r < 0xAD:
		return false
	case r >= 0x600 && r <= 0x605, r == 0x6DD, r == 0x70F, r == 0x8E2, r == 0x110BD, r == 0x110CD, r >= 0xFFF9 && r <= 0xFFFB:
		return false
	}
	return unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}
