package content

import "strconv"

// MaxPathChars is the longest path below the repository's root (content/… included) that
// check accepts, in UTF-16 units as Windows counts them: Git for Windows, as installed,
// checks out no file whose whole path passes 260 (MAX_PATH), and a clone's own folder
// (C:\Users\…\Documents\…\) takes about 50 of them.
const MaxPathChars = 200

// pathTooLong tells why Windows cannot check out the file at p (root-relative), or "".
func pathTooLong(p string) string {
	if len(p) <= MaxPathChars { // a UTF-8 byte count is never below the UTF-16 one
		return ""
	}
	n := 0
	for _, r := range p {
		if n++; r > 0xFFFF {
			n++
		}
	}
	if n <= MaxPathChars {
		return ""
	}
	return "路径长 " + strconv.Itoa(n) + " 个字符，超过 " + strconv.Itoa(MaxPathChars) + " 个：Windows 上的 Git 无法检出这么长的路径（含这个文件的仓库在 Windows 上无法检出），请缩短文件名或少用几层文件夹"
}
