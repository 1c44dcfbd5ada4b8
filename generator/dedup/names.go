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
func NewNames() *Names { return &Names{nz: newNormalizer()} }

// names is built once, on first use, and only read afterwards.
var names = sync.OnceValue(NewNames)

// FoldName is Fold with tables built once for the whole process.
func FoldName(name string) string { return names().Fold(name) }

// Fold returns the form of name that comparisons use.
func (n *Names) Fold(name string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(name) {
		if Invisible(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r) {
			continue
		}
		b.WriteRune(n.nz.simplify(unicode.ToLower(r)))
	}
	return b.String()
}
