package dedup

import "slices"

// fpset is what candidate search needs of one document: its distinct
// winnowed fingerprints, sorted.
type fpset []uint32

const (
	hashBase = 0x100000001b3 // odd multiplier of the rolling hash
	hashMix  = 0x9e3779b97f4a7c15
)

// gramHashes appends to dst the hash of every gramLen-gram of key.
func gramHashes(dst []uint32, key []rune) []uint32 {
	if len(key) < gramLen {
		return dst
	}
	var h uint64
	for i, r := range key {
		if i >= gramLen {
			h -= uint64(key[i-gramLen]) * seedTop
		}
		h = h*hashBase + uint64(r)
		if i >= gramLen-1 {
			dst = append(dst, uint32((h*hashMix)>>32))
		}
	}
	return dst
}

// winnow appends to dst the positions that robust winnowing selects from
// hashes: the minimum of every window of consecutive hashes (the rightmost
// one on ties), each selected position once, in increasing order. A text
// shorter than one window contributes the minimum of what it has.
func winnow(dst []int32, hashes []uint32) []int32 {
	if len(hashes) == 0 {
		return dst
	}
	w := min(window, len(hashes))
	return winnowRange(dst, hashes, w, 0, len(hashes)-w)
}

// winnowRange appends to dst, in increasing order and each once, the positions that
// the windows of w hashes starting at lo to hi select. A window selects its rightmost
// minimum whatever came before it, so that these are exactly the positions winnow
// selects from those windows.
func winnowRange(dst []int32, hashes []uint32, w, lo, hi int) []int32 {
	last := -1 // position of the current minimum
	for start := lo; start <= hi; start++ {
		end := start + w
		if last < start {
			// The minimum left the window: scan it again.
			last = start
			for i := start + 1; i < end; i++ {
				if hashes[i] <= hashes[last] {
					last = i
				}
			}
			dst = append(dst, int32(last))
		} else if hashes[end-1] <= hashes[last] {
			last = end - 1
			dst = append(dst, int32(last))
		}
	}
	return dst
}

// scratch is reusable working storage for fingerprinting.
type scratch struct {
	hashes []uint32
	pos    []int32
}

// fingerprint returns the sorted distinct fingerprints of one key sequence.
func fingerprint(key []rune, sc *scratch) fpset {
	sc.hashes = gramHashes(sc.hashes[:0], key)
	sc.pos = winnow(sc.pos[:0], sc.hashes)
	fp := make(fpset, len(sc.pos))
	for i, p := range sc.pos {
		fp[i] = sc.hashes[p]
	}
	slices.Sort(fp)
	return slices.Compact(fp)
}

// fingerprintAll fingerprints every doc, through the memo and the cache if they are
// set: the cache is opened only for the docs the memo does not have. The docs whose
// fingerprints the memo keeps as it read them (lazy) are left nil. seen is what it learnt
// of the docs it normalised, for verify.
func fingerprintAll(docs []Doc, nz *normalizer, memo *memoRun, opt Options) (prints []fpset, seen []seenText, err error) {
	prints = make([]fpset, len(docs))
	seen = make([]seenText, len(docs))
	var todo []int // the docs the memo does not have
	if memo != nil {
		for i := range docs {
			if memo.lazy(i) {
				continue
			}
			if fp, ok := memo.print(i); ok {
				prints[i] = fp
			} else {
				todo = append(todo, i)
			}
		}
	} else {
		todo = make([]int, len(docs))
		for i := range todo {
			todo[i] = i
		}
	}
	var c *cache
	var cacheErr error
	if opt.Cache != nil && len(todo) > 0 {
		some := make([]Doc, len(todo))
		for k, i := range todo {
			some[k] = docs[i]
		}
		c, cacheErr = openCache(opt.Cache, some, opt.Workers)
	}
	parallelWith(len(todo), opt.Workers, func() func(int) {
		var t text
		var sc scratch
		return func(k int) {
			if stopped(opt.Done) {
				return
			}
			i := todo[k]
			if c != nil {
				if fp, ok := c.get(k); ok {
					prints[i] = fp
					return
				}
			}
			nz.normalizeDoc(&docs[i], &t, false)
			seen[i] = seenOf(&t)
			prints[i] = fingerprint(t.key, &sc)
			if c != nil {
				c.put(k, prints[i])
			}
		}
	})
	if c != nil {
		if err := c.save(opt.Workers); err != nil && cacheErr == nil {
			cacheErr = err
		}
	}
	return prints, seen, cacheErr
}

// seenText is what fingerprintAll learnt of a doc it normalised, for verify: whether its
// key holds no flooding character (calm: verify need not look for them again, about a
// sixth of a normalisation), and its normalised text, two bytes a character, 0 for each
// character that is not in the key (function and flooding characters; norm is nil when a
// character of the key lies beyond the BMP). verify aligns a pair by the keys and works
// out its copy ratios from the key's places in the normalised texts: it normalises the
// texts again, for the byte offsets of the passages, only for a pair reaching the ratio
// (at 10k results, none of 52,000 at check's 0.2, 24,000 at dupes --min 0.01).
//
// Texts the cache or the memo gave were not normalised: verify learns those its pairs
// align (learnKeys), as it would otherwise normalise them with the offsets for every
// pair (every build but a machine's first goes through the cache).
type seenText struct {
	known bool // normalised: calm and norm are set
	calm  bool
	norm  []uint16
}

// seenOf is what t, a text just normalised, tells verify.
func seenOf(t *text) seenText {
	s := seenText{known: true, calm: !t.flooded}
	if !slices.ContainsFunc(t.key, func(r rune) bool { return r > 0xFFFF }) {
		s.norm = make([]uint16, t.n)
		for k, r := range t.key {
			s.norm[t.pos[k]] = uint16(r)
		}
	}
	return s
}

// keyOf sets t's key, its places and the length of the normalised text from s (not its
// byte offsets), and reports whether s has them.
func (s *seenText) keyOf(t *text) bool {
	if s.norm == nil {
		return false
	}
	n := len(s.norm)
	key := slices.Grow(t.key[:0], n)[:n]
	pos := slices.Grow(t.pos[:0], n)[:n]
	k := 0
	for j, u := range s.norm { // without a branch: the characters left out come at random
		key[k] = rune(u)
		pos[k] = int32(j)
		k += int((uint32(u) + 0xFFFF) >> 16) // 1 unless u is 0
	}
	t.key, t.pos, t.n = key[:k], pos[:k], n
	return true
}

// learnKeys normalises, without offsets, the texts of the pairs verify aligns (those the
// memo does not answer) that fingerprintAll did not normalise, and puts what they tell in
// seen.
func learnKeys(docs []Doc, seen []seenText, cands []cand, nz *normalizer, memo *memoRun, workers int, done <-chan struct{}) {
	want := make([]bool, len(docs))
	var todo []int
	for k, c := range cands {
		a, b := int(c.a), int(c.b)
		if (want[a] || seen[a].known) && (want[b] || seen[b].known) {
			continue
		}
		if _, found := memo.pair(k, a, b); found {
			continue
		}
		for _, i := range []int{a, b} {
			if !want[i] && !seen[i].known {
				want[i] = true
				todo = append(todo, i)
			}
		}
	}
	parallelWith(len(todo), workers, func() func(int) {
		var t text
		return func(k int) {
			if stopped(done) {
				return
			}
			i := todo[k]
			nz.normalizeDoc(&docs[i], &t, false)
			seen[i] = seenOf(&t)
		}
	})
}
