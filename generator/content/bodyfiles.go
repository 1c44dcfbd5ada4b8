package content

import (
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
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

// BodyImages is the files beside the body that its images name (LocalFile's readings of
// their destinations), in order, each once.
func BodyImages(body string) []string {
	if !strings.Contains(body, "![") {
		return nil
	}
	var names []string
	doc := Markdown().Parser().Parse(text.NewReader([]byte(body)))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			if name := LocalFile(string(img.Destination)); name != "" && !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
		return ast.WalkContinue, nil
	})
	return names
}

// PointFiles points the links and images under doc that name a file of files (LocalFile's
// reading of their destinations) at the address files gives it, keeping a fragment written
// after the name (#page=2) and dropping a query; it calls pointed, when set, with each
// node it changed.
func PointFiles(doc ast.Node, files map[string]string, pointed func(ast.Node)) {
	if len(files) == 0 {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch x := n.(type) {
		case *ast.Link:
			dest = &x.Destination
		case *ast.Image:
			dest = &x.Destination
		default:
			return ast.WalkContinue, nil
		}
		u, ok := files[LocalFile(string(*dest))]
		if !ok {
			return ast.WalkContinue, nil
		}
		if _, frag, found := strings.Cut(string(*dest), "#"); found {
			u += "#" + frag
		}
		*dest = []byte(u)
		if pointed != nil {
			pointed(n)
		}
		return ast.WalkContinue, nil
	})
}
