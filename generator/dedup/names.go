package dedup

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Names folds personal names so that writing tricks compare equal: widths and other
// compatibility forms (NFKC), case, traditional characters, and every space, invisible
// character and punctuation mark, middle dots of any kind included (阿依古丽·买买提,
// 阿依古丽•买买提 and 阿依古丽.买买提 are one name).
type Names struct{ nz *normalizer }

// NewNames builds the folding tables; a Names is safe for concurrent use.
func NewNames() *Names { return &Names{nz: sharedNormalizer()} }

// names is built once, on first use, and only read afterwards.
var names = sync.OnceValue(NewNames)

// FoldName is Fold with tables built once for the whole process.
func FoldName(name string) string { return names().Fold(name) }

// Fold returns the form of name that comparisons use.
func (n *Names) Fold(name string) string {
	if folded, ok := n.foldCommon(name); ok {
		return folded
	}
	return n.foldAny(name)
}

// foldAny is Fold of any name, character by character: NFKC, lower case, simplified,
// without invisible characters, spaces, punctuation, symbols and controls.
func (n *Names) foldAny(name string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(name) {
		if Invisible(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r) {
			continue
		}
		b.WriteRune(n.nz.simplify(unicode.ToLower(r)))
	}
	return b.String()
}

// foldCommon is Fold of a name of ideographs of U+4E00 to U+9FFF alone (ok false for any
// other), the names of nearly everyone: NFKC and lower case leave them as they are, and
// they are neither spaces nor marks, so that only traditional ones change. It returns
// name itself when none does, where Fold made a new string of each name (a third of the
// review rule's time at 10,000 submissions).
func (n *Names) foldCommon(name string) (string, bool) {
	changed := false
	for i := 0; i < len(name); i += 3 {
		c := name[i]
		if c < 0xE4 || c > 0xE9 || i+2 >= len(name) || name[i+1]&0xC0 != 0x80 || name[i+2]&0xC0 != 0x80 {
			return "", false // not a character of three bytes with these leads, whole: U+4000 to U+9FFF
		}
		r := rune(c&0x0F)<<12 | rune(name[i+1]&0x3F)<<6 | rune(name[i+2]&0x3F)
		if r < 0x4E00 {
			return "", false
		}
		changed = changed || n.nz.t2s[r] != 0
	}
	if !changed {
		return name, true
	}
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range name {
		b.WriteRune(n.nz.simplify(r))
	}
	return b.String(), true
}
