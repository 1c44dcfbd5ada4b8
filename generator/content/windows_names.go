package content

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// windowsUnfit tells why Windows cannot hold a path part (a device name such as con or
// com1, with or without an extension, a name ending in a dot or a space, or one with a
// character Windows reserves: < > : " | ? * or a control character), or "".
// Such a part passes on Linux, but every clone of the repository on Windows then fails
// to check out, and a build there would write to a device.
func windowsUnfit(part string) string {
	if strings.HasSuffix(part, ".") || strings.HasSuffix(part, " ") {
		return "名称 " + strconv.Quote(part) + " 以点或空格结尾，Windows 无法保存它（含这个文件的仓库在 Windows 上无法检出）：请去掉结尾的点或空格"
	}
	if i := strings.IndexFunc(part, windowsReserved); i >= 0 {
		r, _ := utf8.DecodeRuneInString(part[i:])
		return "名称 " + strconv.Quote(part) + " 含有字符 " + strconv.QuoteRune(r) + "：Windows 的文件名不能含有 < > : \" | ? * 和控制字符（含这个文件的仓库在 Windows 上无法检出），请换用其他字符，如中文标点"
	}
	if WindowsDevice(part) {
		return "名称 " + strconv.Quote(part) + " 是 Windows 的设备名，Windows 无法保存它（含这个文件的仓库在 Windows 上无法检出）：请换一个名称"
	}
	return ""
}

// WindowsDevice tells whether Windows takes name for a device (con, prn, aux, nul,
// com0-9, lpt0-9, in any case, with or without an extension), not a file or folder: no
// path part, code or file name made from a title may be one.
func WindowsDevice(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	switch stem = strings.ToLower(strings.TrimRight(stem, " ")); stem {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(stem) == 4 && (stem[:3] == "com" || stem[:3] == "lpt") && stem[3] >= '0' && stem[3] <= '9'
}

// windowsReserved tells whether Windows refuses r in a file or folder name.
func windowsReserved(r rune) bool {
	return r < 0x20 || strings.ContainsRune(`<>:"|?*`, r)
}
