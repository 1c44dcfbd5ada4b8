// Package dedup finds the passages that documents copy from each other, even through wording tricks.
//
// Texts are normalised first (invisible characters removed, NFKC, lower case,
// traditional characters simplified, whitespace, punctuation, symbols and
// common function characters dropped), with a map back to the original bytes.
// Each text is fingerprinted by winnowing (Schleimer, Wilkerson, Aiken 2003)
// over character 5-grams with a window of 9, so that every shared run of 13 or
// more characters yields a shared fingerprint. An inverted index of the
// fingerprints, with the very common ones stop-listed, proposes candidate
// pairs; each candidate is then aligned exactly (greedy seed-and-extend, with
// neighbouring matches merged across small gaps) into shared passages.
package dedup

import (
	"errors"
	"fmt"
	"hash"
	"runtime"
)

// Doc is one text to compare. Text is the original UTF-8 text; all offsets
// reported for it are byte offsets into Text.
type Doc struct {
	ID   string
	Text string
	// Parts, when not nil, are the text instead of Text: the text is them joined by
	// newlines, and offsets are into that, but it is never made (a submission's title,
	// summary and body would be copied for it and kept while Find runs: 175 MB at
	// 100,000 results).
	Parts []string
	// Key, when not zero, names the text for a Memo, which then takes it for the hash of
	// the text it would make: documents given one Key must have one text, and a Key must
	// be made so as to be no text's hash (wuxiao build --cache makes it of the hash of
	// the submission's file, where hashing every text read 30 MB at 10,000 results).
	Key [16]byte
}

// hash writes d's text to h through buf.
func (d *Doc) hash(h hash.Hash, buf []byte) {
	if d.Parts == nil {
		hashText(h, buf, d.Text)
		return
	}
	for k, p := range d.Parts {
		if k > 0 {
			h.Write([]byte{'\n'})
		}
		hashText(h, buf, p)
	}
}

// Passage is one stretch of text shared by two documents, as byte ranges
// [AStart, AEnd) in the first document's text and [BStart, BEnd) in the
// second's. A passage may bridge small differences (substituted or inserted
// words) between runs that match exactly.
type Passage struct {
	AStart, AEnd int
	BStart, BEnd int
}

// Pair reports two documents that share passages.
type Pair struct {
	A, B int // indexes into the docs given to Find, A < B

	// CoverA and CoverB are the shares (0..1) of each document's normalised
	// text covered by the shared passages: CoverB is the copy ratio of B
	// against A, CoverA that of A against B.
	CoverA, CoverB float64

	Passages []Passage // sorted by position in B
	Longest  int       // normalised characters of the longest passage
}

// Options tune Find. The zero value is usable.
type Options struct {
	// MinRatio is the least copy ratio (CoverA or CoverB) a pair must reach
	// to be reported; 0 means 0.1.
	MinRatio float64

	// Cache, if not nil, keeps each text's fingerprints, keyed by a hash of
	// the text, so that checking a corpus again after a few files changed
	// costs little.
	Cache Store

	// Memo, if not nil, keeps what the run worked out (fingerprints, the
	// candidate search, the outcome of every pair compared) for the next run,
	// which then redoes only what the texts that changed reach (see Memo).
	Memo *Memo

	// Done, if not nil, stops the run once closed: Find then returns ErrStopped.
	Done <-chan struct{}

	// Workers is the number of goroutines used; 0 means GOMAXPROCS.
	Workers int

	// MaxDF makes fingerprints found in more than this many documents
	// boilerplate: they neither propose candidates nor count as evidence of
	// copying. 0 means 2% of the documents, at least 16.
	MaxDF int
}

const (
	gramLen    = 5  // characters per n-gram
	window     = 9  // winnowing window, in n-grams
	minPassage = 13 // least matched characters of a reported passage: gramLen+window-1
	maxGap     = 8  // characters a passage may bridge between exact matches
)

func (o Options) withDefaults() (Options, error) {
	if o.MinRatio == 0 {
		o.MinRatio = 0.1
	}
	if o.MinRatio < 0 || o.MinRatio > 1 {
		return o, fmt.Errorf("dedup: MinRatio %v outside 0..1", o.MinRatio)
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.MaxDF < 0 {
		return o, fmt.Errorf("dedup: MaxDF %d < 0", o.MaxDF)
	}
	if o.MaxDF == 1 {
		o.MaxDF = 2
	}
	return o, nil
}

// ErrStopped is Find's error when Options.Done was closed.
var ErrStopped = errors.New("dedup: stopped")

// stopped reports whether done is closed.
func stopped(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// Find returns the pairs of docs whose copy ratio in either direction
// reaches opt.MinRatio, sorted by A then B.
//
// A non-nil error with a non-nil result means only that the fingerprint
// cache could not be read or written; the pairs are complete regardless.
// With a memo, the pairs' passages are the memo's: read them, do not change them.
func Find(docs []Doc, opt Options) ([]Pair, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	nz := sharedNormalizer()
	memo := opt.Memo.begin(docs, opt.Workers)
	defer func() { memo.end(stopped(opt.Done)) }()
	prints, seen, cacheErr := fingerprintAll(docs, nz, memo, opt)
	if stopped(opt.Done) {
		return nil, ErrStopped
	}
	srch := memo.search(prints, opt)
	if stopped(opt.Done) {
		return nil, ErrStopped
	}
	pairs := verify(docs, seen, srch.cands, srch.ix.stop, nz, memo, opt)
	if stopped(opt.Done) {
		return nil, ErrStopped
	}
	if cacheErr != nil {
		return pairs, fmt.Errorf("dedup: fingerprint cache: %w", cacheErr)
	}
	return pairs, nil
}
