package content

import (
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark/util"
)

// LocalFile is the file a body's link or image destination names beside the body, as a
// browser reads it: escapes and entities decoded, the query and fragment cut, percent
// escapes decoded, "./" dropped ("zhaopian/xianchang.png" for "./zhaopian/xianchang.png#top").
// It is "" for a destination that names no file there: one with a scheme, one from the
// site's root or another host, a folder, or one that climbs out with "..".
func LocalFile(dest string) string {
	b := util.UnescapePunctuations([]byte(dest))
	b = util.ResolveNumericReferences(b)
	b = util.ResolveEntityNames(b)
	s := strings.TrimSpace(strings.ReplaceAll(string(b), "\\", "/"))
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if before, _, found := strings.Cut(s, ":"); found && !strings.Contains(before, "/") {
		return "" // a scheme
	}
	if unescaped, err := url.PathUnescape(s); err == nil {
		s = unescaped
	}
	if s == "" || strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/") {
		return ""
	}
	s = path.Clean(s)
	if s == "." || s == ".." || strings.HasPrefix(s, "../") {
		return ""
	}
	return s
}

// IsImageFile tells whether name has an extension the site shows as an image (jpg, jpeg,
// png), in any case.
func IsImageFile(name string) bool {
	return imageExts[strings.ToLower(path.Ext(name))]
}
