package dedup

// The normaliser before its fast path, kept as the reference it must agree with.

// normalizeRef is normalize as it was before its fast path for runs of common
// characters (the reference FuzzNormalize and TestNormalizeMatchesRef compare it with).
func (nz *normalizer) normalizeRef(s string, t *text, offsets bool) {
	t.key, t.pos, t.start, t.end, t.n = t.key[:0], t.pos[:0], t.start[:0], t.end[:0], 0
	emit := func(r rune, from, to int) { nz.emit(t, r, from, to, offsets) }
	// Each rune waits for the next one: a combining mark after it would
	// need NFKC of both. Runes that need NFKC are gathered into a stretch.
	pend, pendAt, pendClass := rune(0), -1, 0
	slowAt := -1
	for i, r := range s {
		c := class(r)
		if slowAt >= 0 {
			if c == slowRune {
				continue
			}
			nz.slow(&t.iter, s[slowAt:i], slowAt, emit)
			slowAt = -1
		} else if pendAt >= 0 {
			if c == slowRune {
				slowAt, pendAt = pendAt, -1
				continue
			}
			nz.fastRef(t, pend, pendClass, pendAt, i, offsets)
		}
		if c == slowRune {
			slowAt, pendAt = i, -1
		} else {
			pend, pendAt, pendClass = r, i, c
		}
	}
	if slowAt >= 0 {
		nz.slow(&t.iter, s[slowAt:], slowAt, emit)
	} else if pendAt >= 0 {
		nz.fastRef(t, pend, pendClass, pendAt, len(s), offsets)
	}
	t.dropFlooding()
}

// fastRef emits a rune that needs no NFKC.
func (nz *normalizer) fastRef(t *text, r rune, c, from, to int, offsets bool) {
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
