package content

import (
	"strconv"
	"strings"
)

// windowsUnfit tells why Windows cannot hold a path part (a device name such as con or
// com1, with or without an extension, or a name ending in a dot or a space), or "".
// Such a part passes on Linux, but every clone of the repository on Windows then fails
// to check out, and a build there would write to a device.
func windowsUnfit(part string) string {
	if strings.HasSuffix(part, ".") || strings.HasSuffix(part, " ") {
		return "名称 " + strconv.Quote(part) + " 以点或空格结尾，Windows 无法保存它（含这个文件的仓库在 Windows 上无法检出）：请去掉结尾的点或空格"
	}
	stem, _, _ := strings.Cut(part, ".")
	stem = strings.ToLower(strings.TrimRight(stem, " "))
	device := false
	switch stem {
	case "con", "prn", "aux", "nul":
		device = true
	default:
		device = len(stem) == 4 && (stem[:3] == "com" || stem[:3] == "lpt") && stem[3] >= '0' && stem[3] <= '9'
	}
	if device {
		return "名称 " + strconv.Quote(part) + " 是 Windows 的设备名，Windows 无法保存它（含这个文件的仓库在 Windows 上无法检出）：请换一个名称"
	}
	return ""
}
