package rules

import (
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"wuxiao/generator/diag"
)

// checkPathTwins finds files whose paths differ only in letter case or in the Unicode
// form of a character (é as one code point or as e and an accent): Windows and macOS
// hold them as one file, so a clone of the repository there keeps one of the two, and
// git shows the other as changed. Two such paths cannot both be what twinKey makes of
// them, so only the paths that are not their own key are looked at: none, usually.
func checkPathTwins(ctx *Context, out *diag.List) {
	t := ctx.Tree
	var odd [][2]string // path, twinKey
	for p := range t.Files {
		if k := twinKey(p); k != p {
			odd = append(odd, [2]string{p, k})
		}
	}
	slices.SortFunc(odd, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	seen := map[string]string{} // twinKey → the first odd path with it
	for _, o := range odd {
		p, k := o[0], o[1]
		twin, ok := seen[k]
		if !ok {
			if _, plain := t.Files[k]; plain {
				twin, ok = k, true
			}
		}
		if !ok {
			seen[k] = p
			continue
		}
		if norm.NFC.String(p) == norm.NFC.String(twin) {
			out.Errorf(diag.FileStart(p), "path", "文件 %s 与 %s 看起来相同，只是其中的字用了不同的编码（Unicode 的组合与分解形式，多见于从苹果电脑复制的文件名）：Windows 和 macOS 把它们当作同一个文件，仓库在那里检出后只剩一个；请删去其中一个，或重新输入它的文件名", p, twin)
		} else {
			out.Errorf(diag.FileStart(p), "path", "文件 %s 与 %s 只差字母大小写：Windows 和 macOS 把它们当作同一个文件，仓库在那里检出后只剩一个；请给其中一个改名", p, twin)
		}
	}
}

// twinKey is p as a file system that ignores letter case and Unicode forms sees it:
// lower case, composed (NFC). A path of lower-case ASCII is its own key, unchanged.
func twinKey(p string) string {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c >= 0x80 || c >= 'A' && c <= 'Z' {
			return norm.NFC.String(strings.ToLower(norm.NFD.String(p)))
		}
	}
	return p
}
