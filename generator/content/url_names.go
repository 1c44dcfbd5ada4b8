package content

import (
	"strconv"
	"strings"
)

// linkUnfit tells why the site's link to a file whose path has part would not reach it
// (a # or a %, which a URL reads as the start of a place in the page or of an escape), or
// "". Attachments and case images are published at their paths and linked as written.
func linkUnfit(part string) string {
	if i := strings.IndexAny(part, "#%"); i >= 0 {
		return "名称 " + strconv.Quote(part) + " 含有字符 '" + part[i:i+1] + "'：网址把 # 之后读作页内位置、把 % 读作编码，网站上指向这个文件的链接会打不开，请换用其他字符（如全角的 ＃ ％）"
	}
	return ""
}
